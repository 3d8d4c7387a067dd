package io.switchboard.contracts.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ChatRostersTest {

    private final UUID chat = UUID.randomUUID();
    private final UUID ann = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID cid = UUID.randomUUID();
    private final List<Long> loadedAt = new ArrayList<>();

    @Test
    void aChatFollowedFromItsCreationIsNeverRead() {
        var rosters = new ChatRosters(this::failingLoad, 100);
        assertThat(rosters.recipients(event(1, new ChatEventData.ChatCreated("group", "G", ann, List.of(ann, bob)))))
                .containsExactlyInAnyOrder(ann, bob);
        assertThat(rosters.recipients(message(2))).containsExactlyInAnyOrder(ann, bob);
        assertThat(rosters.recipients(event(3, new ChatEventData.MemberAdded(cid, ann))))
                .containsExactlyInAnyOrder(ann, bob, cid);
        assertThat(rosters.recipients(message(4))).containsExactlyInAnyOrder(ann, bob, cid);
        assertThat(rosters.recipients(event(5, new ChatEventData.MemberRemoved(bob, ann))))
                .as("the removed member learns it").containsExactlyInAnyOrder(ann, bob, cid);
        assertThat(rosters.recipients(message(6))).containsExactlyInAnyOrder(ann, cid);
        assertThat(rosters.loads()).isZero();
    }

    @Test
    void anEventHandledAgainHasTheSameRecipients() {
        var rosters = new ChatRosters(this::failingLoad, 100);
        rosters.recipients(event(1, new ChatEventData.ChatCreated("group", "G", ann, List.of(ann, bob))));
        var removal = event(2, new ChatEventData.MemberRemoved(bob, bob));
        assertThat(rosters.recipients(removal)).containsExactlyInAnyOrder(ann, bob);
        assertThat(rosters.recipients(removal)).containsExactlyInAnyOrder(ann, bob);
        assertThat(rosters.recipients(message(3))).containsExactly(ann);
    }

    @Test
    void aChatFirstSeenMidwayIsReadAtThatEventAndFollowedFromThere() {
        var rosters = new ChatRosters((chatId, seq) -> {
            loadedAt.add(seq);
            return Set.of(ann, bob);
        }, 100);
        assertThat(rosters.recipients(message(40))).containsExactlyInAnyOrder(ann, bob);
        assertThat(rosters.recipients(message(41))).containsExactlyInAnyOrder(ann, bob);
        assertThat(loadedAt).containsExactly(40L);
    }

    @Test
    void aGapInTheChatsEventsMeansTheCopyIsStaleAndIsReadAgain() {
        var rosters = new ChatRosters((chatId, seq) -> {
            loadedAt.add(seq);
            return seq < 10 ? Set.of(ann, bob) : Set.of(ann);
        }, 100);
        rosters.recipients(message(5));
        // events 6..9 went to another consumer (a partition that moved away and came back)
        assertThat(rosters.recipients(message(10))).containsExactly(ann);
        assertThat(loadedAt).containsExactly(5L, 10L);
    }

    @Test
    void aReadThatFailsFailsTheEventAndLeavesNothingBehind() {
        var rosters = new ChatRosters(this::failingLoad, 100);
        assertThatThrownBy(() -> rosters.recipients(message(7))).isInstanceOf(IllegalStateException.class);
        var recovered = new ChatRosters((chatId, seq) -> Set.of(ann), 100);
        assertThat(recovered.recipients(message(7))).containsExactly(ann);
    }

    @Test
    void theLeastRecentlyUsedChatsGoFirstWhenTheBoundIsReached() {
        var other = UUID.randomUUID();
        var rosters = new ChatRosters((chatId, seq) -> {
            loadedAt.add(seq);
            return Set.of(ann, bob);
        }, 3);
        rosters.recipients(message(1));
        // 4 ids would be held: the first chat, least recently used, goes
        rosters.recipients(ChatEvent.of(other, 1, ann,
                new ChatEventData.ChatCreated("group", "G", ann, List.of(ann, bob)), Instant.now()));
        assertThat(rosters.recipients(message(2))).containsExactlyInAnyOrder(ann, bob);
        assertThat(loadedAt).containsExactly(1L, 2L);
    }

    @Test
    void onlyChatNotFoundMeansTheChatIsGone() {
        assertThat(ChatRosters.chatIsGone(404, "{\"status\":404,\"code\":\"chat_not_found\"}")).isTrue();
        assertThat(ChatRosters.chatIsGone(404, "{\"status\":404,\"code\":\"not_found\"}"))
                .as("an older chat-service without the read").isFalse();
        assertThat(ChatRosters.chatIsGone(404, null)).isFalse();
        assertThat(ChatRosters.chatIsGone(503, "{\"code\":\"chat_not_found\"}")).isFalse();
    }

    private Set<UUID> failingLoad(UUID chatId, long seq) {
        throw new IllegalStateException("chat-service unavailable");
    }

    private ChatEvent message(long seq) {
        var view = new MessageView(UUID.randomUUID(), chat, seq, ann, "hi", "text", Instant.now(), null, false);
        return event(seq, new ChatEventData.MessageCreated(view));
    }

    private ChatEvent event(long seq, ChatEventData data) {
        return ChatEvent.of(chat, seq, ann, data, Instant.now());
    }
}
