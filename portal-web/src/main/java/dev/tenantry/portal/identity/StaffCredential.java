package dev.tenantry.portal.identity;

import jakarta.security.enterprise.credential.Credential;

/** A completed sign-in, handed to {@link StaffAuthenticationMechanism} to establish the caller. */
record StaffCredential(SignedInStaff staff) implements Credential {
}
