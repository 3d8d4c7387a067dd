package io.switchboard.realtime.security;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;

/**
 * Closes a socket whose client broke the WebSocket protocol with the close code that says why:
 * 1009 for a frame above {@code quarkus.websockets-next.server.max-frame-size}, 1002 for other
 * violations. Vert.x's frame decoder does not close on a violation itself, and its connection
 * handler then drops the connection without a close frame (the client sees 1006 and cannot tell
 * a broken network from a refused frame). One instance serves every channel.
 */
@ChannelHandler.Sharable
final class BrokenFrames extends ChannelInboundHandlerAdapter {

    private static final String NAME = "switchboard-broken-frames";
    private static final BrokenFrames INSTANCE = new BrokenFrames();
    /** The name Vert.x gives its own handler, the last of an HTTP connection's pipeline. */
    static final String VERTX_HANDLER = "handler";

    private BrokenFrames() {
    }

    /** Puts the handler in front of Vert.x's on this connection's channel (once). */
    static void guard(Channel channel) {
        var pipeline = channel.pipeline();
        synchronized (pipeline) {
            if (pipeline.get(NAME) == null && pipeline.get(VERTX_HANDLER) != null) {
                pipeline.addBefore(VERTX_HANDLER, NAME, INSTANCE);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException broken) {
            var status = broken.closeStatus();
            ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), status.reasonText()))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
