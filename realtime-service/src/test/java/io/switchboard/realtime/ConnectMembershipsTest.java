package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.TestSocket;

/**
 * The chats of connecting users are asked of chat-service with the instance's own service token,
 * once for all the users arriving together, never with one request per socket.
 */
@QuarkusTest
class ConnectMembershipsTest extends DevStackResources {

    @Inject
    StubChats chats;

    @Inject
    StubServiceCallsResource calls;

    @Test
    void usersArrivingWhileARequestIsUnderWayAreAskedAboutTogether() {
        var first = People.create("first");
        var others = new ArrayList<People>();
        for (int i = 0; i < 10; i++) {
            others.add(People.create("other" + i));
        }
        chats.group(first.id(), others.getFirst().id());
        int chatLists = chats.chatListRequests();
        int requests = calls.membershipRequests.size();
        var gate = new Semaphore(0);
        calls.gate = gate;
        var sockets = new ArrayList<TestSocket>();
        try {
            sockets.add(RealtimeUrl.connect(first.token()));
            awaitRequests(requests + 1); // the first user's request is held at chat-service
            for (var other : others) {
                sockets.add(RealtimeUrl.connect(other.token())); // these wait behind it
            }
            calls.gate = null;
            gate.release(100);
            for (var socket : sockets) {
                socket.next("connected");
            }
            var asked = calls.membershipRequests.subList(requests, calls.membershipRequests.size());
            assertThat(asked).hasSizeLessThanOrEqualTo(2);
            var users = new HashSet<UUID>();
            asked.forEach(users::addAll);
            assertThat(users).contains(first.id());
            others.forEach(other -> assertThat(users).contains(other.id()));
            assertThat(chats.chatListRequests()).isEqualTo(chatLists); // no user's own chat list asked

            // What the batch answered is what presence goes by: the first user hears the other come and go.
            sockets.get(1).close();
            var offline = sockets.getFirst().next(frame -> frame.path("type").asText().equals("user_status")
                    && frame.path("status").asText().equals("offline"), "user_status offline");
            assertThat(offline.path("user_id").asText()).isEqualTo(others.getFirst().id().toString());
        } finally {
            calls.gate = null;
            gate.release(100);
            sockets.forEach(TestSocket::close);
        }
    }

    @Test
    void aConnectStillSucceedsWhenChatServiceCannotBeAsked() {
        var user = People.create("lonely");
        chats.unavailable(true);
        try (var socket = RealtimeUrl.connect(user.token())) {
            socket.next("connected");
        } finally {
            chats.unavailable(false);
        }
    }

    @Test
    void chatsThatCouldNotBeAskedAtConnectAreAskedAgainUntilChatServiceAnswers() {
        var lonely = People.create("lonely");
        var friend = People.create("friend");
        var chat = chats.group(friend.id(), lonely.id());
        try (var friendSocket = friend.connect()) {
            chats.unavailable(true);
            try (var socket = RealtimeUrl.connect(lonely.token())) {
                socket.next("connected");
                friendSocket.expectNone("user_status", Duration.ofSeconds(1)); // nobody knows lonely's chats yet
                chats.unavailable(false);

                var online = friendSocket.next(frame -> frame.path("type").asText().equals("user_status")
                        && frame.path("user_id").asText().equals(lonely.id().toString()), "lonely online");
                assertThat(online.path("status").asText()).isEqualTo("online");
                socket.send("{\"type\":\"get_chat_status\"}");
                assertThat(socket.next("chat_status").path("chats").findValuesAsText("chat_id")).contains(chat.toString());
            }
        } finally {
            chats.unavailable(false);
        }
    }

    private void awaitRequests(int count) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (calls.membershipRequests.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no memberships request arrived");
            }
            Thread.onSpinWait();
        }
    }
}
