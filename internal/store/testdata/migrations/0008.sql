-- Data valid at schema version 8: a person in the national unit (outside the state the other checks read),
-- known by nothing but the name, whom the quick search must find by the given name after migration 0009.
INSERT INTO contacts (id, kind, home_unit_id, given_name, family_name, display_name, sort_key, created_at, updated_at) VALUES
    (2, 'person', 1, 'Hubertus Maria', 'Quast', 'Hubertus Maria Quast', 'quast hubertus maria', '2025-06-01T00:00:00.000000Z', '2025-06-01T00:00:00.000000Z');
INSERT INTO contact_reach (contact_id, unit_id, sort_key) VALUES (2, 1, 'quast hubertus maria');
