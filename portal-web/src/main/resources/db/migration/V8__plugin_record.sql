-- Plugins' own records, kept by the host: each belongs to one plugin and to one tenant ('' for installation-wide).
CREATE TABLE plugin_record (
    plugin_id  VARCHAR(40)   NOT NULL,
    tenant_id  VARCHAR(64)   NOT NULL,
    kind       VARCHAR(64)   NOT NULL,
    record_key VARCHAR(200)  NOT NULL,
    body       VARCHAR(65536) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (plugin_id, tenant_id, kind, record_key)
);

CREATE INDEX plugin_record_recent ON plugin_record (plugin_id, tenant_id, kind, updated_at);
