package io.switchboard.realtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.contracts.realtime.ProtocolCodec;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.config.TestConfig;
import io.switchboard.realtime.socket.ClientSession;
import io.switchboard.realtime.socket.RecordingSocket;

/** Each client message type reaches the handler of its family, once, and its answer is returned. */
class DispatcherTest {

    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");
    private static final UUID CHAT = UUID.randomUUID();
    private static final UUID USER = UUID.randomUUID();

    private final List<String> calls = new ArrayList<>();
    private final ServerEvent.Pong pong = new ServerEvent.Pong(AT);
    private final ServerEvent.Authenticated authenticated = new ServerEvent.Authenticated(USER, AT, AT);
    private final ServerEvent.MessageSent sent = new ServerEvent.MessageSent(CHAT, "c-1", null, AT);
    private final ServerEvent.MyChats myChats = new ServerEvent.MyChats(null, null, AT);
    private final ServerEvent.ChatStatus chatStatus = new ServerEvent.ChatStatus(List.of(), AT);
    private final ServerEvent.PresenceBatch presence = new ServerEvent.PresenceBatch(List.of(), AT);

    private final Dispatcher dispatcher = new Dispatcher(
            new SocketUpkeep(null) {
                @Override
                ServerEvent.Pong pong() {
                    return called("upkeep.pong", pong);
                }

                @Override
                ServerEvent.Authenticated renew(ClientSession session, String token) {
                    return called("upkeep.renew " + token, authenticated);
                }
            },
            new ChatMessages(null) {
                @Override
                ServerEvent.MessageSent send(ClientSession session, ClientMessage.SendMessage send) {
                    return called("messages.send " + send.content(), sent);
                }

                @Override
                void read(ClientSession session, ClientMessage.ReadMessages read) {
                    called("messages.read " + read.seq(), null);
                }
            },
            new ChatMutes(null) {
                @Override
                void join(ClientSession session, ClientMessage.JoinChat join) {
                    called("mutes.join " + (join.chatId() == CHAT), null);
                }

                @Override
                void leave(ClientSession session, ClientMessage.LeaveChat leave) {
                    called("mutes.leave " + (leave.chatId() == CHAT), null);
                }
            },
            new ChatListing(null, null, null) {
                @Override
                ServerEvent.MyChats list(ClientSession session, ClientMessage.GetMyChats page) {
                    return called("listing.list " + page.limit(), myChats);
                }
            },
            new PresenceRequests(null, null, null, null) {
                @Override
                void setStatus(ClientSession session, ClientMessage.SetStatus set) {
                    called("presence.setStatus " + set.status(), null);
                }

                @Override
                ServerEvent.ChatStatus chatStatus(ClientSession session, ClientMessage.GetChatStatus asked) {
                    return called("presence.chatStatus", chatStatus);
                }

                @Override
                ServerEvent.PresenceBatch subscribe(ClientSession session, ClientMessage.SubscribePresence subscribe) {
                    return called("presence.subscribe " + subscribe.userIds().size(), presence);
                }
            },
            new TypingRequests(null, null) {
                @Override
                void update(ClientSession session, ClientMessage.Typing typed) {
                    called("typing.update " + typed.isTyping(), null);
                }
            },
            new Resumption(null, null, null, null, TestConfig.defaults()) {
                @Override
                void resume(ClientSession session, Map<UUID, Long> lastSeen) {
                    called("resumption.resume " + lastSeen.get(CHAT), null);
                }
            });

    private final ClientSession session = new RecordingSocket(USER).session;

    @Test
    void eachTypeGoesToTheHandlerOfItsFamily() {
        var expected = new LinkedHashMap<ClientMessage, Handled>();
        expected.put(new ClientMessage.Ping(), new Handled("upkeep.pong", pong));
        expected.put(new ClientMessage.Auth("fresh"), new Handled("upkeep.renew fresh", authenticated));
        expected.put(new ClientMessage.SendMessage(CHAT, "hi", null, "c-1"), new Handled("messages.send hi", sent));
        expected.put(new ClientMessage.ReadMessages(CHAT, 7L), new Handled("messages.read 7", null));
        expected.put(new ClientMessage.JoinChat(CHAT), new Handled("mutes.join true", null));
        expected.put(new ClientMessage.LeaveChat(CHAT), new Handled("mutes.leave true", null));
        expected.put(new ClientMessage.GetMyChats(20, null), new Handled("listing.list 20", myChats));
        expected.put(new ClientMessage.Typing(CHAT, true), new Handled("typing.update true", null));
        expected.put(new ClientMessage.SetStatus("away"), new Handled("presence.setStatus away", null));
        expected.put(new ClientMessage.GetChatStatus(CHAT), new Handled("presence.chatStatus", chatStatus));
        expected.put(new ClientMessage.SubscribePresence(List.of(USER)), new Handled("presence.subscribe 1", presence));
        expected.put(new ClientMessage.Resume(Map.of(CHAT, 3L)), new Handled("resumption.resume 3", null));

        assertThat(expected.keySet()).extracting(ClientMessage::typeOf).as("every type")
                .containsExactlyInAnyOrderElementsOf(ClientMessage.TYPES.keySet());
        expected.forEach((message, handled) -> {
            calls.clear();
            assertThat(dispatcher.dispatch(session, message)).as(ClientMessage.typeOf(message))
                    .isSameAs(handled.answer());
            assertThat(calls).as(ClientMessage.typeOf(message)).containsExactly(handled.call());
        });
    }

    @Test
    void anAliasIsCarriedOutAsItsType() {
        var message = new ProtocolCodec().decode("{\"type\":\"mark_read\",\"chat_id\":\"" + CHAT + "\",\"seq\":9}");
        assertThat(dispatcher.dispatch(session, message)).isNull();
        assertThat(calls).containsExactly("messages.read 9");
    }

    private <T extends ServerEvent> T called(String call, T answer) {
        calls.add(call);
        return answer;
    }

    /** The handler call a message makes, and the answer it returns. */
    private record Handled(String call, ServerEvent answer) {
    }
}
