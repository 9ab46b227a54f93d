-- The MSP groups the requester belonged to when filing: an approved action checks again, when it runs, that the
-- requester still holds what it needs in each tenant (their own roles and these groups' roles as they are then).
ALTER TABLE approval_request ADD COLUMN requester_groups VARCHAR(4000);
