package io.switchboard.contracts.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ChatEventCodecTest {

    private final ChatEventCodec codec = new ChatEventCodec();
    private final UUID chat = UUID.randomUUID();
    private final UUID ann = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final Instant now = Instant.parse("2026-11-22T10:15:30.123Z");

    @Test
    void everyPayloadTypeSurvivesARoundTrip() {
        var original = new MessageView(UUID.randomUUID(), chat, 5, bob, "question", "text", now, null, false);
        var message = new MessageView(UUID.randomUUID(), chat, 7, ann, "hi @bob", "text", now, null, false,
                new MessageView.ReplyPreview(original.id(), 5, bob, "question", false), List.of(bob),
                List.of(new AttachmentView(UUID.randomUUID(), "a.png", "image/png", 2048, "ab".repeat(32), 64, 48, true)),
                List.of());
        List<ChatEventData> payloads = List.of(
                new ChatEventData.ChatCreated("group", "Team", ann, List.of(ann, bob)),
                new ChatEventData.ChatUpdated("New title", ann),
                new ChatEventData.MemberAdded(bob, ann),
                new ChatEventData.MemberRemoved(bob, bob),
                new ChatEventData.MessageCreated(message, List.of(bob)),
                new ChatEventData.MessageUpdated(message.id(), "edited", now),
                new ChatEventData.MessageDeleted(message.id(), ann),
                new ChatEventData.MessagesRead(bob, 7),
                new ChatEventData.ReactionAdded(message.id(), 7, "👍", bob, 2),
                new ChatEventData.ReactionRemoved(message.id(), 7, ":tada:", bob, 0),
                new ChatEventData.MessagePinned(message.id(), 7, bob),
                new ChatEventData.MessageUnpinned(message.id(), 7, ann));
        assertThat(payloads).extracting(ChatEventData::eventType)
                .containsExactlyInAnyOrderElementsOf(ChatEventTypes.PAYLOADS.keySet());
        for (ChatEventData payload : payloads) {
            var event = ChatEvent.of(chat, 7, ann, payload, now);
            assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
        }
    }

    @Test
    void theWireFormatIsSnakeCaseWithIsoTimestamps() {
        var message = new MessageView(UUID.randomUUID(), chat, 3, ann, "hi", "text", now, null, false);
        var json = codec.encodeToString(ChatEvent.of(chat, 3, ann, new ChatEventData.MessageCreated(message), now));
        assertThat(json).contains("\"type\":\"message.created\"", "\"source\":\"chat-service\"",
                "\"subject\":\"" + chat + "\"", "\"chat_id\":\"" + chat + "\"", "\"seq\":3",
                "\"time\":\"2026-11-22T10:15:30.123Z\"", "\"sender_id\":\"" + ann + "\"", "\"message_type\":\"text\"");
    }

    @Test
    void unknownFieldsAreIgnoredAndUnknownTypesAreNamed() {
        var event = ChatEvent.of(chat, 1, ann, new ChatEventData.ChatUpdated("x", ann), now);
        var newer = codec.encodeToString(event).replace("\"seq\":1", "\"seq\":1,\"added_later\":true");
        assertThat(codec.decode(newer)).isEqualTo(event);
        var unknown = codec.encodeToString(event).replace("chat.updated", "chat.archived");
        assertThatThrownBy(() -> codec.decode(unknown))
                .isInstanceOf(ChatEventCodec.UnknownEventTypeException.class).hasMessageContaining("chat.archived");
    }

    @Test
    void aMessageEventWrittenBeforeMutesExistedMeansNobodyMutedTheChat() {
        var message = new MessageView(UUID.randomUUID(), chat, 3, ann, "hi", "text", now, null, false);
        var json = codec.encodeToString(ChatEvent.of(chat, 3, ann,
                new ChatEventData.MessageCreated(message, List.of(bob)), now));
        assertThat(json).contains("\"muted_by\":[\"" + bob + "\"]");
        var older = json.replace(",\"muted_by\":[\"" + bob + "\"]", "");
        assertThat(codec.decode(older).data()).isInstanceOfSatisfying(ChatEventData.MessageCreated.class,
                created -> assertThat(created.mutedBy()).isEmpty());
    }
}
