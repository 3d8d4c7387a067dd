package io.switchboard.realtime.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;


/** What a socket holds back while a chat is resumed: bounded, and fetched from the log past the bound. */
class ResumeHoldTest {

    private static final int SOFT_LIMIT = 1_000;

    private final List<String> written = new ArrayList<>();
    private final ClientSession session = session(true);
    private final UUID chat = UUID.randomUUID();

    @Test
    void liveEventsHeldDuringAResumeAreWrittenAfterItSkippingWhatTheReplayCarried() {
        session.beginResume(chat);
        for (long seq = 1; seq <= 3; seq++) {
            session.deliver(frame("live " + seq), chat, seq, null);
        }
        assertThat(written).isEmpty();
        assertThat(session.endResume(chat, 1)).isEqualTo(3);
        assertThat(written).containsExactly("live 2", "live 3");
    }

    @Test
    void pastTheSoftLimitTheHoldDropsThemAndAsksForAnotherRoundOfTheReplay() {
        session.beginResume(chat);
        for (long seq = 1; seq <= 10; seq++) { // 2,000 bytes: past the 1,000 a hold may keep
            session.deliver(frame("x".repeat(190) + seq), chat, seq, null);
        }
        assertThat(session.endResume(chat, 0)).as("replay again").isEqualTo(-1);
        assertThat(written).as("nothing was written out of order").isEmpty();

        session.deliver(frame("after the second round"), chat, 11, null); // still held
        assertThat(written).isEmpty();
        assertThat(session.endResume(chat, 10)).isEqualTo(11);
        assertThat(written).containsExactly("after the second round");
    }

    @Test
    void beforeItsFirstFrameASocketHoldsUpToTheHardLimitThenIsClosedRatherThanLetThemOvertakeAResume() {
        var opening = session(false);
        Outbound.Result result = Outbound.Result.SENT;
        for (long seq = 1; seq <= 30 && result == Outbound.Result.SENT; seq++) { // 5,700 bytes: past the 4,000
            result = opening.deliver(frame("x".repeat(180) + seq), chat, seq, null);
        }
        assertThat(result).isEqualTo(Outbound.Result.CLOSED);
        assertThat(written).as("none written ahead of the first frame").isEmpty();
        assertThat(opening.isClosing()).isTrue();
    }

    private static Frame frame(String text) {
        return Frame.of("new_message", text, false, Instant.now());
    }

    /** A socket (past its opening, or still before its first frame) whose writes land in {@link #written}. */
    private ClientSession session(boolean opened) {
        var session = TestConnections.session("socket", UUID.randomUUID(), written, SOFT_LIMIT);
        session.open(frame("connected"));
        if (opened) {
            session.releaseOpening();
        }
        written.clear();
        return session;
    }
}
