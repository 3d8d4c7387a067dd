package io.switchboard.realtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.socket.DeliveryMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class InboundFramesTest {

    private static final int LIMIT = 3;

    /** A channel as Vert.x leaves it after the upgrade (its own handler last, named "handler"), watched. */
    private static EmbeddedChannel upgraded() {
        var channel = new EmbeddedChannel();
        channel.pipeline().addLast(BrokenFrames.VERTX_HANDLER, new ChannelInboundHandlerAdapter());
        new InboundFrames(config(LIMIT), new DeliveryMetrics(new SimpleMeterRegistry())).watch(channel);
        return channel;
    }

    @Test
    void aMessageIsNotedAndPassedOn() {
        var channel = upgraded();
        assertThat(InboundFrames.spoke(channel)).isFalse();
        channel.writeInbound(new TextWebSocketFrame("{\"type\":\"resume\"}"));
        assertThat(InboundFrames.spoke(channel)).isTrue();
        WebSocketFrame passed = channel.readInbound();
        assertThat(passed).isInstanceOf(TextWebSocketFrame.class);
        passed.release();
    }

    @Test
    void controlFramesAndUnfinishedFragmentsAreNotMessages() {
        var channel = upgraded();
        channel.writeInbound(new PingWebSocketFrame());
        channel.writeInbound(new PongWebSocketFrame());
        channel.writeInbound(new TextWebSocketFrame(false, 0, "{\"type\":"));
        assertThat(InboundFrames.spoke(channel)).isFalse();
        channel.writeInbound(new ContinuationWebSocketFrame(true, 0, "\"ping\"}"));
        assertThat(InboundFrames.spoke(channel)).isTrue();
    }

    @Test
    void oneMessageMoreThanTheLimitWaitingClosesTheSocketWith1008AndIsNotPassedOn() {
        var channel = upgraded();
        for (int i = 0; i < LIMIT; i++) {
            channel.writeInbound(new TextWebSocketFrame("{\"type\":\"ping\"}"));
        }
        assertThat(channel.isOpen()).isTrue();
        channel.writeInbound(new TextWebSocketFrame("{\"type\":\"ping\"}"));

        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1008);
        close.release();
        assertThat(channel.isOpen()).isFalse();
        int passed = 0;
        for (Object frame; (frame = channel.readInbound()) != null; passed++) {
            ((WebSocketFrame) frame).release();
        }
        assertThat(passed).as("messages handed on").isEqualTo(LIMIT);
    }

    @Test
    void messagesHandledMakeRoomForMore() {
        var channel = upgraded();
        for (int i = 0; i < 10 * LIMIT; i++) {
            channel.writeInbound(new TextWebSocketFrame("{\"type\":\"ping\"}"));
            InboundFrames.handled(channel);
        }
        assertThat(channel.isOpen()).isTrue();
        assertThat((Object) channel.readOutbound()).isNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void aChannelNotWatchedOrUnknownHasNotSpoken() {
        assertThat(InboundFrames.spoke(null)).isFalse();
        assertThat(InboundFrames.spoke(new EmbeddedChannel())).isFalse();
        InboundFrames.handled(null); // nothing to count: no failure
    }

    /** The configuration with only the inbound backlog set. */
    private static RealtimeConfig config(int backlog) {
        var limits = (RealtimeConfig.Limits) Proxy.newProxyInstance(RealtimeConfig.class.getClassLoader(),
                new Class<?>[] {RealtimeConfig.Limits.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "inboundBacklog" -> backlog;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (RealtimeConfig) Proxy.newProxyInstance(RealtimeConfig.class.getClassLoader(),
                new Class<?>[] {RealtimeConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "limits" -> limits;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
