-- Staff are known by their Entra object id (oid), which never changes and is never reused; the user principal name is
-- how they are shown and what older records name, bound to one object id at a time. The groups are those of their
-- last sign-in: what an API token of theirs acts through, for as long as that sign-in is recent enough.
CREATE TABLE staff_member (
    object_id           VARCHAR(64)   PRIMARY KEY,
    user_principal_name VARCHAR(320)  NOT NULL UNIQUE,
    display_name        VARCHAR(256),
    member_groups       VARCHAR(8000),
    groups_overage      BOOLEAN       NOT NULL,
    first_sign_in       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_sign_in        TIMESTAMP WITH TIME ZONE NOT NULL,
    version             BIGINT        NOT NULL
);
