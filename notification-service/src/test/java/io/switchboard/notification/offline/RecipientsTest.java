package io.switchboard.notification.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.chat.ChatRosters;
import io.switchboard.contracts.chat.MessageView;

/** A share tried again after a failure does not read its chats' members from chat-service again. */
class RecipientsTest {

    private static final TopicPartition P0 = new TopicPartition("switchboard.chat-events", 0);

    private final UUID ann = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID one = UUID.randomUUID();
    private final UUID two = UUID.randomUUID();
    private final List<String> asked = new ArrayList<>();
    private boolean down;
    private final ChatRosters rosters = new ChatRosters((chat, seq) -> {
        asked.add((chat.equals(one) ? "one@" : "two@") + seq);
        if (down && chat.equals(two)) {
            throw new IllegalStateException("chat-service unavailable");
        }
        return Set.of(ann, bob);
    }, 1000);
    private final Recipients recipients = new Recipients(rosters::recipients);

    @Test
    void aShareTriedAgainIsAnsweredFromWhatItsFirstTryResolved() {
        var share = share(message(one, 5), message(two, 9), message(one, 6));
        assertThat(recipients.of(share)).extracting(Addressed::recipients).containsOnly(Set.of(ann, bob));

        var again = share(message(one, 5), message(two, 9), message(one, 6), message(one, 7));
        assertThat(recipients.of(again)).extracting(Addressed::recipients).containsOnly(Set.of(ann, bob));

        assertThat(asked).as("each chat once, where it was first seen; event 7 follows from 6")
                .containsExactly("one@5", "two@9");
    }

    @Test
    void aShareThatFailedMidwayAsksAgainOnlyForWhatItCouldNotResolve() {
        down = true;
        var share = share(message(one, 5), message(two, 9), message(one, 6));
        assertThatThrownBy(() -> recipients.of(share)).hasMessage("chat-service unavailable");

        down = false;
        assertThat(recipients.of(share)).hasSize(3);
        assertThat(asked).as("chat one was resolved before the failure; its event 6 follows from 5")
                .containsExactly("one@5", "two@9", "two@9");
    }

    @Test
    void whatWasStoredOrGivenUpIsNotKept() {
        var share = share(message(one, 5), message(one, 6));
        recipients.of(share);
        recipients.stored(share);
        recipients.of(share); // delivered again after it was stored (its commit did not reach the broker)
        recipients.forget(List.of(P0));
        recipients.of(share);
        assertThat(asked).as("resolved afresh each time").containsExactly("one@5", "one@5", "one@5");
    }

    private static PartitionEvents share(ChatEvent... events) {
        return new PartitionEvents(P0, 100, 100 + events.length, List.of(events));
    }

    private ChatEvent message(UUID chat, long seq) {
        var view = new MessageView(UUID.randomUUID(), chat, seq, ann, "hi", "text", Instant.now(), null, false);
        return ChatEvent.of(chat, seq, ann, new ChatEventData.MessageCreated(view), Instant.now());
    }
}
