-- NEEDS_REAUTHENTICATION did not fit the connection state column.
ALTER TABLE tenant_connection ALTER COLUMN state SET DATA TYPE VARCHAR(30);
