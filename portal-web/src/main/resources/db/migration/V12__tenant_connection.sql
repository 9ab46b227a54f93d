-- How Tenantry acts in a customer tenant: a delegated connection (an integration account signed in through Tenantry,
-- its MSAL token cache sealed) or an application connection (admin consent, client credentials).
CREATE TABLE tenant_connection (
    tenant_id          VARCHAR(64)     NOT NULL,
    kind               VARCHAR(12)     NOT NULL,
    state              VARCHAR(20)     NOT NULL,
    account            VARCHAR(320),
    home_account_id    VARCHAR(300),
    granted            VARCHAR(8000),
    token_cache_sealed VARCHAR(262144),
    reason             VARCHAR(1000),
    connected_by       VARCHAR(320),
    connected_at       TIMESTAMP WITH TIME ZONE,
    last_used_at       TIMESTAMP WITH TIME ZONE,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, kind)
);

-- One authorization request in flight: single use, bound to who started it, expiring; the PKCE verifier sealed.
CREATE TABLE consent_attempt (
    state_hash     VARCHAR(64)    NOT NULL PRIMARY KEY,
    tenant_id      VARCHAR(64)    NOT NULL,
    kind           VARCHAR(12)    NOT NULL,
    resource       VARCHAR(40)    NOT NULL,
    scopes         VARCHAR(4000)  NOT NULL,
    scope_set_ids  VARCHAR(2000)  NOT NULL,
    verifier_sealed VARCHAR(1000),
    started_by     VARCHAR(320)   NOT NULL,
    return_to      VARCHAR(500),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at        TIMESTAMP WITH TIME ZONE
);
