package io.switchboard.chat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.switchboard.contracts.chat.ChatEventData;

/** Undoing membership events, newest first, from the current members. */
class MembersBeforeUndoTest {

    private final UUID ann = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID cid = UUID.randomUUID();

    @Test
    void noEventsLeaveTheCurrentMembers() {
        assertThat(MembersBefore.undo(List.of(ann, bob), List.of())).containsExactly(ann, bob);
    }

    @Test
    void anAdditionIsTakenBackAndARemovalGivenBack() {
        var newestFirst = List.<ChatEventData>of(
                new ChatEventData.MemberRemoved(bob, ann),
                new ChatEventData.MemberAdded(cid, ann));
        assertThat(MembersBefore.undo(List.of(ann, cid), newestFirst)).containsExactly(ann, bob);
    }

    @Test
    void aMemberWhoLeftAndCameBackIsAMemberBeforeBoth() {
        var newestFirst = List.<ChatEventData>of(
                new ChatEventData.MemberAdded(bob, ann),
                new ChatEventData.MemberRemoved(bob, bob));
        assertThat(MembersBefore.undo(List.of(ann, cid, bob), newestFirst)).containsExactly(ann, cid, bob);
        // between the two, bob was not in the chat
        assertThat(MembersBefore.undo(List.of(ann, cid, bob), newestFirst.subList(0, 1))).containsExactly(ann, cid);
    }

    @Test
    void beforeTheChatWasCreatedNobodyIsAMember() {
        var newestFirst = List.<ChatEventData>of(
                new ChatEventData.MemberRemoved(bob, ann),
                new ChatEventData.ChatCreated("group", "Team", ann, List.of(ann, bob)));
        assertThat(MembersBefore.undo(List.of(ann), newestFirst)).isEmpty();
    }

    @Test
    void otherEventsChangeNoMembers() {
        var newestFirst = List.<ChatEventData>of(
                new ChatEventData.ChatUpdated("Renamed", ann),
                new ChatEventData.MessagesRead(bob, 3),
                new ChatEventData.MessageDeleted(UUID.randomUUID(), ann),
                new ChatEventData.MessageUpdated(UUID.randomUUID(), "x", Instant.now()));
        assertThat(MembersBefore.undo(List.of(ann, bob), newestFirst)).containsExactly(ann, bob);
    }
}
