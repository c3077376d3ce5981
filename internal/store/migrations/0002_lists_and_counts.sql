-- Saved contact lists (a user's named filters) and per-unit counts refreshed in the background.

CREATE TABLE saved_lists (
    id         {{id}},
    user_id    {{bigint}} NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL,
    filter     {{json}} NOT NULL,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE UNIQUE INDEX saved_lists_user_name ON saved_lists (user_id, name);

-- Contacts and members in good standing whose home unit lies in each unit's subtree, as of computed_at.
CREATE TABLE unit_counts (
    unit_id     {{bigint}} PRIMARY KEY REFERENCES units (id),
    contacts    INTEGER NOT NULL,
    members     INTEGER NOT NULL,
    computed_at {{timestamp}} NOT NULL
);
