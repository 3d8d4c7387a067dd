package io.switchboard.realtime.chats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;

/** The members of the local users' chats: what arrivals, listings and chat events do to them. */
class ChatMembersTest {

    private final UUID chat = UUID.randomUUID();
    private final UUID ann = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID carol = UUID.randomUUID();
    private final ChatMembers members = new ChatMembers();

    @Test
    void aChatKnownHereKeepsTheMembersItsEventsGaveItWhenAnotherMemberArrives() {
        members.userArrived(ann, List.of(new ChatServiceCalls.Membership(chat, Set.of(ann, bob))));
        members.apply(ChatEvent.of(chat, 2, ann, new ChatEventData.MemberAdded(carol, ann), Instant.now()),
                List.of(ann, bob, carol));

        // bob's listing was read before carol joined: the chat's members stay as the events left them
        members.userArrived(bob, List.of(new ChatServiceCalls.Membership(chat, Set.of(ann, bob))));

        assertThat(members.members(chat)).containsExactlyInAnyOrder(ann, bob, carol);
        assertThat(members.chatsOf(bob)).containsExactly(chat);
        assertThat(members.sharesAChat(bob, carol)).isTrue();
    }

    @Test
    void aChatNotKnownHereIsTakenFromTheListingAndForgottenWhenItsLastLocalMemberLeaves() {
        members.userArrived(ann, List.of(new ChatServiceCalls.Membership(chat, Set.of(ann, bob))));
        assertThat(members.members(chat)).containsExactlyInAnyOrder(ann, bob);
        assertThat(members.sharesAChat(ann, carol)).isFalse();

        members.userLeft(ann);

        assertThat(members.members(chat)).isEmpty();
        assertThat(members.sharesAChat(ann, bob)).isFalse();
    }
}
