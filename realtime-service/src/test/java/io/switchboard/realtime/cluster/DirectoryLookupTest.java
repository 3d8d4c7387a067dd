package io.switchboard.realtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.realtime.DevStackResources;

/**
 * The router's directory lookups on real PostgreSQL: where users are is read once and kept while
 * no instance counted an arrival; a user who connects anywhere, or an instance that takes a slot
 * over, makes it read again, so nobody whose connect was acknowledged is routed past.
 */
@QuarkusTest
class DirectoryLookupTest extends DevStackResources {

    private static final int OTHER_SLOT = 6;

    @Inject
    Directory directory;

    @Inject
    AgroalDataSource db;

    @AfterEach
    void clearOtherSlot() throws Exception {
        execute("DELETE FROM realtime_connections WHERE slot = " + OTHER_SLOT);
        execute("DELETE FROM realtime_instances WHERE slot = " + OTHER_SLOT);
    }

    @Test
    void locationsAreKeptUntilSomeoneArrivesAnywhere() throws Exception {
        var carol = UUID.randomUUID();
        var dave = UUID.randomUUID();
        var other = UUID.randomUUID();
        hold(other);

        long before = directory.lookups();
        assertThat(directory.locateElsewhere(List.of(carol, dave))).isEmpty();
        assertThat(directory.locateElsewhere(List.of(carol, dave))).isEmpty();
        assertThat(directory.lookups()).as("the second answer was kept").isEqualTo(before + 1);

        connect(carol, other); // as the other instance's directory write does
        assertThat(directory.locateElsewhere(List.of(carol, dave))).isEqualTo(Map.of(OTHER_SLOT, List.of(carol)));
        assertThat(directory.locateElsewhere(List.of(carol))).isEqualTo(Map.of(OTHER_SLOT, List.of(carol)));
        assertThat(directory.lookups()).isEqualTo(before + 2);

        assertThat(directory.locateElsewhere(List.of(dave))).as("dave's answer is read under the new count").isEmpty();
        connect(dave, other);
        assertThat(directory.locateElsewhere(List.of(dave))).isEqualTo(Map.of(OTHER_SLOT, List.of(dave)));
    }

    @Test
    void aSlotTakenOverByAnotherInstanceIsReadAgain() throws Exception {
        var carol = UUID.randomUUID();
        var dead = UUID.randomUUID();
        var successor = UUID.randomUUID();
        hold(dead);
        connect(carol, dead);
        assertThat(directory.locateElsewhere(List.of(carol))).isEqualTo(Map.of(OTHER_SLOT, List.of(carol)));

        // the slot's new holder; carol's row is still the dead instance's, which no longer counts
        execute("UPDATE realtime_instances SET instance_id = '" + successor + "' WHERE slot = " + OTHER_SLOT);
        assertThat(directory.locateElsewhere(List.of(carol))).isEmpty();
    }

    @Test
    void everyWriterOfTheDirectoryCountsItsArrivals() throws Exception {
        var other = UUID.randomUUID();
        hold(other);
        connect(UUID.randomUUID(), other);
        execute("UPDATE realtime_connections SET sockets = 2 WHERE slot = " + OTHER_SLOT);
        execute("DELETE FROM realtime_connections WHERE slot = " + OTHER_SLOT);
        assertThat(arrivals()).as("an insert and an update count, a departure does not").isEqualTo(2);
    }

    /** The other slot held by {@code instance}, heartbeating now. */
    private void hold(UUID instance) throws Exception {
        execute("INSERT INTO realtime_instances (slot, instance_id, started_at, heartbeat_at) VALUES ("
                + OTHER_SLOT + ", '" + instance + "', now(), now())");
    }

    private void connect(UUID user, UUID instance) throws Exception {
        execute("INSERT INTO realtime_connections (user_id, slot, instance_id, sockets, away) VALUES ('" + user
                + "', " + OTHER_SLOT + ", '" + instance + "', 1, 0)");
    }

    private long arrivals() throws Exception {
        try (var connection = db.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT arrivals FROM realtime_instances WHERE slot = " + OTHER_SLOT)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (var connection = db.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
