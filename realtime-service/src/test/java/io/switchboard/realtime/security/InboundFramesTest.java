package io.switchboard.realtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

class FirstFrameTest {

    /** A channel as Vert.x leaves it after the upgrade: its own handler last, named "handler". */
    private static EmbeddedChannel upgraded() {
        var channel = new EmbeddedChannel();
        channel.pipeline().addLast(BrokenFrames.VERTX_HANDLER, new ChannelInboundHandlerAdapter());
        FirstFrame.watch(channel);
        return channel;
    }

    @Test
    void aMessageFrameIsNotedAndPassedOnAndTheWatcherLeaves() {
        var channel = upgraded();
        assertThat(FirstFrame.spoke(channel)).isFalse();
        channel.writeInbound(new TextWebSocketFrame("{\"type\":\"resume\"}"));
        assertThat(FirstFrame.spoke(channel)).isTrue();
        assertThat(channel.pipeline().get(FirstFrame.class)).as("later frames skip it").isNull();
        WebSocketFrame passed = channel.readInbound();
        assertThat(passed).isInstanceOf(TextWebSocketFrame.class);
        passed.release();
    }

    @Test
    void controlFramesAreNotMessages() {
        var channel = upgraded();
        channel.writeInbound(new PingWebSocketFrame());
        channel.writeInbound(new PongWebSocketFrame());
        assertThat(FirstFrame.spoke(channel)).isFalse();
        assertThat(channel.pipeline().get(FirstFrame.class)).isNotNull();
    }

    @Test
    void aChannelNotWatchedOrUnknownHasNotSpoken() {
        assertThat(FirstFrame.spoke(null)).isFalse();
        assertThat(FirstFrame.spoke(new EmbeddedChannel())).isFalse();
    }
}
