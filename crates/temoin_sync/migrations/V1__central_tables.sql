-- Témoin's central copy: every station's donation intents (with the statuses each went
-- through) and anonymous visits, pushed by `temoin sync` and read back by `temoin report
-- --from`. Applied by `temoin sync --to URL --migrate` as the database's owner; booths sync as
-- a role that may only INSERT and SELECT (see the README). Never edit this file once shipped:
-- add V2__….sql.
--
-- Keys are the stations' own ids, kept verbatim as text: visit ids are UUIDv7 strings, the
-- journal's intent ids are 128 random bits in hex, and a visit names its intent by that exact
-- string, so the report's join matches byte for byte. Rows are never updated by a booth: a
-- re-sent row is skipped (ON CONFLICT DO NOTHING), a new status is a new history row, and a
-- push's progress is a new cursor row.

CREATE SCHEMA IF NOT EXISTS temoin;

-- The one place that orders statuses: created < open < settled. A settled status (paid,
-- expired, canceled, failed, pledged) is final at the station (the journal never changes
-- one), so they share a rank and a first settled status is never replaced. NULL for a name
-- this version does not know: the CHECKs below refuse it instead of guessing.
CREATE FUNCTION temoin.status_rank(status text) RETURNS smallint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
        SELECT CASE status
            WHEN 'created' THEN 0
            WHEN 'open' THEN 1
            WHEN 'paid' THEN 2
            WHEN 'expired' THEN 2
            WHEN 'canceled' THEN 2
            WHEN 'failed' THEN 2
            WHEN 'pledged' THEN 2
        END::smallint
    $$;

-- A station is its random id (`station-id` beside its databases): nothing about the machine.
CREATE TABLE temoin.stations (
    id text PRIMARY KEY,
    first_seen timestamptz NOT NULL DEFAULT now()
);

-- One row per gift intent. What is not copied from the journal, on purpose: the checkout URL
-- (a live link to the visitor's payment page), the provider's payment id (it leads to the
-- donor's name and card in the provider's dashboard, and would tie them to a visit's
-- choices), the idempotency key and the last error (provider messages). Reconciling money
-- with the provider stays a job for `temoin donations export` at the station.
CREATE TABLE temoin.intents (
    id text PRIMARY KEY,
    station text NOT NULL REFERENCES temoin.stations (id),
    chapter text NOT NULL,
    provider text NOT NULL,
    amount_minor bigint NOT NULL,
    currency text NOT NULL,
    monthly boolean NOT NULL,
    created_at bigint NOT NULL,     -- unix seconds, as the journal keeps them
    updated_at bigint NOT NULL,     -- unix seconds: when the station saw `status`
    status text NOT NULL CHECK (temoin.status_rank(status) IS NOT NULL),
    status_rank smallint GENERATED ALWAYS AS (temoin.status_rank(status)) STORED
);
CREATE INDEX intents_unsettled ON temoin.intents (station) WHERE status_rank < 2;

-- Every status an intent was seen in, once each. `created` at its creation time always; then
-- whatever the station's journal said at each push.
CREATE TABLE temoin.intent_status_history (
    intent text NOT NULL REFERENCES temoin.intents (id),
    status text NOT NULL CHECK (temoin.status_rank(status) IS NOT NULL),
    at bigint NOT NULL,             -- unix seconds
    PRIMARY KEY (intent, status)
);

-- A new history row moves its intent forward, never back. SECURITY DEFINER (runs as the
-- owner who migrated) so the booths' role needs no UPDATE right on intents; the search path is
-- pinned so the function cannot be redirected.
CREATE FUNCTION temoin.advance_intent() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$
    BEGIN
        UPDATE temoin.intents
           SET status = NEW.status, updated_at = NEW.at
         WHERE id = NEW.intent
           AND status_rank < temoin.status_rank(NEW.status);
        RETURN NULL;
    END
    $$;
REVOKE ALL ON FUNCTION temoin.advance_intent() FROM PUBLIC;
CREATE TRIGGER advance_intent AFTER INSERT ON temoin.intent_status_history
    FOR EACH ROW EXECUTE FUNCTION temoin.advance_intent();

-- The stations' `visits`, column for column, once each visit has ended. `station` is the
-- visit's own; `donation_status` is what the booth knew when it pushed: the report takes the
-- intent's latest status instead whenever the intent is here, as `temoin report` does with
-- the journal beside a station's database.
CREATE TABLE temoin.visits (
    id text PRIMARY KEY,
    station text NOT NULL,
    chapter text NOT NULL,
    locale text NOT NULL,
    app_version text NOT NULL,
    input_mode text NOT NULL,
    started_at bigint NOT NULL,     -- unix ms
    ended_at bigint NOT NULL,       -- unix ms; open visits are not pushed
    outcome text,
    outcome_act smallint,
    amount_band text,
    currency text,
    intent_id text,
    donation_status text
);
CREATE INDEX visits_by_start ON temoin.visits (started_at);

CREATE TABLE temoin.events (
    visit text NOT NULL REFERENCES temoin.visits (id),
    seq bigint NOT NULL,
    t_ms bigint NOT NULL,
    kind text NOT NULL,
    beat text,
    act smallint,
    detail text,
    value text,
    PRIMARY KEY (visit, seq)
);

-- How far each station got, one row per committed batch (and so also a log of pushes): a
-- station's cursor for a stream is its newest row. `position` is the station file's rowid of
-- the last row sent and `marker` that row's id; the next push resumes after the row with that
-- id, wherever it is now, or starts over (harmlessly) when the file no longer has it.
CREATE TABLE temoin.sync_cursors (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    station text NOT NULL REFERENCES temoin.stations (id),
    stream text NOT NULL CHECK (stream IN ('intents', 'visits')),
    position bigint NOT NULL,
    marker text NOT NULL,
    rows integer NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_cursors_latest ON temoin.sync_cursors (station, stream, seq DESC);
