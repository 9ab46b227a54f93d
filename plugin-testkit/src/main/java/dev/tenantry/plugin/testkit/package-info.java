/**
 * What a plugin's own tests use (test scope), built-in or a partner's: {@link dev.tenantry.plugin.testkit.EmulatorTest}
 * runs the M365 emulator in the test's JVM; {@link dev.tenantry.plugin.testkit.EmulatorGraphAccess} is the plugin's
 * {@code GraphAccess} against it through the real OAuth code flow, holding tokens for exactly the scope sets a test
 * granted and letting Microsoft's refusals out as the host's gateway does; {@code Memory*} classes fake every other
 * host service; {@link dev.tenantry.plugin.testkit.TestHost} fills a plugin object's {@code @HostService} fields with
 * them; {@link dev.tenantry.plugin.testkit.PluginContract} checks the plugin's code against its manifest and that it
 * imports nothing of the host; {@link dev.tenantry.plugin.testkit.RecordQueryContract} holds every
 * {@code PluginRecords} that answers queries, the host's and {@link dev.tenantry.plugin.testkit.MemoryRecords}, to
 * the same behaviour. Never on a running portal's class path.
 */
package dev.tenantry.plugin.testkit;
