-- Data valid at schema version 6: a finished import that updated Grete and rejected a row, from before undo
-- kept changed records and before rejected rows kept their cells.
INSERT INTO contact_attributes (contact_id, name, value) VALUES (1, 'party', 'X');
INSERT INTO import_batches (id, user_id, source, format, settings, status, dry_run, rows_done, updated, invalid,
    started_at, finished_at, file_options, chunk_size, unit_id) VALUES
    (1, 1, 'old.csv', 'CSV, UTF-8, comma', '{"columns": [], "on_match": "update", "unit_id": 2, "membership_type": 0, "tags": [], "country": ""}',
     'done', FALSE, 2, 1, 1, '2025-06-01T00:00:00.000000Z', '2025-06-01T00:00:01.000000Z', '{}', 5000, 2);
INSERT INTO import_rows (batch_id, line, outcome, contact_id, version, score, display, problems, before) VALUES
    (1, 2, 'update', 1, 1, 80, 'Grete Öztürk', '', '{"id": 1, "attributes": {"party": "X"}}'),
    (1, 3, 'invalid', NULL, NULL, 0, 'Nobody', '[{"field": "row", "code": "too_many_fields"}]', NULL);
