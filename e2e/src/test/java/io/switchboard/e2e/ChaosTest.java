package io.switchboard.e2e;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * "Nothing lost, nothing twice, under faults" (docs/reliability.md): the chaos soak, short by
 * default (each fault once, 40 clients, a few minutes); {@code ./switchboard chaos [minutes] [clients]}
 * runs the same long ({@link ChaosSettings} lists the system properties).
 *
 * <p>Through PostgreSQL and Kafka stalls and restarts, a realtime instance killed or drained, and
 * clients whose network drops: no client misses an event of its chats that chat-service logged,
 * every socket gets a chat's events in order (a resumed one too: the replay first, then what came
 * live meanwhile), and a client that stayed connected gets each once. A client that reconnected
 * may get an event again (at least once: recognisable by chat and seq), never miss one.
 */
class ChaosTest {

    @Test
    void nothingLostNothingTwiceUnderFaults() {
        var report = new ChaosSoak(ChaosSettings.fromSystemProperties()).run();

        var soft = new SoftAssertions();
        soft.assertThat(report.aborted).as("the soak ran to its end").isNull();
        soft.assertThat(report.clientsNeverConnected).as("clients that never connected").isZero();
        soft.assertThat(report.stayed.clients()).as("clients that stayed connected throughout (something to measure)")
                .isPositive();
        soft.assertThat(report.all.missing()).as("events missing, over all clients").isZero();
        soft.assertThat(report.stayed.duplicated()).as("events duplicated, clients that stayed connected").isZero();
        soft.assertThat(report.all.outOfOrder()).as("events out of order on a socket, over all clients").isZero();
        soft.assertThat(report.all.notInLog()).as("events received that the log does not hold for the client").isZero();
        soft.assertThat(report.sends).as("the soak got as far as sending").isNotNull();
        if (report.sends != null) {
            soft.assertThat(report.sends.acknowledged()).as("messages acknowledged").isPositive();
            soft.assertThat(report.sends.acknowledgedNotInLog()).as("acknowledged messages not in the log").isZero();
            soft.assertThat(report.sends.storedTwice()).as("messages stored twice for one client_message_id").isZero();
        }
        soft.assertAll();
    }
}
