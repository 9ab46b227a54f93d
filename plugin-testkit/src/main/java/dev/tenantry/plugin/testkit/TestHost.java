package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
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

    /**
     * A host offering these services (memory fakes, {@link EmulatorGraphAccess}, or the test's own). A
     * {@link MemoryRecords} among them is {@linkplain MemoryRecords#seenThrough seen through} the
     * {@link PluginTenants} and the {@link PortalUser} among them, as the host's records are through the tenants the
     * plugin works in and the person of the request (one given alone is told alone; what it was told of the other
     * stays).
     */
    public static TestHost with(Object... services) {
        List<Object> all = List.of(services);
        PluginTenants tenants = one(all, PluginTenants.class);
        PortalUser person = one(all, PortalUser.class);
        if (tenants != null || person != null) {
            all.stream().filter(MemoryRecords.class::isInstance)
                    .forEach(records -> ((MemoryRecords) records).seenThroughWhatIsGiven(tenants, person));
        }
        return new TestHost(all);
    }

    private static <S> S one(List<Object> services, Class<S> type) {
        List<S> fitting = services.stream().filter(type::isInstance).map(type::cast).toList();
        return fitting.size() == 1 ? fitting.get(0) : null;
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
