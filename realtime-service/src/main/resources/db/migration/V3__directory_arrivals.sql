-- A count per slot of the writes that added or changed a user's row there. Routers keep where the
-- users they looked up were for as long as no slot's count (and no slot's holder) changed, and
-- read the connections again only when one did: a departure needs no count, since routing to a
-- socket that closed reaches nobody. Counted by triggers, so that every writer counts.
ALTER TABLE realtime_instances ADD COLUMN arrivals BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION realtime_count_arrivals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE realtime_instances SET arrivals = arrivals + 1 WHERE slot IN (SELECT DISTINCT slot FROM arrived);
    RETURN NULL;
END $$;

CREATE TRIGGER realtime_connections_inserted AFTER INSERT ON realtime_connections
    REFERENCING NEW TABLE AS arrived FOR EACH STATEMENT EXECUTE FUNCTION realtime_count_arrivals();
CREATE TRIGGER realtime_connections_updated AFTER UPDATE ON realtime_connections
    REFERENCING NEW TABLE AS arrived FOR EACH STATEMENT EXECUTE FUNCTION realtime_count_arrivals();
