package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * An instance that dies takes its users offline in the presence log at its last heartbeat, once
 * its rows are cleared; until then, presence at a moment after that heartbeat already says offline.
 */
@QuarkusTest
@TestProfile(DatabaseStallTest.QuickCluster.class)
class DeadInstancePresenceTest extends DevStackResources {

    private static final int DEAD_SLOT = 9;

    @Inject
    AgroalDataSource db;

    @Test
    void aDeadInstancesUsersGoOfflineInTheLogAtItsLastHeartbeat() throws Exception {
        var dan = UUID.randomUUID();
        var deadInstance = UUID.randomUUID();
        var lastHeartbeat = Instant.now().minusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        var connected = lastHeartbeat.minusSeconds(60);
        var sql = new Sql(db);
        try {
            sql.execute("INSERT INTO realtime_instances (slot, instance_id, started_at, heartbeat_at) VALUES ("
                    + DEAD_SLOT + ", '" + deadInstance + "', '" + connected + "', '" + lastHeartbeat + "')");
            sql.execute("INSERT INTO realtime_connections (user_id, slot, instance_id, sockets, away) VALUES ('"
                    + dan + "', " + DEAD_SLOT + ", '" + deadInstance + "', 1, 0)");
            sql.execute("INSERT INTO realtime_presence_changes (user_id, at, online) VALUES ('" + dan + "', '"
                    + connected + "', true)");

            // silent for more than the timeout (2 s), not yet cleared (after 4 s): offline from its last heartbeat
            assertThat(PresenceHistoryTest.status(dan, lastHeartbeat.minusSeconds(1))).isEqualTo("online");
            assertThat(PresenceHistoryTest.status(dan, lastHeartbeat.plusSeconds(1))).isEqualTo("offline");

            await().atMost(Duration.ofSeconds(30)).until(() -> sql.count(
                    "SELECT count(*) FROM realtime_presence_changes WHERE user_id = '" + dan
                            + "' AND NOT online AND at = '" + lastHeartbeat + "'") == 1);
            assertThat(sql.count("SELECT count(*) FROM realtime_connections WHERE user_id = '" + dan + "'")).isZero();
            assertThat(PresenceHistoryTest.status(dan, lastHeartbeat.minusSeconds(1))).isEqualTo("online");
            assertThat(PresenceHistoryTest.status(dan, lastHeartbeat.plusSeconds(1))).isEqualTo("offline");
        } finally {
            sql.execute("DELETE FROM realtime_instances WHERE slot = " + DEAD_SLOT);
            sql.execute("DELETE FROM realtime_connections WHERE slot = " + DEAD_SLOT);
        }
    }
}
