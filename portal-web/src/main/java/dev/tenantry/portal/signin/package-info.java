/**
 * Staff sign-in: MSP staff authenticate with their Entra account of the MSP's own tenant over OpenID Connect
 * (authorization code with PKCE, {@code state} and {@code nonce}) through MSAL4J, against the M365 emulator by default
 * and Microsoft by configuration. Owns the sign-in attempt, the session's lifetime and sign-out, each audited; decides
 * nothing about what a signed-in person may do beyond the portal-wide {@code staff} and {@code owner} roles.
 */
package dev.tenantry.portal.signin;
