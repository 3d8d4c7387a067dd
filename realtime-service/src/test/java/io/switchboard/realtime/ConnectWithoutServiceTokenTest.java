package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Without client credentials, a connecting user's chats are asked with the user's own token. */
@QuarkusTest
@TestProfile(ConnectWithoutServiceTokenTest.NoClientSecret.class)
class ConnectWithoutServiceTokenTest extends DevStackResources {

    public static class NoClientSecret implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("realtime.auth.client-secret", "");
        }
    }

    @Inject
    StubChats chats;

    @Inject
    StubServiceCallsResource calls;

    @Test
    void eachUsersChatsAreAskedWithTheirToken() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        chats.group(alice.id(), bob.id());
        int chatLists = chats.chatListRequests();
        int requests = calls.membershipRequests.size();
        try (var watcher = alice.connect(); var phone = bob.connect()) {
            var online = watcher.next("user_status");
            assertThat(online.path("user_id").asText()).isEqualTo(bob.id().toString());
            assertThat(online.path("status").asText()).isEqualTo("online");
        }
        assertThat(chats.chatListRequests()).isEqualTo(chatLists + 2);
        assertThat(calls.membershipRequests).hasSize(requests);
    }
}
