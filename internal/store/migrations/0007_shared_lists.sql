-- A saved list may be shared with the officers of a unit: it shows to every user whose read scope covers that
-- unit, and each of them sees in it only the contacts of their own scope. NULL: the list is its owner's alone.
ALTER TABLE saved_lists ADD COLUMN shared_unit_id {{bigint}} REFERENCES units (id);
CREATE INDEX saved_lists_shared_unit ON saved_lists (shared_unit_id) WHERE shared_unit_id IS NOT NULL;
