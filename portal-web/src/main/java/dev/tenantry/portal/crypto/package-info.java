/** Secrets at rest: encryption with keys from configuration, each value naming the key it was sealed with. */
package dev.tenantry.portal.crypto;
