package dev.tenantry.portal.access;

import java.util.Set;

/**
 * Portal permissions added at run time (by running plugins): Owners hold them all, and custom roles may be made of
 * them.
 */
public interface ContributedPermissions {

    Set<String> contributed();
}
