package dev.tenantry.portal.signin;

import jakarta.security.enterprise.credential.Credential;

/** A completed sign-in, handed to the authentication mechanism to establish the caller. */
record StaffCredential(SignedInStaff staff) implements Credential {
}
