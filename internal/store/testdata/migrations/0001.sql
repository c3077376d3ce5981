-- Data valid at schema version 1, loaded before the later migrations run.
INSERT INTO units (id, parent_id, name, kind, code, depth, created_at, updated_at) VALUES
    (1, NULL, 'National', 'national', 'N', 0, '2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z'),
    (2, 1, 'State', 'state', 'S', 1, '2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z');
INSERT INTO unit_closure (ancestor_id, descendant_id, depth) VALUES (1, 1, 0), (2, 2, 0), (1, 2, 1);
INSERT INTO postal_codes (postal_code, unit_id, place) VALUES ('10115', 2, 'Berlin');
INSERT INTO users (id, email, name, password_hash, language, active, created_at, updated_at) VALUES
    (1, 'old@example.org', 'Old User', '', 'de', TRUE, '2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z');
INSERT INTO grants (id, user_id, unit_id, role, created_at) VALUES (1, 1, 2, 'manager', '2025-01-01T00:00:00.000000Z');
INSERT INTO membership_types (id, name, created_at, updated_at) VALUES (1, 'Member', '2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z');
INSERT INTO contacts (id, kind, home_unit_id, given_name, family_name, display_name, sort_key, birth_date, member_number,
    created_at, updated_at) VALUES
    (1, 'person', 2, 'Grete', 'Öztürk', 'Grete Öztürk', 'ozturk grete', '1960-02-29', '100001', '2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z');
INSERT INTO contact_reach (contact_id, unit_id, sort_key) VALUES (1, 1, 'ozturk grete'), (1, 2, 'ozturk grete');
INSERT INTO contact_emails (contact_id, position, address, address_key, is_primary) VALUES (1, 0, 'grete@example.org', 'grete@example.org', TRUE);
INSERT INTO memberships (id, contact_id, type_id, start_date, end_date, new_until, valid_until, grace_until, vote_from, created_at, updated_at) VALUES
    (1, 1, 1, '2020-01-01', '2020-12-31', '2020-03-30', '2020-12-31', '2021-03-01', '2020-01-01', '2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z');
UPDATE contacts SET current_membership_id = 1 WHERE id = 1;
INSERT INTO audit_log (at, actor_label, action, entity_type, entity_id, contact_id, unit_id, changes) VALUES
    ('2025-01-01T00:00:00.000000Z', 'system: test', 'contact.create', 'contact', 1, 1, 2, '{"family_name": {"old": "", "new": "Öztürk"}}');
