/**
 * Local emulator of the Microsoft identity platform (v2.0 endpoints) and of the Microsoft Graph subset Tenantry uses,
 * so that MSAL4J and the Graph SDK run unchanged against it in the demo and in tests.
 *
 * <p>Owns its own HTTP server, state and seed data. Must not depend on the portal or be packaged into the production
 * EAR; the portal reaches it only through configured base URLs, exactly as it reaches Microsoft in production.
 */
package dev.tenantry.emulator;
