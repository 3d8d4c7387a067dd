package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventTypes;
import io.switchboard.contracts.chat.ChatRosters;
import io.switchboard.contracts.Scopes;

/**
 * Whom chat events are for, worked out as a consuming service does: with contracts'
 * {@link ChatRosters}, reading the members it does not know from
 * {@code GET /api/memberships/{id}?before_seq=} with a service token.
 */
public final class Rosters {

    private Rosters() {
    }

    /** The chat's members after every event before {@code seq}, as chat-service answers them. */
    public static Set<UUID> membersBefore(TestUser service, UUID chatId, long seq) {
        List<String> ids = service.request().get("/api/memberships/" + chatId + "?before_seq=" + seq)
                .then().statusCode(200).extract().jsonPath().getList("member_ids");
        return ids.stream().map(UUID::fromString).collect(Collectors.toSet());
    }

    /**
     * Whom each of a chat's events is for, from its {@code chat.created} on, worked out twice: by a
     * consumer that followed the chat from its first event (it reads nothing, and needs the events
     * gapless and in order), and by consumers that each meet the chat at one event (they read the
     * members before it from chat-service). Fails unless the two agree on every event.
     */
    public static List<Set<UUID>> recipientsOf(List<ChatEvent> events) {
        assertThat(events).isNotEmpty();
        assertThat(events.getFirst().type()).isEqualTo(ChatEventTypes.CHAT_CREATED);
        var service = TestUser.backend(Scopes.MEMBERSHIPS);
        ChatRosters.Loader loader = (chat, seq) -> membersBefore(service, chat, seq);
        var follower = new ChatRosters(loader, 10_000);
        var recipients = new ArrayList<Set<UUID>>();
        long reads = 0;
        for (ChatEvent event : events) {
            var followed = follower.recipients(event);
            var newcomer = new ChatRosters(loader, 10_000);
            assertThat(newcomer.recipients(event)).as("recipients of event %d read from chat-service", event.seq())
                    .isEqualTo(followed);
            reads += newcomer.loads();
            recipients.add(followed);
        }
        assertThat(follower.loads()).as("reads by the consumer that followed the chat").isZero();
        assertThat(reads).as("reads by the consumers that met the chat late").isEqualTo(events.size() - 1);
        return recipients;
    }
}
