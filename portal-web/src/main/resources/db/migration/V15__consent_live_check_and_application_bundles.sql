-- The last live reading of what a tenant granted Tenantry (its service principal's oauth2PermissionGrants and
-- appRoleAssignments), compared with what the features working there need.
CREATE TABLE consent_check (
    tenant_id         VARCHAR(64)     NOT NULL PRIMARY KEY,
    checked_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome           VARCHAR(20)     NOT NULL,
    missing           VARCHAR(4000),
    excess            VARCHAR(4000),
    degraded          VARCHAR(4000),
    delegated_live    VARCHAR(8000),
    application_live  VARCHAR(8000),
    disagreements     VARCHAR(8000),
    problem           VARCHAR(1000),
    checked_by        VARCHAR(320)    NOT NULL
);

-- The application permissions a tenant's administrator consented to, as numbered bundles: a plugin that needs one
-- more makes the next bundle, which the tenant sees as "re-consent needed" with the difference.
CREATE TABLE application_bundle (
    tenant_id        VARCHAR(64)     NOT NULL,
    version          INTEGER         NOT NULL,
    permissions      VARCHAR(4000)   NOT NULL,
    state            VARCHAR(12)     NOT NULL,
    offered_by       VARCHAR(320)    NOT NULL,
    offered_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    link_state_hash  VARCHAR(64),
    link_expires_at  TIMESTAMP WITH TIME ZONE,
    decided_at       TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (tenant_id, version)
);

CREATE INDEX application_bundle_link ON application_bundle (link_state_hash);
