-- Four eyes: an action that needs a second person waits here until approved (then runs once), rejected or expired.
CREATE TABLE approval_request (
    id            VARCHAR(36)   PRIMARY KEY,
    action        VARCHAR(128)  NOT NULL,
    tenant_id     VARCHAR(64),
    parameters    VARCHAR(8000) NOT NULL,
    summary       VARCHAR(500)  NOT NULL,
    reason        VARCHAR(2000) NOT NULL,
    requested_by  VARCHAR(320)  NOT NULL,
    requested_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    decided_by    VARCHAR(320),
    decided_at    TIMESTAMP WITH TIME ZONE,
    decision_note VARCHAR(2000),
    outcome       VARCHAR(2000)
);

CREATE INDEX approval_request_status ON approval_request (status, requested_at);
