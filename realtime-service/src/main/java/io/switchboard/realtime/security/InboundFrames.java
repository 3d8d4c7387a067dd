package io.switchboard.realtime.security;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.contracts.realtime.CloseCodes;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.socket.DeliveryMetrics;

/**
 * Counts a socket's messages as they come off the wire, against those handled. A socket's
 * messages are handled one at a time, after {@code @OnOpen}: on a busy instance, or behind a long
 * {@code resume}, they wait in memory. This tells
 * <ul>
 *   <li>whether the client has sent a message yet, handled or not: until its first one is handled
 *   the socket's live events wait for it (it may be a {@code resume}), however long the opening
 *   hold was meant to last;</li>
 *   <li>how many wait: past {@code limit} the socket is closed with 1008, before they are read,
 *   so that one client cannot fill the instance's memory with frames it sends faster than they
 *   are handled (the rate limit refuses them only when handled).</li>
 * </ul>
 * One instance serves every channel.
 */
@Singleton
@ChannelHandler.Sharable
public class InboundFrames extends ChannelInboundHandlerAdapter {

    private static final String NAME = "switchboard-inbound-frames";
    private static final AttributeKey<Backlog> BACKLOG = AttributeKey.valueOf("switchboard.inbound");

    /** Messages received and handled on one channel. */
    private static final class Backlog {
        final AtomicLong received = new AtomicLong();
        final AtomicLong handled = new AtomicLong();
        volatile boolean refused;
    }

    private final int limit;
    private final DeliveryMetrics metrics;

    InboundFrames(RealtimeConfig config, DeliveryMetrics metrics) {
        this.limit = config.limits().inboundBacklog();
        this.metrics = metrics;
    }

    /** Watches this connection's channel (once, at the upgrade). */
    void watch(Channel channel) {
        channel.attr(BACKLOG).setIfAbsent(new Backlog());
        var pipeline = channel.pipeline();
        synchronized (pipeline) {
            if (pipeline.get(NAME) == null && pipeline.get(BrokenFrames.VERTX_HANDLER) != null) {
                pipeline.addBefore(BrokenFrames.VERTX_HANDLER, NAME, this);
            }
        }
    }

    /** True once the client sent a message on {@code channel}, handled or not yet; false when unknown. */
    public static boolean spoke(Channel channel) {
        var backlog = channel == null ? null : channel.attr(BACKLOG).get();
        return backlog != null && backlog.received.get() > 0;
    }

    /** One of the channel's messages was handled. */
    public static void handled(Channel channel) {
        var backlog = channel == null ? null : channel.attr(BACKLOG).get();
        if (backlog != null) {
            backlog.handled.incrementAndGet();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        var backlog = ctx.channel().attr(BACKLOG).get();
        if (backlog != null && backlog.refused) {
            ReferenceCountUtil.release(message); // closing: nothing more of it is read
            return;
        }
        if (backlog != null && message instanceof WebSocketFrame frame && frame.isFinalFragment()
                && (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
                    || frame instanceof ContinuationWebSocketFrame)
                && backlog.received.incrementAndGet() - backlog.handled.get() > limit) {
            backlog.refused = true;
            ReferenceCountUtil.release(message);
            metrics.closed("backlog");
            ctx.writeAndFlush(new CloseWebSocketFrame(CloseCodes.POLICY_VIOLATION, "too many frames waiting"))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(message);
    }
}
