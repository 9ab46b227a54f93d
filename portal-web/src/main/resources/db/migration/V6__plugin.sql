-- Installed plugins and what an administrator approved of each: the manifest as approved, so an upgrade that asks for
-- more (scope sets, roles) waits for a new review. Whether a jar currently fails to load is not stored: it is a fact
-- about the file in the plugins folder, found again at every scan.
CREATE TABLE plugin_install (
    id                VARCHAR(40)    PRIMARY KEY,
    version           VARCHAR(64)    NOT NULL,
    display_name      VARCHAR(80)    NOT NULL,
    status            VARCHAR(16)    NOT NULL,
    approved_version  VARCHAR(64),
    approved_manifest VARCHAR(200000),
    approved_by       VARCHAR(320),
    approved_at       TIMESTAMP WITH TIME ZONE,
    discovered_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Managing plugins is a host permission of Owners and Administrators.
INSERT INTO role_permission (role_id, permission) VALUES ('owner', 'plugins:manage'), ('administrator', 'plugins:manage');
