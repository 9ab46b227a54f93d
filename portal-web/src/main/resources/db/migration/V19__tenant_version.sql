-- A tenant is read, changed and written back (renamed, retagged, annotated): a version number lets a change made from a
-- copy that someone else changed meanwhile be refused as a conflict instead of silently overwriting theirs.
ALTER TABLE tenant ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
