-- The last rows that are read, changed and written back get a version number, so that of two changes made at once
-- the second is refused (and retried or reported) instead of silently overwriting the first:
--  * a tenant connection: its sealed token cache is rewritten by every token refresh, by a new sign-in and when it is
--    parked; a refresh that read the cache before a new sign-in must not write the old account's tokens back;
--  * a consent request: the customer's administrator answering and staff dismissing it at the same moment;
--  * a plugin installation: a scan, an approval and enable/disable at the same moment (row_version: its version
--    column is the plugin's own);
--  * a plugin job's state (runs are claimed one at a time; the version makes the claim's promise checkable).
ALTER TABLE tenant_connection ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE consent_request ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE plugin_install ADD COLUMN row_version BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE plugin_job_state ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
