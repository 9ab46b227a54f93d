-- An approval pins the jar's bytes, not only its manifest: a jar replaced in place, whatever its version, waits for
-- review. jar_sha256 is the digest of the jar the last scan found, approved_sha256 the digest of the jar approved.
ALTER TABLE plugin_install ADD COLUMN jar_sha256 VARCHAR(64);
ALTER TABLE plugin_install ADD COLUMN approved_sha256 VARCHAR(64);

-- Installing plugins and approving their code is for Owners only (an approved plugin runs with Tenantry's reach).
INSERT INTO role_permission (role_id, permission) VALUES ('owner', 'plugins:install');
