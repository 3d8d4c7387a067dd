package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.contracts.block.BlockChange;

/**
 * Chat events and block changes go to Kafka as soon as their transaction commits, not at the
 * relays' next sweep: here the sweep comes once an hour, so only the wake-up on commit can
 * publish them within the test.
 */
@QuarkusTest
@TestProfile(PublishOnCommitTest.HourlySweep.class)
class PublishOnCommitTest {

    public static class HourlySweep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.outbox.sweep-interval", "1H");
        }
    }

    @Test
    void aMessageAndABlockArePublishedRightAfterTheirCommit() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.directChatWith(bob);
        ann.send(chat, "hello");

        assertThat(ChatEventsTopic.eventsOf(chat, 2)).extracting(io.switchboard.contracts.chat.ChatEvent::type)
                .contains("message.created");

        ann.request().put("/api/blocks/" + bob.id()).then().statusCode(204);
        assertThat(BlockChangesTopic.changesBy(ann.id(), 1)).extracting(BlockChange::blocked).containsExactly(true);
    }
}
