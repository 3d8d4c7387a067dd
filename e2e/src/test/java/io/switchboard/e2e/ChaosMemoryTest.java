package io.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChaosMemoryTest {

    private static final long MIB = 1 << 20;

    @Test
    void comparesTheFirstThirdWithTheLastPerProcessAndLeavesOutAProcessThatDidNotLiveThroughBoth() {
        var start = Instant.parse("2026-12-04T10:00:00Z");
        var samples = new ArrayList<ChaosMemory.Sample>();
        for (int minute = 0; minute < 30; minute++) {
            var at = start.plusSeconds(minute * 60L + 1);
            // the heap saws between a floor and a peak; its floor grows 2 MiB a minute
            long heap = (minute % 2 == 0 ? 100 : 300) * MIB + minute * 2 * MIB;
            samples.add(new ChaosMemory.Sample(at, "chat-service", 11, (400 + minute) * MIB, heap, 50 * MIB + minute * MIB));
            if (minute < 5) {
                samples.add(new ChaosMemory.Sample(at, "realtime B", 12, 200 * MIB, 80 * MIB, 20 * MIB)); // killed at 5
            }
        }
        var table = ChaosMemory.render(samples, start, start.plusSeconds(30 * 60));

        assertThat(table).contains("| chat-service (pid 11) | 30 | 100 MiB | 140 MiB | 50 MiB → 70 MiB | 405 MiB → 425 MiB |");
        assertThat(table).doesNotContain("realtime B");
    }

    @Test
    void nothingSampledIsNoTable() {
        assertThat(ChaosMemory.render(new ArrayList<>(), Instant.now(), Instant.now())).isEmpty();
        assertThat(ChaosMemory.renderLive(new ArrayList<>())).isEmpty();
    }

    @Test
    void liveHeapsAreOneColumnPerCheckpointAndAReplacedProcessIsANewRow() {
        var table = ChaosMemory.renderLive(List.of(
                new ChaosMemory.Live("start", "realtime A", 21, 40 * MIB, 500),
                new ChaosMemory.Live("start", "realtime B", 22, 38 * MIB, 500),
                new ChaosMemory.Live("after round 1", "realtime A", 21, 41 * MIB + MIB / 2, 500),
                new ChaosMemory.Live("after round 1", "realtime B", 23, 39 * MIB, 500)));

        assertThat(table).contains("| live heap | start | after round 1 |");
        assertThat(table).contains("| realtime A (pid 21) | 40.0 MiB (500 sockets) | 41.5 MiB (500 sockets) |");
        assertThat(table).contains("| realtime B (pid 22) | 38.0 MiB (500 sockets) | |");
        assertThat(table).contains("| realtime B (pid 23) | | 39.0 MiB (500 sockets) |");
    }

    @Test
    void theResidentSetOfThisProcessIsReadAndAGoneOneIsMinusOne() {
        assertThat(ChaosMemory.resident(ProcessHandle.current().pid())).isPositive();
        assertThat(ChaosMemory.resident(Integer.MAX_VALUE)).isEqualTo(-1);
    }
}
