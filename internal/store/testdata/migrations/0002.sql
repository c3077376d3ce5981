-- Data valid at schema version 2.
INSERT INTO saved_lists (user_id, name, filter, created_at, updated_at) VALUES
    (1, 'Grace period', '{"statuses": ["grace"]}', '2025-06-01T00:00:00.000000Z', '2025-06-01T00:00:00.000000Z');
INSERT INTO unit_counts (unit_id, contacts, members, computed_at) VALUES (2, 1, 0, '2025-06-01T00:00:00.000000Z');
