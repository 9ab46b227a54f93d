-- A plugin's tenant action hands a whole list to approval in one ITEMS parameter (plugin-api 1.8.0
-- ActionParameter.MAX_ITEMS_LENGTH, 1,000,000 characters: a CSV line per new user, a sign-in name per leaver), stored as
-- JSON inside the request's JSON, where each line break and quote takes two to four characters: 4,000,000 characters
-- hold the longest list with room for that. Both databases count characters and keep NOT NULL; H2 takes up to
-- 1,000,000,000 and PostgreSQL 10,485,760 in a VARCHAR.
ALTER TABLE approval_request ALTER COLUMN parameters SET DATA TYPE VARCHAR(4000000);
