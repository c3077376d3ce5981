-- The quick search finds a person by the first word of the given name alone ("Otto"): contacts keep it folded
-- (as the sort key is), filled for the contacts already there by the Go step below, with an index that walks
-- the people of one given name in name order.
ALTER TABLE contacts ADD COLUMN given_key {{key}} NOT NULL DEFAULT '';
-- step: given_keys
CREATE INDEX contacts_given_key ON contacts (given_key, sort_key, id) WHERE deleted_at IS NULL;
