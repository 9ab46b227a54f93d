-- Plugin records a plugin lists across tenants carry the values of the fields their kind declares (plugin-api
-- RecordKind) in typed columns, so that filters, orders, counts and pages run in the database within the tenants a
-- person may see: six text, four number and three time columns per row; which field of which plugin's kind sits in
-- which column is kept in plugin_record_field (fields are added, never retyped). Bodies may hold 1 MiB.
ALTER TABLE plugin_record ALTER COLUMN body SET DATA TYPE VARCHAR(1048576);
ALTER TABLE plugin_record ADD COLUMN t1 VARCHAR(200);
ALTER TABLE plugin_record ADD COLUMN t2 VARCHAR(200);
ALTER TABLE plugin_record ADD COLUMN t3 VARCHAR(200);
ALTER TABLE plugin_record ADD COLUMN t4 VARCHAR(200);
ALTER TABLE plugin_record ADD COLUMN t5 VARCHAR(200);
ALTER TABLE plugin_record ADD COLUMN t6 VARCHAR(200);
ALTER TABLE plugin_record ADD COLUMN n1 BIGINT;
ALTER TABLE plugin_record ADD COLUMN n2 BIGINT;
ALTER TABLE plugin_record ADD COLUMN n3 BIGINT;
ALTER TABLE plugin_record ADD COLUMN n4 BIGINT;
ALTER TABLE plugin_record ADD COLUMN d1 TIMESTAMP WITH TIME ZONE;
ALTER TABLE plugin_record ADD COLUMN d2 TIMESTAMP WITH TIME ZONE;
ALTER TABLE plugin_record ADD COLUMN d3 TIMESTAMP WITH TIME ZONE;

-- One index per column, led by plugin and kind: a query filters or orders one kind of one plugin by its fields
CREATE INDEX plugin_record_t1 ON plugin_record (plugin_id, kind, t1);
CREATE INDEX plugin_record_t2 ON plugin_record (plugin_id, kind, t2);
CREATE INDEX plugin_record_t3 ON plugin_record (plugin_id, kind, t3);
CREATE INDEX plugin_record_t4 ON plugin_record (plugin_id, kind, t4);
CREATE INDEX plugin_record_t5 ON plugin_record (plugin_id, kind, t5);
CREATE INDEX plugin_record_t6 ON plugin_record (plugin_id, kind, t6);
CREATE INDEX plugin_record_n1 ON plugin_record (plugin_id, kind, n1);
CREATE INDEX plugin_record_n2 ON plugin_record (plugin_id, kind, n2);
CREATE INDEX plugin_record_n3 ON plugin_record (plugin_id, kind, n3);
CREATE INDEX plugin_record_n4 ON plugin_record (plugin_id, kind, n4);
CREATE INDEX plugin_record_d1 ON plugin_record (plugin_id, kind, d1);
CREATE INDEX plugin_record_d2 ON plugin_record (plugin_id, kind, d2);
CREATE INDEX plugin_record_d3 ON plugin_record (plugin_id, kind, d3);
CREATE INDEX plugin_record_kind_updated ON plugin_record (plugin_id, kind, updated_at);

CREATE TABLE plugin_record_field (
    plugin_id  VARCHAR(40) NOT NULL,
    kind       VARCHAR(64) NOT NULL,
    field      VARCHAR(64) NOT NULL,
    field_type VARCHAR(8)  NOT NULL,
    slot       VARCHAR(4)  NOT NULL,
    PRIMARY KEY (plugin_id, kind, field),
    CONSTRAINT plugin_record_field_slot UNIQUE (plugin_id, kind, slot)
);
