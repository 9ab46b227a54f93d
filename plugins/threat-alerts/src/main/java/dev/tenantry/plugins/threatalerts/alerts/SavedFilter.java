package dev.tenantry.plugins.threatalerts.alerts;

import java.io.Serializable;

/** An inbox filter a member of staff saved under a name: tenant, severity, state, detection type and user. */
public record SavedFilter(String name, String tenant, String severity, String state, String type, String user)
        implements Serializable {

    public static final int MAX_NAME = 60;
}
