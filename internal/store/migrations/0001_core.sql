-- Roster core schema: settings, units, users and grants, contacts and their data, memberships, audit.
-- Macros in {{braces}} are expanded per database by store/dialect.go.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value {{bigint}} NOT NULL
);

CREATE TABLE units (
    id          {{id}},
    parent_id   {{bigint}} REFERENCES units (id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT '',
    code        {{key}},
    depth       INTEGER NOT NULL,
    archived_at {{timestamp}},
    created_at  {{timestamp}} NOT NULL,
    updated_at  {{timestamp}} NOT NULL
);
CREATE UNIQUE INDEX units_code ON units (code) WHERE code IS NOT NULL;
CREATE INDEX units_parent ON units (parent_id);

-- One row per (ancestor, descendant) pair including (u, u): subtree queries are single index ranges.
CREATE TABLE unit_closure (
    ancestor_id   {{bigint}} NOT NULL REFERENCES units (id),
    descendant_id {{bigint}} NOT NULL REFERENCES units (id),
    depth         INTEGER NOT NULL,
    PRIMARY KEY (ancestor_id, descendant_id)
) {{without_rowid}};
CREATE INDEX unit_closure_descendant ON unit_closure (descendant_id, ancestor_id);

CREATE TABLE postal_codes (
    postal_code {{key}} NOT NULL,
    unit_id     {{bigint}} NOT NULL REFERENCES units (id),
    place       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (postal_code, unit_id)
) {{without_rowid}};
CREATE INDEX postal_codes_unit ON postal_codes (unit_id);

CREATE TABLE users (
    id             {{id}},
    email          {{key}} NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL DEFAULT '',
    language       TEXT NOT NULL DEFAULT 'en',
    active         {{bool}} NOT NULL DEFAULT TRUE,
    created_at     {{timestamp}} NOT NULL,
    created_by     {{bigint}} REFERENCES users (id),
    updated_at     {{timestamp}} NOT NULL,
    deactivated_at {{timestamp}}
);

CREATE TABLE grants (
    id         {{id}},
    user_id    {{bigint}} NOT NULL REFERENCES users (id),
    unit_id    {{bigint}} NOT NULL REFERENCES units (id),
    role       TEXT NOT NULL,
    expires_at {{timestamp}},
    created_at {{timestamp}} NOT NULL,
    created_by {{bigint}} REFERENCES users (id),
    revoked_at {{timestamp}},
    revoked_by {{bigint}} REFERENCES users (id)
);
CREATE INDEX grants_user ON grants (user_id);
CREATE INDEX grants_unit ON grants (unit_id);

CREATE TABLE api_tokens (
    id           {{id}},
    user_id      {{bigint}} NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    token_hash   {{key}} NOT NULL UNIQUE,
    created_at   {{timestamp}} NOT NULL,
    expires_at   {{timestamp}},
    last_used_at {{timestamp}},
    revoked_at   {{timestamp}}
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE sessions (
    token_hash   {{key}} PRIMARY KEY,
    user_id      {{bigint}} NOT NULL REFERENCES users (id),
    created_at   {{timestamp}} NOT NULL,
    last_seen_at {{timestamp}} NOT NULL,
    expires_at   {{timestamp}} NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE membership_types (
    id              {{id}},
    name            TEXT NOT NULL UNIQUE,
    duration_months INTEGER NOT NULL DEFAULT 12,
    grace_days      INTEGER NOT NULL DEFAULT 60,
    new_days        INTEGER NOT NULL DEFAULT 90,
    voting          {{bool}} NOT NULL DEFAULT TRUE,
    vote_after_days INTEGER NOT NULL DEFAULT 0,
    requires_dues   {{bool}} NOT NULL DEFAULT FALSE,
    active          {{bool}} NOT NULL DEFAULT TRUE,
    created_at      {{timestamp}} NOT NULL,
    updated_at      {{timestamp}} NOT NULL
);

CREATE TABLE contacts (
    id                    {{id}},
    kind                  TEXT NOT NULL CHECK (kind IN ('person', 'household', 'organization')),
    home_unit_id          {{bigint}} NOT NULL REFERENCES units (id),
    given_name            TEXT NOT NULL DEFAULT '',
    middle_name           TEXT NOT NULL DEFAULT '',
    family_name           TEXT NOT NULL DEFAULT '',
    honorific_prefix      TEXT NOT NULL DEFAULT '',
    honorific_suffix      TEXT NOT NULL DEFAULT '',
    organization_name     TEXT NOT NULL DEFAULT '',
    display_name          TEXT NOT NULL,
    sort_key              {{key}} NOT NULL,
    gender                TEXT NOT NULL DEFAULT '',
    birth_date            {{date}},
    deceased_on           {{date}},
    language              TEXT NOT NULL DEFAULT '',
    member_number         {{key}},
    current_membership_id {{bigint}},
    created_at            {{timestamp}} NOT NULL,
    created_by            {{bigint}} REFERENCES users (id),
    updated_at            {{timestamp}} NOT NULL,
    updated_by            {{bigint}} REFERENCES users (id),
    deleted_at            {{timestamp}},
    deleted_by            {{bigint}} REFERENCES users (id),
    version               INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX contacts_member_number ON contacts (member_number) WHERE member_number IS NOT NULL;
CREATE INDEX contacts_home_unit ON contacts (home_unit_id);
CREATE INDEX contacts_deleted ON contacts (deleted_at) WHERE deleted_at IS NOT NULL;

-- Who can see a contact, denormalized: one row for every unit at or above the contact's home unit and each of
-- its secondary affiliations, with the contact's sort key. A scoped, name-ordered list is then one index range
-- per scope root. Maintained by store/reach.go in the same transaction as every change that affects it.
CREATE TABLE contact_reach (
    contact_id {{bigint}} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    unit_id    {{bigint}} NOT NULL REFERENCES units (id),
    sort_key   {{key}} NOT NULL,
    PRIMARY KEY (contact_id, unit_id)
) {{without_rowid}};
CREATE INDEX contact_reach_unit_sort ON contact_reach (unit_id, sort_key, contact_id);

CREATE TABLE contact_affiliations (
    contact_id {{bigint}} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    unit_id    {{bigint}} NOT NULL REFERENCES units (id),
    created_at {{timestamp}} NOT NULL,
    PRIMARY KEY (contact_id, unit_id)
) {{without_rowid}};
CREATE INDEX contact_affiliations_unit ON contact_affiliations (unit_id);

CREATE TABLE contact_emails (
    id             {{id}},
    contact_id     {{bigint}} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    address        TEXT NOT NULL,
    address_key    {{key}} NOT NULL,
    label          TEXT NOT NULL DEFAULT '',
    is_primary     {{bool}} NOT NULL DEFAULT FALSE,
    do_not_contact {{bool}} NOT NULL DEFAULT FALSE
);
CREATE INDEX contact_emails_contact ON contact_emails (contact_id);
CREATE INDEX contact_emails_key ON contact_emails (address_key);
CREATE UNIQUE INDEX contact_emails_primary ON contact_emails (contact_id) WHERE is_primary;

CREATE TABLE contact_phones (
    id             {{id}},
    contact_id     {{bigint}} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    number         TEXT NOT NULL,
    number_key     {{key}} NOT NULL,
    label          TEXT NOT NULL DEFAULT '',
    is_primary     {{bool}} NOT NULL DEFAULT FALSE,
    do_not_contact {{bool}} NOT NULL DEFAULT FALSE
);
CREATE INDEX contact_phones_contact ON contact_phones (contact_id);
CREATE INDEX contact_phones_key ON contact_phones (number_key);
CREATE UNIQUE INDEX contact_phones_primary ON contact_phones (contact_id) WHERE is_primary;

CREATE TABLE contact_addresses (
    id             {{id}},
    contact_id     {{bigint}} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    street         TEXT NOT NULL DEFAULT '',
    extra          TEXT NOT NULL DEFAULT '',
    postal_code    {{key}} NOT NULL DEFAULT '',
    city           TEXT NOT NULL DEFAULT '',
    region         TEXT NOT NULL DEFAULT '',
    country        TEXT NOT NULL DEFAULT '',
    label          TEXT NOT NULL DEFAULT '',
    is_primary     {{bool}} NOT NULL DEFAULT FALSE,
    do_not_contact {{bool}} NOT NULL DEFAULT FALSE
);
CREATE INDEX contact_addresses_contact ON contact_addresses (contact_id);
CREATE INDEX contact_addresses_postal ON contact_addresses (postal_code);
CREATE UNIQUE INDEX contact_addresses_primary ON contact_addresses (contact_id) WHERE is_primary;

CREATE TABLE contact_external_ids (
    system     {{key}} NOT NULL,
    value      {{key}} NOT NULL,
    contact_id {{bigint}} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (system, value)
) {{without_rowid}};
CREATE INDEX contact_external_ids_contact ON contact_external_ids (contact_id);

CREATE TABLE tags (
    id         {{id}},
    name       TEXT NOT NULL,
    name_key   {{key}} NOT NULL UNIQUE,
    created_at {{timestamp}} NOT NULL
);

CREATE TABLE contact_tags (
    contact_id {{bigint}} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag_id     {{bigint}} NOT NULL REFERENCES tags (id),
    PRIMARY KEY (contact_id, tag_id)
) {{without_rowid}};
CREATE INDEX contact_tags_tag ON contact_tags (tag_id, contact_id);

CREATE TABLE contact_notes (
    id         {{id}},
    contact_id {{bigint}} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    created_by {{bigint}} REFERENCES users (id)
);
CREATE INDEX contact_notes_contact ON contact_notes (contact_id);

CREATE TABLE relationships (
    id               {{id}},
    contact_id       {{bigint}} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    other_contact_id {{bigint}} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    created_at       {{timestamp}} NOT NULL,
    created_by       {{bigint}} REFERENCES users (id),
    CHECK (contact_id <> other_contact_id)
);
CREATE UNIQUE INDEX relationships_pair ON relationships (contact_id, other_contact_id, kind);
CREATE INDEX relationships_other ON relationships (other_contact_id);

CREATE TABLE memberships (
    id          {{id}},
    contact_id  {{bigint}} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    type_id     {{bigint}} NOT NULL REFERENCES membership_types (id),
    start_date  {{date}} NOT NULL,
    end_date    {{date}},
    paid_until  {{date}},
    pending     {{bool}} NOT NULL DEFAULT FALSE,
    join_method TEXT NOT NULL DEFAULT '',
    end_reason  TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    valid_until {{date}},
    grace_until {{date}},
    new_until   {{date}} NOT NULL,
    vote_from   {{date}},
    created_at  {{timestamp}} NOT NULL,
    created_by  {{bigint}} REFERENCES users (id),
    updated_at  {{timestamp}} NOT NULL,
    updated_by  {{bigint}} REFERENCES users (id)
);
CREATE INDEX memberships_contact ON memberships (contact_id, start_date);
CREATE INDEX memberships_type ON memberships (type_id);

CREATE TABLE audit_log (
    id          {{id}},
    at          {{timestamp}} NOT NULL,
    actor_id    {{bigint}},
    actor_label TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   {{bigint}} NOT NULL,
    contact_id  {{bigint}},
    unit_id     {{bigint}},
    changes     {{json}},
    redacted    {{bool}} NOT NULL DEFAULT FALSE
);
CREATE INDEX audit_log_contact ON audit_log (contact_id, id) WHERE contact_id IS NOT NULL;
CREATE INDEX audit_log_unit ON audit_log (unit_id, id);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);
