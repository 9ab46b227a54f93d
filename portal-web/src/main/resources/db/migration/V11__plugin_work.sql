-- Long work staff started from plugins (bulk changes, exports, scans on demand), with its progress.
CREATE TABLE plugin_work (
    id               VARCHAR(36)   NOT NULL PRIMARY KEY,
    plugin_id        VARCHAR(40)   NOT NULL,
    title            VARCHAR(200)  NOT NULL,
    tenant_id        VARCHAR(64),
    started_by       VARCHAR(320)  NOT NULL,
    state            VARCHAR(16)   NOT NULL,
    done_steps       INTEGER       NOT NULL,
    total_steps      INTEGER       NOT NULL,
    message          VARCHAR(1000),
    cancel_requested BOOLEAN       NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE
);

CREATE INDEX plugin_work_of_user ON plugin_work (started_by, started_at);
