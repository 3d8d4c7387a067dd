package io.switchboard.realtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.chats.BlockLists;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.chats.ChatServiceCalls;
import io.switchboard.realtime.cluster.Directory;
import io.switchboard.realtime.cluster.TestDirectory;
import io.switchboard.realtime.config.TestConfig;
import io.switchboard.realtime.presence.Presence;
import io.switchboard.realtime.presence.PresenceSubscriptions;
import io.switchboard.realtime.socket.EventFrames;
import io.switchboard.realtime.socket.RecordingSocket;
import io.switchboard.realtime.socket.Sessions;

/**
 * status, get_chat_status, subscribe_presence: a socket's status is online or away; a chat's
 * presence lists its members sorted, each as the asker may see them (a blocked one offline,
 * never seen), from one directory query.
 */
class PresenceRequestsTest {

    private static final Instant SEEN = Instant.parse("2030-01-01T10:00:00Z");

    private final UUID user = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID carol = UUID.randomUUID(); // blocked by the user
    private final UUID group = UUID.randomUUID();
    private final UUID direct = UUID.randomUUID();
    private final UUID laterChat = UUID.randomUUID(); // the user's, not known here yet
    private final ChatMembers members = new ChatMembers();
    private final BlockLists blocks = new BlockLists();
    private final TestDirectory directory = new TestDirectory();
    private final Sessions sessions = new Sessions();
    private final List<UUID> changed = new ArrayList<>();
    private final Presence presence = new Presence(sessions, members, blocks, new EventFrames(), null, null, directory,
            null, null, TestConfig.defaults()) {
        @Override
        public void changed(UUID userId) {
            changed.add(userId);
        }
    };
    private final List<UUID> membershipsAsked = new ArrayList<>();
    private final ChatServiceCalls chats = new ChatServiceCalls(null) {
        @Override
        public Membership membership(String token, UUID chatId) {
            membershipsAsked.add(chatId);
            if (!chatId.equals(laterChat)) {
                throw new ProtocolException("chat_not_found", "No such chat among yours.", null);
            }
            return new Membership(chatId, Set.of(user, bob));
        }
    };
    private final RecordingSocket socket = new RecordingSocket(user);
    private final PresenceRequests requests = new PresenceRequests(new ChatAccess(chats, members), members, presence,
            new PresenceSubscriptions(sessions, members, blocks, directory, new EventFrames(), TestConfig.defaults()));

    PresenceRequestsTest() {
        sessions.add(socket.session, 10);
        members.userArrived(user, List.of(new ChatServiceCalls.Membership(group, Set.of(user, bob, carol)),
                new ChatServiceCalls.Membership(direct, Set.of(user, bob))));
        blocks.userArrived(user, List.of(new BlockLists.Block(user, carol)), System.nanoTime());
        directory.states.put(bob, new Directory.State("away", SEEN));
        directory.states.put(carol, new Directory.State("online", SEEN));
    }

    @Test
    void aSocketIsOnlineOrAwayAndItsUsersStatusIsRecomputed() {
        requests.setStatus(socket.session, new ClientMessage.SetStatus("away"));
        assertThat(socket.session.status()).isEqualTo("away");
        requests.setStatus(socket.session, new ClientMessage.SetStatus("online"));
        assertThat(socket.session.status()).isEqualTo("online");
        assertThat(changed).containsExactly(user, user);
    }

    @Test
    void anyOtherStatusIsRefusedAndChangesNothing() {
        requests.setStatus(socket.session, new ClientMessage.SetStatus("away"));
        changed.clear();
        for (var status : List.of("offline", "busy", "", "AWAY")) {
            assertThatThrownBy(() -> requests.setStatus(socket.session, new ClientMessage.SetStatus(status)))
                    .isInstanceOfSatisfying(ProtocolException.class, e -> {
                        assertThat(e.code()).isEqualTo("invalid_field");
                        assertThat(e.getMessage()).isEqualTo("'status' is online or away.");
                    });
        }
        assertThat(socket.session.status()).isEqualTo("away");
        assertThat(changed).isEmpty();
    }

    @Test
    void aChatsStatusListsItsMembersSortedAsTheAskerMaySeeThem() {
        var status = requests.chatStatus(socket.session, new ClientMessage.GetChatStatus(group));

        var expected = Stream.of(user, bob, carol).sorted().map(member -> member.equals(bob)
                ? new ServerEvent.MemberPresence(bob, "away", SEEN)
                : new ServerEvent.MemberPresence(member, "offline", null)).toList(); // carol: online, but blocked
        assertThat(status.chats()).containsExactly(new ServerEvent.ChatPresence(group, expected));
        assertThat(membershipsAsked).as("a chat known here").isEmpty();
    }

    @Test
    void withoutAChatEveryKnownChatIsListedFromOneDirectoryQuery() {
        var status = requests.chatStatus(socket.session, new ClientMessage.GetChatStatus(null));

        assertThat(status.chats()).extracting(ServerEvent.ChatPresence::chatId)
                .containsExactlyInAnyOrder(group, direct);
        assertThat(status.chats()).filteredOn(chat -> chat.chatId().equals(direct)).singleElement()
                .extracting(ServerEvent.ChatPresence::members).asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.list(ServerEvent.MemberPresence.class))
                .hasSize(2);
        assertThat(directory.queries).containsExactly(Set.of(user, bob, carol));
    }

    @Test
    void aChatNotKnownHereIsAskedOfChatServiceOnceAndARefusalIsTheAnswer() {
        var status = requests.chatStatus(socket.session, new ClientMessage.GetChatStatus(laterChat));
        assertThat(status.chats()).singleElement().satisfies(chat -> assertThat(chat.members()).hasSize(2));
        requests.chatStatus(socket.session, new ClientMessage.GetChatStatus(laterChat));
        assertThat(membershipsAsked).containsExactly(laterChat);

        var unknown = UUID.randomUUID();
        directory.queries.clear();
        assertThatThrownBy(() -> requests.chatStatus(socket.session, new ClientMessage.GetChatStatus(unknown)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("chat_not_found"));
        assertThat(directory.queries).isEmpty();
    }

    @Test
    void aSubscriptionIsAnsweredWithEachUsersPresenceAsTheAskerMaySeeIt() {
        var batch = requests.subscribe(socket.session, new ClientMessage.SubscribePresence(List.of(bob, carol)));

        assertThat(batch.users()).containsExactly(new ServerEvent.MemberPresence(bob, "away", SEEN),
                new ServerEvent.MemberPresence(carol, "offline", null));
        assertThat(socket.session.watching()).containsExactlyInAnyOrder(bob, carol);
    }
}
