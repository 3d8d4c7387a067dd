package io.switchboard.realtime.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.contracts.realtime.CloseCodes;
import io.switchboard.realtime.delivery.Frame;

/**
 * One socket's way out, bounded by bytes not yet written to the network. Past the soft limit,
 * droppable frames (typing, presence) are dropped; past the hard limit the socket is closed with
 * {@link CloseCodes#SLOW_CONSUMER}: the client reconnects and resumes, so nothing persisted is
 * lost, and a socket that stopped reading never holds more than the hard limit.
 */
public final class Outbound {

    /** What became of a frame handed to {@link #send}. */
    public enum Result { SENT, DROPPED, CLOSED }

    private final WebSocketConnection connection;
    private final long softLimit;
    private final long hardLimit;
    private final Consumer<Frame> onWritten;
    private final Runnable onOverflow;
    private final AtomicLong pendingBytes = new AtomicLong();
    private List<Frame> held = new ArrayList<>();
    private volatile boolean closing;

    Outbound(WebSocketConnection connection, long softLimit, long hardLimit, Consumer<Frame> onWritten,
             Runnable onOverflow) {
        this.connection = connection;
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
        if (closing) {
            return Result.CLOSED;
        }
        synchronized (this) {
            if (held != null) {
                held.add(frame);
                return Result.SENT;
            }
        }
        long pending = pendingBytes.get();
        if (frame.droppable() && pending > softLimit) {
            return Result.DROPPED;
        }
        if (pending + frame.bytes() > hardLimit) {
            onOverflow.run();
            close(new CloseReason(CloseCodes.SLOW_CONSUMER, "slow consumer: reconnect and resume"));
            return Result.CLOSED;
        }
        write(frame);
        return Result.SENT;
    }

    long softLimit() {
        return softLimit;
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
        connection.sendText(frame.text()).subscribe().with(
                ok -> {
                    pendingBytes.addAndGet(-frame.bytes());
                    onWritten.accept(frame);
                },
                failure -> pendingBytes.addAndGet(-frame.bytes()));
    }
}
