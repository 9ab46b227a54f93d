package dev.tenantry.plugin.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A plugin test against the M365 emulator, in the test's own JVM: one emulator for the test class, started before its
 * first test and stopped after its last, and reset to its seeded demo tenants before each test, so tests are
 * independent. Test and lifecycle methods take it as a parameter:
 *
 * <pre>{@code
 * @EmulatorTest
 * class HelloTest {
 *     @Test
 *     void readsTheProfile(M365Emulator emulator) throws Exception {
 *         EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator)
 *                 .grant("hello.profile", "contoso.example", "megan.bowen@contoso.example", false, List.of("User.Read"));
 *         …
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EmulatorExtension.class)
public @interface EmulatorTest {
}
