package io.switchboard.realtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.switchboard.realtime.config.RealtimeConfig.Cluster.InboxFormat;

class InboxRecordCodecTest {

    private final InboxRecordCodec codec = new InboxRecordCodec();

    @Test
    void aChatEventForAThousandUsersComesBackWhole() throws IOException {
        var users = IntStream.range(0, 1000).mapToObj(i -> UUID.randomUUID()).toList();
        var record = new InboxRecord("message.created", "{\"type\":\"message.created\",\"content\":\"é 😀\"}", false,
                Instant.parse("2026-12-05T10:15:30.123456789Z"), UUID.randomUUID(), 42, users, null, null, false);

        var bytes = codec.encode(record);

        assertThat(codec.decode(bytes)).isEqualTo(record);
        assertThat(bytes.length).as("16 bytes per user and the frame").isLessThan(1000 * 16 + 200);
    }

    @Test
    void aMembershipChangeCarriesItsEventAndWhomItWasFor() throws IOException {
        var record = new InboxRecord("member_added", "{}", false, Instant.EPOCH, UUID.randomUUID(), 7,
                List.of(UUID.randomUUID()), "{\"type\":\"chat.member_added\"}",
                List.of(UUID.randomUUID(), UUID.randomUUID()), false);

        assertThat(codec.decode(codec.encode(record))).isEqualTo(record);
    }

    @Test
    void aNoticeToEveryoneHasNoChatNoUsersAndMayHaveNoTime() throws IOException {
        var record = new InboxRecord("notice", "{\"text\":\"maintenance\"}", true, null, null, -1, List.of(), null,
                null, true);

        assertThat(codec.decode(codec.encode(record))).isEqualTo(record);
    }

    @Test
    void theJsonOfEarlierVersionsIsStillRead() throws IOException {
        var chat = UUID.randomUUID();
        var user = UUID.randomUUID();
        var json = ("{\"frame_type\":\"typing\",\"frame\":\"{}\",\"droppable\":true,\"event_time\":\"2026-12-05T10:15:30Z\","
                + "\"chat_id\":\"" + chat + "\",\"seq\":-1,\"users\":[\"" + user + "\"],\"membership\":null,"
                + "\"membership_recipients\":null,\"everyone\":false}").getBytes(StandardCharsets.UTF_8);

        assertThat(codec.decode(json)).isEqualTo(new InboxRecord("typing", "{}", true,
                Instant.parse("2026-12-05T10:15:30Z"), chat, -1, List.of(user), null, null, false));
    }

    @Test
    void whileEarlierVersionsRunItWritesTheirJson() throws IOException {
        var record = new InboxRecord("message.created", "{}", false, Instant.parse("2026-12-05T10:15:30Z"),
                UUID.randomUUID(), 3, List.of(UUID.randomUUID()), null, null, false);

        var bytes = new InboxRecordCodec(InboxFormat.JSON).encode(record);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("{").contains("\"frame_type\":\"message.created\"")
                .contains("\"event_time\":\"2026-12-05T10:15:30Z\"");
        assertThat(codec.decode(bytes)).isEqualTo(record);
    }

    @Test
    void bytesThatAreNoRecordAreRefusedNotMisread() {
        var whole = codec.encode(new InboxRecord("t", "{}", false, null, UUID.randomUUID(), 1,
                List.of(UUID.randomUUID()), null, null, false));

        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(whole, whole.length - 1))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(whole, whole.length + 1))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> codec.decode(new byte[] {9, 0})).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(IOException.class);
    }
}
