-- A plugin record is read, changed and written back (an incident triaged while a poll adds a detection to it): its
-- version lets a change made from a copy be written only if no one else wrote the record since.
ALTER TABLE plugin_record ADD COLUMN version BIGINT DEFAULT 1 NOT NULL;
