package io.switchboard.realtime.security;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.AttributeKey;

/**
 * Notes, as it comes off the wire, that a socket's client has sent its first message, then leaves
 * the channel. A message is handled only after {@code @OnOpen} and the messages before it, which
 * on a busy instance can be seconds later: until then the socket's live events wait for it (it may
 * be a {@code resume}), however long the opening hold was meant to last. One instance serves every
 * channel.
 */
@ChannelHandler.Sharable
public final class FirstFrame extends ChannelInboundHandlerAdapter {

    private static final String NAME = "switchboard-first-frame";
    private static final AttributeKey<Boolean> SPOKE = AttributeKey.valueOf("switchboard.spoke");
    private static final FirstFrame INSTANCE = new FirstFrame();

    private FirstFrame() {
    }

    /** Watches this connection's channel for the client's first message (once, at the upgrade). */
    static void watch(Channel channel) {
        var pipeline = channel.pipeline();
        synchronized (pipeline) {
            if (pipeline.get(NAME) == null && pipeline.get(BrokenFrames.VERTX_HANDLER) != null) {
                pipeline.addBefore(BrokenFrames.VERTX_HANDLER, NAME, INSTANCE);
            }
        }
    }

    /** True once the client sent a message on {@code channel}, handled or not yet; false when unknown. */
    public static boolean spoke(Channel channel) {
        return channel != null && Boolean.TRUE.equals(channel.attr(SPOKE).get());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof TextWebSocketFrame || message instanceof BinaryWebSocketFrame
                || message instanceof ContinuationWebSocketFrame) {
            ctx.channel().attr(SPOKE).set(Boolean.TRUE);
            ctx.pipeline().remove(this); // nothing more to learn: later frames skip this handler
        }
        ctx.fireChannelRead(message);
    }
}
