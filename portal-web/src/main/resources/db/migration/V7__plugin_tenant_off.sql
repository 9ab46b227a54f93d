-- A plugin switched off for one tenant: its tenant pages, actions and jobs do not run there, and nothing is asked of
-- that tenant for it. Enabled everywhere else it is enabled installation-wide.
CREATE TABLE plugin_tenant_off (
    plugin_id       VARCHAR(40)  NOT NULL REFERENCES plugin_install (id) ON DELETE CASCADE,
    tenant_id       VARCHAR(64)  NOT NULL,
    switched_off_by VARCHAR(320) NOT NULL,
    switched_off_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (plugin_id, tenant_id)
);
