-- Review decisions on the contact register: accepting or rejecting a candidate,
-- keeping or replacing a field on which two sources disagree. One row per decision.
CREATE TABLE contact_reviews (
    contact_id VARCHAR NOT NULL,
    action VARCHAR NOT NULL,            -- accept | reject | keep | replace
    field VARCHAR,                      -- for keep | replace: the field in conflict
    old_value VARCHAR,
    new_value VARCHAR,
    other_ref VARCHAR,                  -- for keep | replace: the other source's reference
    reviewed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
