package io.switchboard.realtime.socket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.contracts.realtime.CloseCodes;

/**
 * One socket's way out, bounded by bytes not yet written to the network. Past the soft limit,
 * droppable frames (typing, presence) are dropped, and a frame that would take the socket past the
 * hard limit closes it with {@link CloseCodes#SLOW_CONSUMER}: the client reconnects and resumes, so
 * nothing persisted is lost. A socket within the soft limit takes any frame, however big (a long
 * chat list): one that stopped reading holds at most the hard limit, or the soft limit and one
 * frame.
 *
 * <p>A frame sent with {@link FrameWrites} is admitted here and written later on the socket's
 * event loop, straight to its Netty channel when the upgrade told which one it is: the bytes not
 * yet written are then the channel's own count, with nothing to keep per frame.
 */
public final class Outbound {

    /** What became of a frame handed to {@link #send}; {@code REPEATED}: a chat event the socket was given already. */
    public enum Result { SENT, DROPPED, REPEATED, CLOSED }

    /** Where a socket whose event loop is unknown writes: on the caller's thread. */
    static final Executor CALLER = Runnable::run;

    private static final Duration DRAIN_POLL = Duration.ofMillis(5);

    private final WebSocketConnection connection;
    private final Channel channel;
    private final ChannelPromise quiet;
    private final Executor loop;
    private final long softLimit;
    private final long hardLimit;
    private final Consumer<Frame> onWritten;
    private final Runnable onOverflow;
    private final AtomicLong pendingBytes = new AtomicLong();
    private List<Frame> held = new ArrayList<>();
    private volatile boolean closing;

    public Outbound(WebSocketConnection connection, Channel channel, long softLimit, long hardLimit, Consumer<Frame> onWritten,
             Runnable onOverflow) {
        this.connection = connection;
        this.channel = channel;
        // A write to a peer that just went away fails quietly, as websockets-next's own would.
        this.quiet = channel == null ? null : new VoidChannelPromise(channel, false);
        this.loop = channel == null ? CALLER : channel.eventLoop();
        this.onOverflow = onOverflow;
        this.softLimit = softLimit;
        this.hardLimit = hardLimit;
        this.onWritten = onWritten;
    }

    /** Writes the first frame ({@code connected}), then everything held while the socket opened. */
    synchronized void open(Frame first) {
        write(first);
        held.forEach(this::write);
        held = null;
    }

    Result send(Frame frame) {
        return send(frame, null);
    }

    /** As {@link #send(Frame)}; with {@code writes}, an admitted frame is written when they are flushed. */
    Result send(Frame frame, FrameWrites writes) {
        if (closing) {
            return Result.CLOSED;
        }
        synchronized (this) {
            if (held != null) {
                held.add(frame);
                return Result.SENT;
            }
        }
        long pending = pending();
        if (frame.droppable() && pending > softLimit) {
            return Result.DROPPED;
        }
        if (pending > softLimit && pending + frame.bytes() > hardLimit) {
            return overflow();
        }
        if (writes == null) {
            write(frame);
        } else {
            if (channel == null) {
                pendingBytes.addAndGet(frame.bytes());
            }
            writes.add(this);
        }
        return Result.SENT;
    }

    /** Bytes handed to the socket and not yet written to the network. */
    private long pending() {
        long pending = pendingBytes.get();
        if (channel != null) {
            var buffer = channel.unsafe().outboundBuffer();
            pending += buffer == null ? 0 : buffer.totalPendingWriteBytes();
        }
        return pending;
    }

    /**
     * Blocks (a virtual thread) until the bytes not yet written are within the soft limit, or the
     * socket closes; false when they have not gone down for {@code patience} (the client takes
     * nothing).
     */
    boolean awaitWithinSoftLimit(Duration patience) throws InterruptedException {
        long last = pending();
        long stalledSince = System.nanoTime();
        while (!isClosing()) {
            long now = pending();
            if (now <= softLimit) {
                return true;
            }
            if (now < last) {
                stalledSince = System.nanoTime();
            } else if (System.nanoTime() - stalledSince > patience.toNanos()) {
                return false;
            }
            last = now;
            // A poll, on the replay's own virtual thread: the count includes frames websockets-next
            // has not handed to the channel yet, which no channel writability event reports.
            Thread.sleep(DRAIN_POLL);
        }
        return true;
    }

    boolean writesToChannel() {
        return channel != null;
    }

    /** The event loop the socket's I/O runs on. */
    Executor loop() {
        return loop;
    }

    long softLimit() {
        return softLimit;
    }

    long hardLimit() {
        return hardLimit;
    }

    /** Closes the socket as too slow (4002): its client reconnects and resumes, losing nothing persisted. */
    Result overflow() {
        onOverflow.run();
        close(new CloseReason(CloseCodes.SLOW_CONSUMER, "slow consumer: reconnect and resume"));
        return Result.CLOSED;
    }

    void close(CloseReason reason) {
        if (closing) {
            return;
        }
        closing = true;
        connection.close(reason).subscribe().with(ok -> { }, failure -> { });
    }

    boolean isClosing() {
        return closing || connection.isClosed();
    }

    private void write(Frame frame) {
        pendingBytes.addAndGet(frame.bytes());
        sendText(frame, () -> onWritten.accept(frame));
    }

    /** Writes a frame admitted through {@link FrameWrites}, on the socket's event loop; {@code encoded} is shared. */
    void transmit(Frame frame, ByteBuf encoded) {
        if (channel == null) {
            sendText(frame, () -> { }); // FrameWrites counts what it wrote
        } else if (!closing && channel.isActive()) {
            channel.writeAndFlush(encoded.retainedDuplicate(), quiet);
        }
    }

    /** Through websockets-next, for a frame whose bytes are counted pending until it is written. */
    private void sendText(Frame frame, Runnable written) {
        if (closing) {
            pendingBytes.addAndGet(-frame.bytes());
            return;
        }
        connection.sendText(frame.text()).subscribe().with(
                ok -> {
                    pendingBytes.addAndGet(-frame.bytes());
                    written.run();
                },
                failure -> pendingBytes.addAndGet(-frame.bytes()));
    }
}
