-- Tenantry's own RBAC: roles are named sets of portal permissions (<area>:<verb>); plugins add roles at run time.
CREATE TABLE portal_role (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(100) NOT NULL UNIQUE,
    description VARCHAR(500),
    built_in    BOOLEAN      NOT NULL,
    source      VARCHAR(100) NOT NULL
);

CREATE TABLE role_permission (
    role_id    VARCHAR(64)  NOT NULL REFERENCES portal_role (id) ON DELETE CASCADE,
    permission VARCHAR(128) NOT NULL,
    PRIMARY KEY (role_id, permission)
);

-- Who holds a role where: a staff user (UPN) or an MSP Entra group (object id), for all tenants or listed ones.
CREATE TABLE role_assignment (
    id             VARCHAR(36)   PRIMARY KEY,
    principal_type VARCHAR(8)    NOT NULL,
    principal      VARCHAR(320)  NOT NULL,
    role_id        VARCHAR(64)   NOT NULL REFERENCES portal_role (id),
    scope_kind     VARCHAR(8)    NOT NULL,
    scope_values   VARCHAR(4000),
    created_by     VARCHAR(320)  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX role_assignment_principal ON role_assignment (principal_type, principal);

INSERT INTO portal_role (id, name, description, built_in, source) VALUES
    ('owner', 'Owner', 'Everything, including granting Owner.', TRUE, 'core'),
    ('administrator', 'Administrator', 'Manages tenants, access and consent; reads the audit log.', TRUE, 'core'),
    ('technician', 'Technician', 'Works in the tenants assigned to them.', TRUE, 'core'),
    ('read-only', 'Read-only', 'Sees tenants and the audit log; changes nothing.', TRUE, 'core');

INSERT INTO role_permission (role_id, permission) VALUES
    ('owner', 'tenants:read'), ('owner', 'tenants:manage'), ('owner', 'rbac:manage'), ('owner', 'rbac:grant-owner'),
    ('owner', 'consent:manage'), ('owner', 'audit:read'), ('owner', 'approvals:decide'),
    ('administrator', 'tenants:read'), ('administrator', 'tenants:manage'), ('administrator', 'rbac:manage'),
    ('administrator', 'consent:manage'), ('administrator', 'audit:read'), ('administrator', 'approvals:decide'),
    ('technician', 'tenants:read'),
    ('read-only', 'tenants:read'), ('read-only', 'audit:read');
