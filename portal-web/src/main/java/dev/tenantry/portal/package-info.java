/**
 * The Tenantry host. Packages are by feature ({@code shell}, {@code system}, and later {@code tenant}, {@code access},
 * {@code consent}, …), each with its own {@code internal}, {@code web} and {@code rest} parts where it needs them.
 *
 * <p>This package holds only what every feature shares: the message bundle.
 */
package dev.tenantry.portal;
