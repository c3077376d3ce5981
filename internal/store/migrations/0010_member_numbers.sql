-- Member numbers follow the organization's pattern. A series makes the numbers of the contacts whose home unit
-- lies in a unit's subtree (the nearest unit with a series wins) or, with no unit, of everyone else: a prefix,
-- the next number, zero-padded to a width, and optionally the last number of the range. The step below starts
-- the organization's default series after the highest member number already given (or the counter of
-- numbers handed out so far), so that new members continue the numbering rather than start a second one.
CREATE TABLE member_number_series (
    id         {{id}},
    unit_id    {{bigint}} REFERENCES units (id),
    prefix     TEXT NOT NULL DEFAULT '',
    next_value {{bigint}} NOT NULL,
    last_value {{bigint}},
    width      INTEGER NOT NULL DEFAULT 0,
    updated_at {{timestamp}} NOT NULL
);
CREATE UNIQUE INDEX member_number_series_unit ON member_number_series ((COALESCE(unit_id, 0)));
-- step: member_number_series
DELETE FROM counters WHERE name = 'member_number';
