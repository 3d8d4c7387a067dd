package io.switchboard.contracts.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.contracts.realtime.ProtocolCodec;
import io.switchboard.contracts.realtime.ServerEvent;

class UserEventCodecTest {

    private final UserEventCodec codec = new UserEventCodec();
    private final Instant now = Instant.parse("2026-11-22T10:15:30.123Z");

    @Test
    void aPushedFrameTravelsUnchangedWithItsAudience() {
        var data = JsonNodeFactory.instance.objectNode().put("id", "todo-1").put("completed", true);
        var frame = new ProtocolCodec().encode(new ServerEvent.Event("todo:completed", data, now));
        var event = new UserEvent(UUID.randomUUID(), now, List.of(UUID.randomUUID()), false, "event", frame);

        var bytes = codec.encode(event);

        assertThat(codec.decode(bytes)).isEqualTo(event);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"user_ids\":[", "\"everyone\":false",
                "\"frame_type\":\"event\"");
        assertThat(frame).contains("\"type\":\"event\"", "\"event\":\"todo:completed\"",
                "\"data\":{\"id\":\"todo-1\",\"completed\":true}");
    }

    @Test
    void aBroadcastNeedsNoUserList() {
        var event = new UserEvent(UUID.randomUUID(), now, null, true, "notification", "{}");
        assertThat(codec.decode(codec.encode(event)).userIds()).isEmpty();
        assertThat(codec.decode(codec.encode(event)).everyone()).isTrue();
    }
}
