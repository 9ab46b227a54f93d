-- Personal API tokens: only a SHA-256 hash of the secret is kept (the secret is shown once, when created). A token acts
-- for its owner, limited to the permissions listed here, until it expires or is revoked.
CREATE TABLE api_token (
    id           VARCHAR(36)   PRIMARY KEY,
    name         VARCHAR(100)  NOT NULL,
    owner        VARCHAR(320)  NOT NULL,
    owner_groups VARCHAR(4000),
    permissions  VARCHAR(2000) NOT NULL,
    secret_hash  VARCHAR(64)   NOT NULL UNIQUE,
    hint         VARCHAR(8)    NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    revoked_by   VARCHAR(320)
);

CREATE INDEX api_token_owner ON api_token (owner, created_at);
