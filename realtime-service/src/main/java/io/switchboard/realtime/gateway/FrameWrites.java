package io.switchboard.realtime.gateway;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.switchboard.realtime.delivery.Frame;

/**
 * One frame's writes to many sockets, gathered by the event loop each socket lives on and done
 * there, one task per loop: a chat event for a thousand sockets costs a couple of task hand-offs
 * instead of a thousand, and the WebSocket frame is encoded once, its bytes shared by every
 * socket's write. Which sockets get the frame (muted, held, too far behind) is decided when they
 * are added, in the order events arrive, so a socket's frames keep that order.
 */
public final class FrameWrites {

    /** Told, on each event loop, how many sockets there got the frame. */
    public interface Written {
        void written(Frame frame, int sockets);
    }

    private final Frame frame;
    private final Map<Executor, List<Outbound>> byLoop = new IdentityHashMap<>(4);

    public FrameWrites(Frame frame) {
        this.frame = frame;
    }

    void add(Outbound outbound) {
        byLoop.computeIfAbsent(outbound.loop(), loop -> new ArrayList<>()).add(outbound);
    }

    /** Hands each loop its writes. */
    public void flush(Written written) {
        if (byLoop.isEmpty()) {
            return;
        }
        var encoded = textFrame(frame.utf8());
        try {
            byLoop.forEach((loop, outbounds) -> {
                encoded.retain(); // released by the loop's task once its sockets are written
                try {
                    loop.execute(() -> {
                        try {
                            for (Outbound outbound : outbounds) {
                                outbound.transmit(frame, encoded);
                            }
                        } finally {
                            encoded.release();
                        }
                        written.written(frame, outbounds.size());
                    });
                } catch (RejectedExecutionException e) {
                    encoded.release(); // the loop is shutting down, and its sockets with it
                }
            });
        } finally {
            encoded.release();
            byLoop.clear();
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
