/**
 * Mail the emulated tenants send through Graph's {@code sendMail}: every message is kept for tests to read (in Java
 * through {@link dev.tenantry.emulator.M365Emulator#sentMail()}, over HTTP at {@code /emulator/mail}) and delivered to
 * the inbox of any recipient who is a user of an emulated tenant. Sends nothing anywhere else, ever.
 */
package dev.tenantry.emulator.mail;
