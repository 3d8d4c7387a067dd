package io.switchboard.realtime.chats;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;

/**
 * Who is in the chats of the users connected here: loaded from chat-service when a user
 * connects, then kept current by the chat events the router hands over with whom each was for.
 * Typing and presence are routed with it; chat events are routed by {@link ChatRecipients}.
 */
@ApplicationScoped
public class ChatMembers {

    private final Map<UUID, Set<UUID>> membersByChat = new HashMap<>();
    private final Map<UUID, Set<UUID>> chatsByLocalUser = new HashMap<>();

    /**
     * A user's first socket here opened: their chats, as chat-service just listed them. A chat
     * known here already keeps its members, which the chat events keep current: copying a
     * 1,000-member group's list again for each of its members connecting cost a million set
     * insertions per 1,000 connects, under this object's lock.
     */
    public synchronized void userArrived(UUID userId, List<ChatServiceCalls.Membership> memberships) {
        var chats = new HashSet<UUID>();
        for (var membership : memberships) {
            chats.add(membership.chatId());
            membersByChat.computeIfAbsent(membership.chatId(), chat -> new HashSet<>(membership.members()));
        }
        chatsByLocalUser.put(userId, chats);
    }

    /**
     * Chats a connected user was just listed in (chat-service lists the most recently active
     * ones): added to the user's known chats, with their members unless known (as on arrival);
     * chats not listed are kept.
     */
    public synchronized void listed(UUID userId, List<ChatServiceCalls.Membership> memberships) {
        var chats = chatsByLocalUser.computeIfAbsent(userId, user -> new HashSet<>());
        for (var membership : memberships) {
            chats.add(membership.chatId());
            membersByChat.computeIfAbsent(membership.chatId(), chat -> new HashSet<>(membership.members()));
        }
    }

    /** A user's last socket here closed: forget the chats no other local user is in. */
    public synchronized void userLeft(UUID userId) {
        var chats = chatsByLocalUser.remove(userId);
        if (chats == null) {
            return;
        }
        for (UUID chat : chats) {
            var members = membersByChat.get(chat);
            if (members == null || members.stream().noneMatch(chatsByLocalUser::containsKey)) {
                membersByChat.remove(chat);
            }
        }
    }

    /** A membership learnt from chat-service (for example to check a typing indicator). */
    public synchronized void learn(UUID userId, ChatServiceCalls.Membership membership) {
        membersByChat.put(membership.chatId(), new HashSet<>(membership.members()));
        var chats = chatsByLocalUser.get(userId);
        if (chats != null) {
            chats.add(membership.chatId());
        }
    }

    /**
     * Applies a chat event, in the chat's order, with whom it was for (the members at that moment,
     * and a member it removes). Only chat_created, member_added and member_removed change who is
     * in a chat, so another event of a chat already known here changes nothing (it is read only to
     * learn a chat not known yet).
     */
    public synchronized void apply(ChatEvent event, Collection<UUID> recipients) {
        if (!changesMembers(event) && membersByChat.containsKey(event.chatId())) {
            return;
        }
        var members = new HashSet<>(recipients);
        if (event.data() instanceof ChatEventData.MemberRemoved removed) {
            members.remove(removed.userId());
            var chats = chatsByLocalUser.get(removed.userId());
            if (chats != null) {
                chats.remove(event.chatId());
            }
        }
        boolean local = false;
        for (UUID member : members) {
            var chats = chatsByLocalUser.get(member);
            if (chats != null) {
                chats.add(event.chatId());
                local = true;
            }
        }
        if (local) {
            membersByChat.put(event.chatId(), members);
        } else {
            membersByChat.remove(event.chatId());
        }
    }

    /** True for the events that change a chat's members: chat_created, member_added, member_removed. */
    public static boolean changesMembers(ChatEvent event) {
        return event.data() instanceof ChatEventData.ChatCreated || event.data() instanceof ChatEventData.MemberAdded
                || event.data() instanceof ChatEventData.MemberRemoved;
    }

    public synchronized boolean isMember(UUID userId, UUID chatId) {
        var members = membersByChat.get(chatId);
        return members != null && members.contains(userId);
    }

    /** The members of a chat a local user is in, or an empty set when it is not known here. */
    public synchronized Set<UUID> members(UUID chatId) {
        var members = membersByChat.get(chatId);
        return members == null ? Set.of() : Set.copyOf(members);
    }

    /** Whether {@code other} is in a chat of {@code localUser} (a user connected here), or is that user. */
    public synchronized boolean sharesAChat(UUID localUser, UUID other) {
        if (localUser.equals(other)) {
            return true;
        }
        for (UUID chat : chatsByLocalUser.getOrDefault(localUser, Set.of())) {
            var members = membersByChat.get(chat);
            if (members != null && members.contains(other)) {
                return true;
            }
        }
        return false;
    }

    public synchronized Set<UUID> chatsOf(UUID userId) {
        var chats = chatsByLocalUser.get(userId);
        return chats == null ? Set.of() : Set.copyOf(chats);
    }

    /**
     * The users connected here who share with {@code userId} (any user, local or not) a chat of at
     * most {@code sizeLimit} members.
     */
    public synchronized Set<UUID> localUsersSharingAChatWith(UUID userId, int sizeLimit) {
        var watchers = new HashSet<UUID>();
        for (var members : membersByChat.values()) {
            if (members.size() <= sizeLimit && members.contains(userId)) {
                for (UUID member : members) {
                    if (chatsByLocalUser.containsKey(member)) {
                        watchers.add(member);
                    }
                }
            }
        }
        watchers.remove(userId);
        return watchers;
    }

    /** Everyone who shares a chat of at most {@code sizeLimit} members with the user, themself excluded. */
    public synchronized Set<UUID> contactsOf(UUID userId, int sizeLimit) {
        var contacts = new HashSet<UUID>();
        for (UUID chat : chatsByLocalUser.getOrDefault(userId, Set.of())) {
            var members = membersByChat.getOrDefault(chat, Set.of());
            if (members.size() <= sizeLimit) {
                contacts.addAll(members);
            }
        }
        contacts.remove(userId);
        return contacts;
    }
}
