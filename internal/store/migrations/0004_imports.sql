-- Imports: one batch per file, with the report of every row and what undo needs.

CREATE TABLE import_batches (
    id           {{id}},
    user_id      {{bigint}} REFERENCES users (id), -- NULL: the operator through the CLI
    source       TEXT NOT NULL,
    format       TEXT NOT NULL DEFAULT '',
    settings     {{json}} NOT NULL,
    status       TEXT NOT NULL,
    dry_run      {{bool}} NOT NULL DEFAULT FALSE,
    rows_done    INTEGER NOT NULL DEFAULT 0,
    created      INTEGER NOT NULL DEFAULT 0,
    updated      INTEGER NOT NULL DEFAULT 0,
    skipped      INTEGER NOT NULL DEFAULT 0,
    invalid      INTEGER NOT NULL DEFAULT 0,
    out_of_scope INTEGER NOT NULL DEFAULT 0,
    message      TEXT NOT NULL DEFAULT '',
    started_at   {{timestamp}} NOT NULL,
    heartbeat_at {{timestamp}} NOT NULL,
    finished_at  {{timestamp}},
    undone_at    {{timestamp}},
    undone_by    {{bigint}} REFERENCES users (id)
);
CREATE INDEX import_batches_user ON import_batches (user_id, id);
CREATE INDEX import_batches_running ON import_batches (status) WHERE status = 'running';

-- One row per record of the file. contact_id and version are what the import wrote (for undo: the contact
-- must still be at that version); before holds an updated contact as it was.
CREATE TABLE import_rows (
    batch_id   {{bigint}} NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
    line       INTEGER NOT NULL,
    outcome    TEXT NOT NULL,
    contact_id {{bigint}},
    version    INTEGER,
    score      INTEGER NOT NULL DEFAULT 0,
    display    TEXT NOT NULL DEFAULT '',
    problems   TEXT NOT NULL DEFAULT '',
    before     TEXT,
    PRIMARY KEY (batch_id, line)
) {{without_rowid}};
CREATE INDEX import_rows_outcome ON import_rows (batch_id, outcome, line);

-- Column mappings saved for reuse, per user.
CREATE TABLE import_mappings (
    id         {{id}},
    user_id    {{bigint}} NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL,
    settings   {{json}} NOT NULL,
    created_at {{timestamp}} NOT NULL
);
CREATE UNIQUE INDEX import_mappings_user_name ON import_mappings (user_id, name);

-- Facts about a contact that have no field of their own, by name: an electoral district, a voter file's
-- party or precinct.
CREATE TABLE contact_attributes (
    contact_id {{bigint}} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    name       {{key}} NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (contact_id, name)
) {{without_rowid}};
CREATE INDEX contact_attributes_name ON contact_attributes (name, value);

-- Notes an import added, so that undoing it removes them.
ALTER TABLE contact_notes ADD COLUMN import_batch_id {{bigint}} REFERENCES import_batches (id);

-- Pairs of contacts a person decided are not duplicates (lower id first), so that the finder does not offer
-- them again.
CREATE TABLE duplicate_dismissals (
    contact_a  {{bigint}} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    contact_b  {{bigint}} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    decided_by {{bigint}} REFERENCES users (id),
    decided_at {{timestamp}} NOT NULL,
    PRIMARY KEY (contact_a, contact_b),
    CHECK (contact_a < contact_b)
) {{without_rowid}};
CREATE INDEX duplicate_dismissals_b ON duplicate_dismissals (contact_b);

-- A new authenticator app being set up while the confirmed one keeps working until the new one is confirmed.
ALTER TABLE totp_factors ADD COLUMN pending_secret TEXT;
