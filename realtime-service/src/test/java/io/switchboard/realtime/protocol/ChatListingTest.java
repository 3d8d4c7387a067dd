package io.switchboard.realtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.chats.ChatServiceCalls;
import io.switchboard.realtime.socket.RecordingSocket;
import io.switchboard.realtime.socket.Sessions;

/** get_my_chats: the page size asked of chat-service, the next page's cursor, the chats learnt. */
class ChatListingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final UUID user = UUID.randomUUID();
    private final UUID friend = UUID.randomUUID();
    private final List<String> asked = new ArrayList<>();
    private JsonNode page = JSON.createArrayNode();
    private final ChatServiceCalls chats = new ChatServiceCalls(null) {
        @Override
        public JsonNode myChatsRaw(String token, Integer limit, UUID after) {
            asked.add(token + " limit=" + limit + " after=" + after);
            return page;
        }
    };
    private final ChatMembers members = new ChatMembers();
    private final Sessions sessions = new Sessions();
    private final RecordingSocket socket = new RecordingSocket(user);
    private final ChatListing listing = new ChatListing(chats, members, sessions);

    ChatListingTest() {
        sessions.add(socket.session, 10);
    }

    @Test
    void withoutALimitAPageIsAHundredChats() {
        listing.list(socket.session, new ClientMessage.GetMyChats(null, null));
        assertThat(asked).containsExactly("token limit=100 after=null");
    }

    @Test
    void aLimitFromOneToFiveHundredIsAskedOfChatServiceWithTheCursor() {
        var after = UUID.randomUUID();
        listing.list(socket.session, new ClientMessage.GetMyChats(1, after));
        listing.list(socket.session, new ClientMessage.GetMyChats(500, null));
        assertThat(asked).containsExactly("token limit=1 after=" + after, "token limit=500 after=null");
    }

    @Test
    void aLimitOutsideOneToFiveHundredIsRefusedWithoutAskingChatService() {
        for (int limit : new int[] {0, -1, 501}) {
            assertThatThrownBy(() -> listing.list(socket.session, new ClientMessage.GetMyChats(limit, null)))
                    .isInstanceOfSatisfying(ProtocolException.class, e -> {
                        assertThat(e.code()).isEqualTo("invalid_field");
                        assertThat(e.getMessage()).isEqualTo("limit must be 1 to 500.");
                    });
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void aFullPageNamesItsLastChatAsWhereTheNextStartsAndAShorterOneIsTheLast() {
        page = chats(3);
        var full = listing.list(socket.session, new ClientMessage.GetMyChats(3, null));
        assertThat(full.chats()).isSameAs(page);
        assertThat(full.nextAfter()).isEqualTo(UUID.fromString(page.get(2).path("id").asText()));

        var last = listing.list(socket.session, new ClientMessage.GetMyChats(4, full.nextAfter()));
        assertThat(last.nextAfter()).isNull();

        page = chats(0);
        assertThat(listing.list(socket.session, new ClientMessage.GetMyChats(null, null)).nextAfter()).isNull();
    }

    @Test
    void theChatsListedBecomeKnownHereWithTheirMembersAddedToThoseKnownAlready() {
        page = chats(2);
        listing.list(socket.session, new ClientMessage.GetMyChats(2, null));
        var first = ids(page);
        page = chats(1);
        listing.list(socket.session, new ClientMessage.GetMyChats(2, null));

        assertThat(members.chatsOf(user)).containsExactlyInAnyOrderElementsOf(concat(first, ids(page)));
        assertThat(members.sharesAChat(user, friend)).isTrue();
    }

    @Test
    void aSocketClosedWhileChatServiceAnsweredLeavesNothingKnownOfItsUser() {
        sessions.remove(socket.session);
        page = chats(2);
        listing.list(socket.session, new ClientMessage.GetMyChats(null, null));

        assertThat(members.chatsOf(user)).isEmpty();
        assertThat(members.members(ids(page).get(0))).isEmpty();
    }

    /** {@code count} chats as chat-service lists them, each of the user and their friend. */
    private ArrayNode chats(int count) {
        var chats = JSON.createArrayNode();
        for (int i = 0; i < count; i++) {
            var chat = chats.addObject().put("id", UUID.randomUUID().toString()).put("title", "chat " + i);
            var people = chat.putArray("members");
            people.addObject().put("user_id", user.toString());
            people.addObject().put("user_id", friend.toString());
        }
        return chats;
    }

    private static List<UUID> ids(JsonNode chats) {
        var ids = new ArrayList<UUID>();
        chats.forEach(chat -> ids.add(UUID.fromString(chat.path("id").asText())));
        return ids;
    }

    private static List<UUID> concat(List<UUID> a, List<UUID> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
