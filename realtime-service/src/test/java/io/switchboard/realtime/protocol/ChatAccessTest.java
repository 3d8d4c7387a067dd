package io.switchboard.realtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.chats.ChatServiceCalls;
import io.switchboard.realtime.socket.Frame;
import io.switchboard.realtime.socket.Outbound;
import io.switchboard.realtime.socket.RecordingSocket;

/**
 * A chat a request names must be the user's: known here, or confirmed by chat-service (once);
 * join_chat and leave_chat then unmute and mute it on that socket.
 */
class ChatAccessTest {

    private final UUID user = UUID.randomUUID();
    private final UUID known = UUID.randomUUID();
    private final UUID later = UUID.randomUUID(); // the user's, not known here yet
    private final List<String> asked = new ArrayList<>();
    private final ChatServiceCalls chats = new ChatServiceCalls(null) {
        @Override
        public Membership membership(String token, UUID chatId) {
            asked.add(token + " " + chatId);
            if (!chatId.equals(later)) {
                throw new ProtocolException("chat_not_found", "No such chat among yours.", null);
            }
            return new Membership(chatId, Set.of(user));
        }
    };
    private final ChatMembers members = new ChatMembers();
    private final ChatAccess access = new ChatAccess(chats, members);
    private final ChatMutes mutes = new ChatMutes(access);
    private final RecordingSocket socket = new RecordingSocket(user);

    ChatAccessTest() {
        members.userArrived(user, List.of(new ChatServiceCalls.Membership(known, Set.of(user))));
        socket.session.releaseOpening();
    }

    @Test
    void aChatKnownHereIsNotAskedOf() {
        access.requireMember(socket.session, known);
        assertThat(asked).isEmpty();
    }

    @Test
    void aChatNotKnownHereIsAskedOfChatServiceWithTheUsersTokenOnceAndLearnt() {
        access.requireMember(socket.session, later);
        access.requireMember(socket.session, later);

        assertThat(asked).containsExactly("token " + later);
        assertThat(members.isMember(user, later)).isTrue();
        assertThat(members.chatsOf(user)).contains(later);
    }

    @Test
    void chatServicesRefusalIsTheAnswerAndNothingIsLearnt() {
        var stranger = UUID.randomUUID();
        assertThatThrownBy(() -> access.requireMember(socket.session, stranger))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("chat_not_found"));
        assertThat(members.isMember(user, stranger)).isFalse();
    }

    @Test
    void leaveChatMutesTheChatOnThisSocketAndJoinChatUnmutesIt() {
        mutes.leave(socket.session, new ClientMessage.LeaveChat(known));
        assertThat(socket.session.deliver(frame(), known, 1, null)).isEqualTo(Outbound.Result.DROPPED);

        mutes.join(socket.session, new ClientMessage.JoinChat(known));
        assertThat(socket.session.deliver(frame(), known, 2, null)).isEqualTo(Outbound.Result.SENT);
        assertThat(socket.written).hasSize(1);
    }

    @Test
    void aChatNotTheUsersIsNeitherMutedNorUnmuted() {
        var stranger = UUID.randomUUID();
        assertThatThrownBy(() -> mutes.leave(socket.session, new ClientMessage.LeaveChat(stranger)))
                .isInstanceOf(ProtocolException.class);
        assertThat(socket.session.deliver(frame(), stranger, 1, null)).isEqualTo(Outbound.Result.SENT);
    }

    private static Frame frame() {
        return Frame.of("new_message", "{}", false, Instant.now());
    }
}
