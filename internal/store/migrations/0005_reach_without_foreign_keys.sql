-- contact_reach is an index the store keeps itself (store/reach.go), written in the same transaction as every
-- change of a contact's units and removed with the contact (PurgeContact, DeleteContacts). Its foreign keys
-- checked each of the three to four rows a new contact gets against contacts and units, which made it the most
-- expensive table of a bulk import on PostgreSQL; without them it is a plain table with its two indexes.
CREATE TABLE contact_reach_new (
    contact_id {{bigint}} NOT NULL,
    unit_id    {{bigint}} NOT NULL,
    sort_key   {{key}} NOT NULL,
    PRIMARY KEY (contact_id, unit_id)
) {{without_rowid}};
INSERT INTO contact_reach_new (contact_id, unit_id, sort_key) SELECT contact_id, unit_id, sort_key FROM contact_reach;
DROP TABLE contact_reach;
ALTER TABLE contact_reach_new RENAME TO contact_reach;
CREATE INDEX contact_reach_unit_sort ON contact_reach (unit_id, sort_key, contact_id);
