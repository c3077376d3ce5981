-- Background work on the job queue (River's own tables are created by its migrations after this one).

-- A lease is held by one process for a while, on the database's clock: the import a worker is writing, a bulk
-- load with suspended indexes. Whoever holds it renews it; when it has expired, its holder is taken for dead
-- and another process may take over. Writes that must come from the holder check the lease in their own
-- transaction, so that a process that lost it cannot write on.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,
    expires_at {{timestamp}} NOT NULL
);

-- Files uploaded for imports, kept in the database so that every server can read them, in parts of 1 MiB.
-- They are removed when they expire and no import still needs them.
CREATE TABLE uploads (
    id         {{id}},
    user_id    {{bigint}} REFERENCES users (id), -- NULL: the operator through the CLI
    name       TEXT NOT NULL,
    size       {{bigint}} NOT NULL,
    created_at {{timestamp}} NOT NULL,
    expires_at {{timestamp}} NOT NULL
);
CREATE INDEX uploads_expires ON uploads (expires_at);

CREATE TABLE upload_parts (
    upload_id {{bigint}} NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    data      {{blob}} NOT NULL,
    PRIMARY KEY (upload_id, seq)
);

-- An import is a job: queued until a worker takes it, resumable from its last chunk.
ALTER TABLE import_batches ADD COLUMN upload_id {{bigint}} REFERENCES uploads (id) ON DELETE SET NULL;
ALTER TABLE import_batches ADD COLUMN file_options {{json}} NOT NULL DEFAULT '{}';
ALTER TABLE import_batches ADD COLUMN chunk_size INTEGER NOT NULL DEFAULT 5000;
ALTER TABLE import_batches ADD COLUMN job_id {{bigint}};
ALTER TABLE import_batches ADD COLUMN unit_id {{bigint}} REFERENCES units (id);
ALTER TABLE import_batches ADD COLUMN progress REAL NOT NULL DEFAULT 0;
ALTER TABLE import_batches ADD COLUMN cancel_requested {{bool}} NOT NULL DEFAULT FALSE;
ALTER TABLE import_batches ADD COLUMN report_pruned {{bool}} NOT NULL DEFAULT FALSE;
ALTER TABLE import_batches DROP COLUMN heartbeat_at;
DROP INDEX import_batches_running;
CREATE INDEX import_batches_active ON import_batches (status) WHERE status IN ('queued', 'running');
CREATE INDEX import_batches_upload ON import_batches (upload_id);
-- One import at a time per importer (the operator's CLI imports count as one importer).
CREATE UNIQUE INDEX import_batches_one_active ON import_batches ((COALESCE(user_id, 0))) WHERE status IN ('queued', 'running');
