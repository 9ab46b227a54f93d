-- A custom role is read, changed and written back from the Access page: its version lets a change made from a copy
-- that someone else changed meanwhile be refused instead of silently overwriting theirs.
ALTER TABLE portal_role ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
