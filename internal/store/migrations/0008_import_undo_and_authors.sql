-- Undo keeps what changed since an import; rejected rows can be downloaded; archives keep their authors.

-- What an undo did: contacts removed, restored, and kept because someone changed them after the import.
ALTER TABLE import_batches ADD COLUMN undo_removed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_batches ADD COLUMN undo_restored INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_batches ADD COLUMN undo_kept INTEGER NOT NULL DEFAULT 0;
-- The newest audit entry when the batch was queued: entries after it about the batch's contacts are changes
-- made since (ids, unlike the clocks of several servers, only go forward). 0 for batches queued before.
ALTER TABLE import_batches ADD COLUMN audit_after {{bigint}} NOT NULL DEFAULT 0;

-- cells: the record as the file held it, for rows the import rejected (JSON array of strings), so that they
-- can be downloaded, fixed and imported again. kept: why undo left the row's contact as it was, comma-separated
-- ("note,tag"); '' for rows undo took back or never touched.
ALTER TABLE import_rows ADD COLUMN cells TEXT;
ALTER TABLE import_rows ADD COLUMN kept TEXT NOT NULL DEFAULT '';

-- The import that set a named fact, so that undo can tell it from one set later by someone else.
ALTER TABLE contact_attributes ADD COLUMN import_batch_id {{bigint}} REFERENCES import_batches (id) ON DELETE SET NULL;

-- Authors named by an archive from another Roster whose users do not exist here: kept as the archive names
-- them (an e-mail address) where the user column stays empty. Any later change by someone here clears them.
ALTER TABLE contacts ADD COLUMN created_by_name TEXT;
ALTER TABLE contacts ADD COLUMN updated_by_name TEXT;
ALTER TABLE contacts ADD COLUMN deleted_by_name TEXT;
ALTER TABLE memberships ADD COLUMN created_by_name TEXT;
ALTER TABLE memberships ADD COLUMN updated_by_name TEXT;
ALTER TABLE contact_notes ADD COLUMN created_by_name TEXT;
ALTER TABLE relationships ADD COLUMN created_by_name TEXT;
