package io.switchboard.realtime.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quarkus.websockets.next.CloseReason;
import io.switchboard.contracts.realtime.CloseCodes;

/**
 * One socket's way out: frames wait for {@code connected}, droppable ones go past the soft
 * limit, a frame that would take the socket past the hard limit closes it as a slow consumer,
 * and bytes count until the network takes them.
 */
class OutboundTest {

    private static final int SOFT = 1_000;
    private static final int HARD = 4_000;

    private final PacedConnection network = new PacedConnection();
    private final List<String> written = new ArrayList<>();
    private final AtomicInteger overflows = new AtomicInteger();
    private final Outbound outbound = new Outbound(network.connection, null, SOFT, HARD,
            frame -> written.add(frame.text()), overflows::incrementAndGet);

    @Test
    void framesSentBeforeTheSocketOpensFollowConnectedInTheirOrder() {
        assertThat(outbound.send(frame("first", 10, false))).isEqualTo(Outbound.Result.SENT);
        assertThat(outbound.send(frame("second", 10, true))).isEqualTo(Outbound.Result.SENT);
        assertThat(network.sent).as("nothing ahead of connected").isEmpty();

        outbound.open(frame("connected", 10, false));
        assertThat(network.sent).containsExactly(text("connected", 10), text("first", 10), text("second", 10));
    }

    @Test
    void withinTheSoftLimitAnyFrameIsTakenHoweverBig() {
        outbound.open(frame("connected", 0, false));
        network.read();

        assertThat(outbound.send(frame("chat list", 10 * HARD, false))).isEqualTo(Outbound.Result.SENT);
        assertThat(network.sent).hasSize(2);
        assertThat(network.closes).isEmpty();
    }

    @Test
    void pastTheSoftLimitDroppableFramesAreDroppedAndOthersTakenUpToTheHardLimit() {
        openWithUnreadBytes(SOFT + 100);

        assertThat(outbound.send(frame("typing", 10, true))).isEqualTo(Outbound.Result.DROPPED);
        assertThat(outbound.send(frame("message", HARD - (SOFT + 100), false)))
                .as("exactly up to the hard limit").isEqualTo(Outbound.Result.SENT);
        assertThat(network.sent).hasSize(3).noneMatch(text -> text.startsWith("typing"));
        assertThat(network.closes).isEmpty();
        assertThat(overflows).hasValue(0);
    }

    @Test
    void aFrameThatWouldTakeTheSocketPastTheHardLimitClosesItAsASlowConsumer() {
        openWithUnreadBytes(SOFT + 100);

        assertThat(outbound.send(frame("message", HARD - (SOFT + 100) + 1, false))).isEqualTo(Outbound.Result.CLOSED);
        assertThat(network.sent).as("the frame is not written").hasSize(2);
        assertThat(overflows).hasValue(1);
        assertThat(network.closes).singleElement().satisfies(reason -> {
            assertThat(reason.getCode()).isEqualTo(CloseCodes.SLOW_CONSUMER);
            assertThat(reason.getMessage()).isEqualTo("slow consumer: reconnect and resume");
        });
        assertThat(outbound.isClosing()).isTrue();

        network.read(); // even once the client reads, a closing socket takes nothing more
        assertThat(outbound.send(frame("message", 10, false))).isEqualTo(Outbound.Result.CLOSED);
        assertThat(outbound.send(frame("typing", 10, true))).isEqualTo(Outbound.Result.CLOSED);
        assertThat(network.sent).hasSize(2);
        assertThat(network.closes).as("closed once").hasSize(1);
    }

    @Test
    void bytesCountUntilTheNetworkTakesThemAndOnlyWrittenFramesAreCounted() {
        openWithUnreadBytes(SOFT + 100);
        assertThat(outbound.send(frame("typing", 10, true))).isEqualTo(Outbound.Result.DROPPED);
        assertThat(written).as("the backlog has not reached the network yet").containsExactly(text("connected", 0));

        network.read();
        assertThat(written).containsExactly(text("connected", 0), text("backlog", SOFT + 100));
        assertThat(outbound.send(frame("typing", 10, true))).as("room again").isEqualTo(Outbound.Result.SENT);

        network.fail(); // a write that fails frees its bytes, but was not written
        assertThat(written).hasSize(2);
        assertThat(outbound.send(frame("more", SOFT, false))).isEqualTo(Outbound.Result.SENT);
        assertThat(outbound.send(frame("typing", 10, true))).as("exactly at the soft limit")
                .isEqualTo(Outbound.Result.SENT);
        assertThat(outbound.send(frame("typing", 10, true))).as("past it").isEqualTo(Outbound.Result.DROPPED);
    }

    @Test
    void aSocketIsClosedOnceAndIsClosingWhenItsPeerClosedIt() {
        outbound.close(new CloseReason(CloseCodes.TOKEN_EXPIRED, "token expired"));
        outbound.close(new CloseReason(CloseCodes.GOING_AWAY, "no answer to pings"));
        assertThat(network.closes).extracting(CloseReason::getCode).containsExactly(CloseCodes.TOKEN_EXPIRED);

        var other = new Outbound(new PacedConnection().connection, null, SOFT, HARD, frame -> { }, () -> { });
        assertThat(other.isClosing()).isFalse();
        var peerGone = new PacedConnection();
        var closedByPeer = new Outbound(peerGone.connection, null, SOFT, HARD, frame -> { }, () -> { });
        peerGone.closed = true;
        assertThat(closedByPeer.isClosing()).isTrue();
    }

    @Test
    void aFrameAdmittedForSharedWritesCountsAtOnceAndIsNotWrittenIfTheSocketClosesFirst() {
        outbound.open(frame("connected", 0, false));
        network.read();

        var writes = new FrameWrites(frame("message", SOFT + 1, false), (frame, sockets) -> { });
        assertThat(outbound.send(frame("message", SOFT + 1, false), writes)).isEqualTo(Outbound.Result.SENT);
        assertThat(outbound.send(frame("typing", 10, true))).as("counted before the write")
                .isEqualTo(Outbound.Result.DROPPED);

        outbound.close(new CloseReason(CloseCodes.GOING_AWAY, "bye"));
        writes.flush();
        assertThat(network.sent).as("only connected").hasSize(1);
    }

    @Test
    void aReplayWaitsForTheClientToReadAndGivesUpOnOneThatReadsNothing() throws Exception {
        openWithUnreadBytes(SOFT + 100);
        assertThat(outbound.awaitWithinSoftLimit(Duration.ofMillis(50))).as("the client took nothing").isFalse();

        var waited = new CompletableFuture<Boolean>();
        Thread.ofVirtual().start(() -> {
            try {
                waited.complete(outbound.awaitWithinSoftLimit(Duration.ofSeconds(30)));
            } catch (InterruptedException e) {
                waited.completeExceptionally(e);
            }
        });
        assertThat(waited).isNotDone();
        network.read();
        await().atMost(Duration.ofSeconds(10)).until(waited::isDone);
        assertThat(waited.get()).isTrue();
    }

    @Test
    void aReplayStopsWaitingWhenTheSocketCloses() throws Exception {
        openWithUnreadBytes(SOFT + 100);
        outbound.close(new CloseReason(CloseCodes.GOING_AWAY, "bye"));
        assertThat(outbound.awaitWithinSoftLimit(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void onAKnownChannelSharedWritesGoStraightToItAsOneTextFrame() {
        var channel = new EmbeddedChannel();
        var sockets = new AtomicInteger();
        var direct = new Outbound(network.connection, channel, SOFT, HARD, frame -> { }, () -> { });
        direct.open(frame("connected", 0, false));
        network.read();
        assertThat(direct.writesToChannel()).isTrue();

        var message = frame("message", 200, false);
        var writes = new FrameWrites(message, (frame, count) -> sockets.addAndGet(count));
        assertThat(direct.send(message, writes)).isEqualTo(Outbound.Result.SENT);
        writes.flush();
        channel.runPendingTasks();

        ByteBuf out = channel.readOutbound();
        try {
            assertThat((int) out.readUnsignedByte()).as("FIN, text").isEqualTo(0x81);
            assertThat((int) out.readUnsignedByte()).as("16-bit length").isEqualTo(126);
            assertThat(out.readUnsignedShort()).isEqualTo(message.bytes());
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(message.text());
        } finally {
            out.release();
        }
        assertThat(sockets).hasValue(1);
        assertThat(network.sent).as("not through websockets-next").hasSize(1);
        channel.finishAndReleaseAll();
    }

    /** Opens the socket, whose client reads connected, then leaves exactly {@code bytes} unread. */
    private void openWithUnreadBytes(int bytes) {
        outbound.open(frame("connected", 0, false));
        network.read();
        assertThat(outbound.send(frame("backlog", bytes, false))).isEqualTo(Outbound.Result.SENT);
    }

    private static Frame frame(String name, int padding, boolean droppable) {
        return Frame.of(name, text(name, padding), droppable, Instant.now());
    }

    /** {@code name} followed by dots up to {@code padding} bytes, or {@code name} alone. */
    private static String text(String name, int padding) {
        return padding <= name.length() ? name : name + ".".repeat(padding - name.length());
    }
}
