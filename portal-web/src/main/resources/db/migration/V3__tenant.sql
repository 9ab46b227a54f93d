-- Customer tenants Tenantry manages. The id is the tenant's Entra tenant id.
CREATE TABLE tenant (
    id             VARCHAR(36)   PRIMARY KEY,
    display_name   VARCHAR(256)  NOT NULL,
    primary_domain VARCHAR(256)  NOT NULL,
    tags           VARCHAR(1000),
    notes          VARCHAR(4000),
    status         VARCHAR(16)   NOT NULL,
    added_by       VARCHAR(320)  NOT NULL,
    added_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX tenant_display_name ON tenant (display_name);
