package dev.tenantry.plugin.testkit;

import dev.tenantry.emulator.M365Emulator;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 side of {@link EmulatorTest}: the emulator lives in the test class's store (closed with it) and is reset
 * before each test.
 */
public final class EmulatorExtension implements BeforeEachCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(EmulatorExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == M365Emulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return emulator(context);
    }

    private static M365Emulator emulator(ExtensionContext context) {
        ExtensionContext owner = context.getTestClass().isPresent() ? classContext(context) : context;
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> new Running(
                M365Emulator.builder().start()), Running.class).emulator();
    }

    /** The context of the outermost test class, so nested classes share its emulator. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext owner = context;
        while (owner.getParent().isPresent() && owner.getParent().get().getTestClass().isPresent()) {
            owner = owner.getParent().get();
        }
        return owner;
    }

    /** Closed by JUnit when the test class's store goes. */
    private record Running(M365Emulator emulator) implements ExtensionContext.Store.CloseableResource {

        @Override
        public void close() {
            emulator.close();
        }
    }
}
