package io.switchboard.realtime.socket;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One frame's writes to many sockets, gathered by the event loop each socket lives on and done
 * there, a task per loop and {@value #CHUNK} sockets: a chat event for a thousand sockets costs a
 * few task hand-offs instead of a thousand, and the WebSocket frame is encoded once, its bytes
 * shared by every socket's write. Which sockets get the frame (muted, held, too far behind) is decided when they
 * are added, in the order events arrive, so a socket's frames keep that order.
 */
public final class FrameWrites {

    /** Told, on an event loop, how many sockets there got the frame. */
    public interface Written {
        void written(Frame frame, int sockets);
    }

    /** Sockets of one loop handed over together: at most this many before the next task starts. */
    static final int CHUNK = 128;

    private final Frame frame;
    private final Map<Executor, List<Outbound>> byLoop = new IdentityHashMap<>(4);
    private final Written written;
    private ByteBuf encoded;

    /** {@code written} is told, on each loop, how many sockets there got the frame. */
    public FrameWrites(Frame frame, Written written) {
        this.frame = frame;
        this.written = written;
    }

    void add(Outbound outbound) {
        var outbounds = byLoop.computeIfAbsent(outbound.loop(), loop -> new ArrayList<>());
        outbounds.add(outbound);
        if (outbounds.size() == CHUNK) {
            byLoop.remove(outbound.loop()); // a big fan-out's first writes start while the rest is sorted
            submit(outbound.loop(), outbounds);
        }
    }

    /** Hands each loop the writes not handed over yet. */
    public void flush() {
        byLoop.forEach(this::submit);
        byLoop.clear();
        if (encoded != null) {
            encoded.release();
            encoded = null;
        }
    }

    private void submit(Executor loop, List<Outbound> outbounds) {
        if (encoded == null) {
            encoded = textFrame(frame.utf8());
        }
        var shared = encoded.retain(); // released by the loop's task once its sockets are written
        try {
            loop.execute(() -> {
                try {
                    for (Outbound outbound : outbounds) {
                        outbound.transmit(frame, shared);
                    }
                } finally {
                    shared.release();
                }
                written.written(frame, outbounds.size());
            });
        } catch (RejectedExecutionException e) {
            shared.release(); // the loop is shutting down, and its sockets with it
        }
    }

    /** A final, unmasked WebSocket text frame (RFC 6455 section 5.2), as a server sends it. */
    static ByteBuf textFrame(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        var buffer = ByteBufAllocator.DEFAULT.directBuffer(header + length);
        buffer.writeByte(0x81); // FIN, opcode 1 (text)
        if (length < 126) {
            buffer.writeByte(length);
        } else if (length <= 0xFFFF) {
            buffer.writeByte(126).writeShort(length);
        } else {
            buffer.writeByte(127).writeLong(length);
        }
        return buffer.writeBytes(payload);
    }
}
