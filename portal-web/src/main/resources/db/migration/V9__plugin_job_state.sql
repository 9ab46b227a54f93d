-- The last run of each plugin job in each tenant: when, how it ended, how far it got.
CREATE TABLE plugin_job_state (
    job_id       VARCHAR(80)   NOT NULL,
    tenant_id    VARCHAR(64)   NOT NULL,
    plugin_id    VARCHAR(40)   NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE,
    finished_at  TIMESTAMP WITH TIME ZONE,
    outcome      VARCHAR(16),
    message      VARCHAR(1000),
    PRIMARY KEY (job_id, tenant_id)
);
