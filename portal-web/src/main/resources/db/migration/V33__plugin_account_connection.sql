-- A plugin may declare accounts of its own that sign in to a tenant as themselves (a service account that provisions
-- teams): their connections are kept beside the tenant's integration account, keyed DELEGATED:<account id>.
ALTER TABLE tenant_connection ALTER COLUMN kind SET DATA TYPE VARCHAR(120);
ALTER TABLE consent_attempt ALTER COLUMN kind SET DATA TYPE VARCHAR(120);
