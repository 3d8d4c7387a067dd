package io.switchboard.chat.chat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import io.switchboard.chat.event.ChatEvents;
import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.ChatEventData;

/**
 * A chat's members at an earlier point of its log: the current members with the membership
 * events since that point undone, newest first.
 */
final class MembersBefore {

    private static final ChatEventCodec CODEC = new ChatEventCodec();

    private MembersBefore() {
    }

    /** The members after every event before the point {@code since} was read from. */
    static List<UUID> undo(ChatEvents.MembershipSince since) {
        return undo(since.members(), since.changesNewestFirst().stream().map(e -> CODEC.decode(e).data()).toList());
    }

    /**
     * The members before the given events, from the members after them. Those still in the chat
     * keep their order (joining order); those who left since come after them.
     */
    static List<UUID> undo(List<UUID> current, List<ChatEventData> newestFirst) {
        var members = new LinkedHashSet<>(current);
        for (var data : newestFirst) {
            switch (data) {
                case ChatEventData.MemberAdded added -> members.remove(added.userId());
                case ChatEventData.MemberRemoved removed -> members.add(removed.userId());
                case ChatEventData.ChatCreated ignored -> {
                    return List.of(); // the chat did not exist yet
                }
                default -> {
                    // changes no members
                }
            }
        }
        return List.copyOf(members);
    }
}
