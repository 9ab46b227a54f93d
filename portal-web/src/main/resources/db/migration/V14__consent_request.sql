-- Consent someone asked for and could not give: it needs the customer's administrator, or consent management.
CREATE TABLE consent_request (
    id               VARCHAR(36)    NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(64)    NOT NULL,
    scope_set_ids    VARCHAR(2000)  NOT NULL,
    permissions      VARCHAR(4000)  NOT NULL,
    reason           VARCHAR(20)    NOT NULL,
    state            VARCHAR(12)    NOT NULL,
    requested_by     VARCHAR(320)   NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    link_state_hash  VARCHAR(64),
    link_expires_at  TIMESTAMP WITH TIME ZONE,
    decided_by       VARCHAR(320),
    decided_at       TIMESTAMP WITH TIME ZONE
);

CREATE INDEX consent_request_open ON consent_request (state, tenant_id);
CREATE INDEX consent_request_link ON consent_request (link_state_hash);
