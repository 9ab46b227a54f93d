package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.HostService;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a plugin object's {@link HostService} fields with the services a test gives, as the host fills them when it
 * creates the object: each field takes the one service assignable to its type. A field no service fits fails with its
 * name, so a test never runs with a host service missing.
 *
 * <pre>{@code
 * HelloGreeting greeting = TestHost.with(user, audit, records, graph).fill(new HelloGreeting());
 * }</pre>
 */
public final class TestHost {

    private final List<Object> services;

    private TestHost(List<Object> services) {
        this.services = services;
    }

    /** A host offering these services (memory fakes, {@link EmulatorGraphAccess}, or the test's own). */
    public static TestHost with(Object... services) {
        return new TestHost(List.of(services));
    }

    /** Fills every empty {@link HostService} field of {@code target} (its superclasses' too); returns it. */
    public <T> T fill(T target) {
        for (Class<?> type = target.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.isAnnotationPresent(HostService.class) && !Modifier.isStatic(field.getModifiers())) {
                    set(target, field);
                }
            }
        }
        return target;
    }

    private void set(Object target, Field field) {
        List<Object> fitting = new ArrayList<>();
        services.stream().filter(field.getType()::isInstance).forEach(fitting::add);
        if (fitting.size() != 1) {
            throw new IllegalStateException(field.getDeclaringClass().getSimpleName() + "." + field.getName()
                    + " needs one " + field.getType().getSimpleName() + ", the test gave " + fitting.size());
        }
        try {
            field.setAccessible(true);
            if (field.get(target) == null) {
                field.set(target, fitting.get(0));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot fill " + field.getName(), e);
        }
    }
}
