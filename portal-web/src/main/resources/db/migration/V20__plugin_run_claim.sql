-- Runs that must not overlap (a plugin's poll of a tenant, a job's run in a tenant), whoever starts them and on
-- whichever server: a row is the claim, held until given back or until its lease runs out (a server that stopped).
-- claim_id is plugin id, tenant id and key joined by '|': one primary key is what makes a second insert fail.
CREATE TABLE plugin_run_claim (
    claim_id    VARCHAR(240) PRIMARY KEY,
    plugin_id   VARCHAR(64)  NOT NULL,
    tenant_id   VARCHAR(64)  NOT NULL,
    run_key     VARCHAR(100) NOT NULL,
    holder      VARCHAR(36)  NOT NULL,
    claimed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_until TIMESTAMP WITH TIME ZONE NOT NULL
);
