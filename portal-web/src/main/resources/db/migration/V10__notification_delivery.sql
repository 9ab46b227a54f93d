-- Mail and webhooks queued for delivery, and what became of each: the delivery log of Settings → Notifications.
CREATE TABLE notification_delivery (
    id              VARCHAR(36)    NOT NULL PRIMARY KEY,
    plugin_id       VARCHAR(40)    NOT NULL,
    channel         VARCHAR(8)     NOT NULL,
    target          VARCHAR(4000)  NOT NULL,
    subject         VARCHAR(300),
    body            VARCHAR(262144) NOT NULL,
    -- webhook signing secret, sealed (AES-GCM, key id inside); never the secret itself
    secret_sealed   VARCHAR(1000),
    state           VARCHAR(10)    NOT NULL,
    attempts        INTEGER        NOT NULL,
    requested_by    VARCHAR(320),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_attempt_at TIMESTAMP WITH TIME ZONE,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(1000)
);

CREATE INDEX notification_delivery_due ON notification_delivery (state, next_attempt_at);
CREATE INDEX notification_delivery_recent ON notification_delivery (created_at);
