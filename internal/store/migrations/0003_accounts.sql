-- Accounts that volunteers can manage: the data-protection pledge, second factors, invitations, access
-- requests, password resets, sign-in throttling, and richer sessions.

CREATE TABLE pledge_versions (
    version      INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    published_at {{timestamp}} NOT NULL,
    published_by {{bigint}} REFERENCES users (id)
);

CREATE TABLE pledge_acceptances (
    user_id      {{bigint}} NOT NULL REFERENCES users (id),
    version      INTEGER NOT NULL REFERENCES pledge_versions (version),
    accepted_at  {{timestamp}} NOT NULL,
    from_address TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (user_id, version)
);

-- The TOTP secret is needed to verify codes, so it cannot be hashed; it is stored encrypted (AES-GCM) with
-- the server's secret key.
CREATE TABLE totp_factors (
    user_id      {{bigint}} PRIMARY KEY REFERENCES users (id),
    secret       TEXT NOT NULL,
    confirmed_at {{timestamp}},
    last_step    {{bigint}} NOT NULL DEFAULT 0,
    created_at   {{timestamp}} NOT NULL
);

CREATE TABLE recovery_codes (
    id         {{id}},
    user_id    {{bigint}} NOT NULL REFERENCES users (id),
    code_hash  {{key}} NOT NULL UNIQUE,
    created_at {{timestamp}} NOT NULL,
    used_at    {{timestamp}}
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- WebAuthn credentials; credential holds the library's JSON of the credential (public key, sign count …).
CREATE TABLE passkeys (
    id            {{id}},
    user_id       {{bigint}} NOT NULL REFERENCES users (id),
    credential_id {{key}} NOT NULL UNIQUE,
    credential    TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    created_at    {{timestamp}} NOT NULL,
    last_used_at  {{timestamp}}
);
CREATE INDEX passkeys_user ON passkeys (user_id);

CREATE TABLE invitations (
    id          {{id}},
    email       {{key}} NOT NULL,
    name        TEXT NOT NULL,
    token_hash  {{key}} NOT NULL UNIQUE,
    grants      {{json}} NOT NULL,
    invited_by  {{bigint}} REFERENCES users (id),
    created_at  {{timestamp}} NOT NULL,
    expires_at  {{timestamp}} NOT NULL,
    accepted_at {{timestamp}},
    user_id     {{bigint}} REFERENCES users (id),
    revoked_at  {{timestamp}}
);
CREATE INDEX invitations_email ON invitations (email);

CREATE TABLE access_requests (
    id              {{id}},
    email           {{key}} NOT NULL,
    name            TEXT NOT NULL,
    unit_id         {{bigint}} NOT NULL REFERENCES units (id),
    role            TEXT NOT NULL,
    until           {{date}},
    decision_text   TEXT NOT NULL DEFAULT '',
    decision_link   TEXT NOT NULL DEFAULT '',
    requested_by    {{bigint}} REFERENCES users (id),
    requested_at    {{timestamp}} NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    decided_by      {{bigint}} REFERENCES users (id),
    decided_at      {{timestamp}},
    decision_reason TEXT NOT NULL DEFAULT '',
    invitation_id   {{bigint}} REFERENCES invitations (id)
);
CREATE INDEX access_requests_unit ON access_requests (unit_id, status);

CREATE TABLE password_resets (
    token_hash {{key}} PRIMARY KEY,
    user_id    {{bigint}} NOT NULL REFERENCES users (id),
    created_at {{timestamp}} NOT NULL,
    expires_at {{timestamp}} NOT NULL,
    used_at    {{timestamp}}
);

-- Failed sign-ins per account and per address, for growing delays.
CREATE TABLE signin_throttle (
    key          {{key}} PRIMARY KEY,
    failures     INTEGER NOT NULL,
    last_failure {{timestamp}} NOT NULL,
    locked_until {{timestamp}}
);

-- A session is "half signed in" until its second factor is verified (second_factor_at), when the user has one.
ALTER TABLE sessions ADD COLUMN second_factor_at {{timestamp}};
ALTER TABLE sessions ADD COLUMN needs_second_factor {{bool}} NOT NULL DEFAULT FALSE;
ALTER TABLE sessions ADD COLUMN from_address TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
