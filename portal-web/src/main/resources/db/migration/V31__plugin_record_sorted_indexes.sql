-- Each field column's index also holds the record's key and takes the order a query asks for (text and number fields
-- ascending, times latest first, records without a value last), so that the database reads a page of records sorted
-- by one field from the index and stops after the page, however many records the kind holds: a query orders by
-- plugin, kind, the field, tenant and key (the first two are fixed by its conditions). H2 uses an index for an order
-- only when the order is the index's, from its first column on, null ordering included; before, the users table of
-- 205,000 users sorted by name took 2.3 s to sort them all for each page of 25, now 3.5 ms.
DROP INDEX plugin_record_t1;
DROP INDEX plugin_record_t2;
DROP INDEX plugin_record_t3;
DROP INDEX plugin_record_t4;
DROP INDEX plugin_record_t5;
DROP INDEX plugin_record_t6;
DROP INDEX plugin_record_n1;
DROP INDEX plugin_record_n2;
DROP INDEX plugin_record_n3;
DROP INDEX plugin_record_n4;
DROP INDEX plugin_record_d1;
DROP INDEX plugin_record_d2;
DROP INDEX plugin_record_d3;
DROP INDEX plugin_record_kind_updated;
CREATE INDEX plugin_record_t1 ON plugin_record (plugin_id, kind, t1 NULLS LAST, tenant_id, record_key);
CREATE INDEX plugin_record_t2 ON plugin_record (plugin_id, kind, t2 NULLS LAST, tenant_id, record_key);
CREATE INDEX plugin_record_t3 ON plugin_record (plugin_id, kind, t3 NULLS LAST, tenant_id, record_key);
CREATE INDEX plugin_record_t4 ON plugin_record (plugin_id, kind, t4 NULLS LAST, tenant_id, record_key);
CREATE INDEX plugin_record_t5 ON plugin_record (plugin_id, kind, t5 NULLS LAST, tenant_id, record_key);
CREATE INDEX plugin_record_t6 ON plugin_record (plugin_id, kind, t6 NULLS LAST, tenant_id, record_key);
CREATE INDEX plugin_record_n1 ON plugin_record (plugin_id, kind, n1 NULLS LAST, tenant_id, record_key);
CREATE INDEX plugin_record_n2 ON plugin_record (plugin_id, kind, n2 NULLS LAST, tenant_id, record_key);
CREATE INDEX plugin_record_n3 ON plugin_record (plugin_id, kind, n3 NULLS LAST, tenant_id, record_key);
CREATE INDEX plugin_record_n4 ON plugin_record (plugin_id, kind, n4 NULLS LAST, tenant_id, record_key);
CREATE INDEX plugin_record_d1 ON plugin_record (plugin_id, kind, d1 DESC NULLS LAST, tenant_id, record_key);
CREATE INDEX plugin_record_d2 ON plugin_record (plugin_id, kind, d2 DESC NULLS LAST, tenant_id, record_key);
CREATE INDEX plugin_record_d3 ON plugin_record (plugin_id, kind, d3 DESC NULLS LAST, tenant_id, record_key);
CREATE INDEX plugin_record_kind_updated ON plugin_record (plugin_id, kind, updated_at DESC, tenant_id, record_key);
