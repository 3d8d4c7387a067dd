package io.switchboard.chat.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.chat.ChatErrors;
import io.switchboard.chat.block.Blocks;
import io.switchboard.chat.config.ChatConfig;
import io.switchboard.chat.event.EventLog;
import io.switchboard.chat.user.UserDirectory;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.platform.http.ApiException;

/** Creating chats and changing their title and members; each change is one event in the chat's log. */
@ApplicationScoped
public class ChatService {

    /** A chat, and whether this request created it (a direct chat may already exist). */
    public record Created(UUID chatId, boolean created) {
    }

    private final Memberships memberships;
    private final EventLog events;
    private final UserDirectory directory;
    private final Blocks blocks;
    private final int maxMembers;

    public ChatService(Memberships memberships, EventLog events, UserDirectory directory, Blocks blocks,
                       ChatConfig config) {
        this.memberships = memberships;
        this.blocks = blocks;
        this.events = events;
        this.directory = directory;
        this.maxMembers = config.group().maxMembers();
    }

    /** The direct chat of two users: the existing one, or a new one. */
    public Created direct(UUID me, UUID other, String bearer) {
        if (me.equals(other)) {
            throw new ApiException(400, ChatErrors.CHAT_WITH_SELF, "A direct chat needs another user.");
        }
        blocks.requireNone(me, List.of(other));
        var key = Chat.directKey(me, other);
        var existing = findDirect(key);
        if (existing.isPresent()) {
            return new Created(existing.get(), false);
        }
        directory.requireExisting(List.of(other), bearer);
        try {
            return QuarkusTransaction.requiringNew().call(() -> new Created(
                    create(Chat.DIRECT, null, null, key, List.of(me, other), me), true));
        } catch (ConstraintViolationException e) {
            // Both users asked at once and the other request won: answer its chat.
            return new Created(findDirect(key).orElseThrow(() -> e), false);
        }
    }

    /** The demo chat: like {@link #direct} but without asking auth-service, which may still be starting. */
    Created demoDirect(UUID a, UUID b) {
        var key = Chat.directKey(a, b);
        return findDirect(key).map(id -> new Created(id, false)).orElseGet(() -> QuarkusTransaction.requiringNew()
                .call(() -> new Created(create(Chat.DIRECT, null, null, key, List.of(a, b), a), true)));
    }

    public UUID group(UUID me, String title, List<UUID> memberIds, String bearer) {
        if (title == null) {
            throw ApiException.invalidField("title", "is required for a group");
        }
        var members = new LinkedHashSet<UUID>();
        members.add(me);
        members.addAll(memberIds == null ? List.of() : memberIds);
        if (members.size() > maxMembers) {
            throw new ApiException(400, ChatErrors.TOO_MANY_MEMBERS, "A group has at most " + maxMembers + " members.");
        }
        var others = new ArrayList<>(members);
        others.remove(me);
        blocks.requireNone(me, others);
        directory.requireExisting(others, bearer);
        return QuarkusTransaction.requiringNew().call(() ->
                create(Chat.GROUP, title.strip(), me, null, new ArrayList<>(members), me));
    }

    private UUID create(String type, String title, UUID owner, String directKey, List<UUID> members, UUID actor) {
        var now = Instant.now();
        var chat = new Chat();
        chat.id = UUID.randomUUID();
        chat.type = type;
        chat.title = title;
        chat.ownerId = owner;
        chat.directKey = directKey;
        chat.createdAt = now;
        chat.updatedAt = now;
        chat.lastActivityAt = now;
        chat.persistAndFlush();
        for (UUID userId : members) {
            ChatMember.of(chat.id, userId, userId.equals(owner) ? ChatMember.OWNER : ChatMember.MEMBER, now).persist();
        }
        events.record(chat.id, actor, new ChatEventData.ChatCreated(type, title, owner, members), true);
        return chat.id;
    }

    private static Optional<UUID> findDirect(String key) {
        return Chat.<Chat>find("directKey", key).firstResultOptional().map(c -> c.id);
    }

    @Transactional
    public void rename(UUID chatId, UUID me, String title) {
        var chat = memberships.requireChatForUpdate(chatId, me);
        requireGroup(chat);
        chat.title = title.strip();
        chat.updatedAt = Instant.now();
        events.record(chatId, me, new ChatEventData.ChatUpdated(chat.title, chat.ownerId), true);
    }

    /** Adds users to a group; any member may. Users already in it are skipped. */
    public void addMembers(UUID chatId, UUID me, List<UUID> userIds, String bearer) {
        memberships.require(chatId, me);
        blocks.requireNone(me, new LinkedHashSet<>(userIds));
        directory.requireExisting(new LinkedHashSet<>(userIds), bearer);
        QuarkusTransaction.requiringNew().run(() -> {
            var chat = memberships.requireChatForUpdate(chatId, me);
            requireGroup(chat);
            var members = ChatMember.memberIds(chatId);
            var added = new LinkedHashSet<>(userIds);
            added.removeAll(members);
            if (members.size() + added.size() > maxMembers) {
                throw new ApiException(400, ChatErrors.TOO_MANY_MEMBERS,
                        "A group has at most " + maxMembers + " members.");
            }
            var now = Instant.now();
            for (UUID userId : added) {
                ChatMember.of(chatId, userId, ChatMember.MEMBER, now).persist();
                events.record(chatId, me, new ChatEventData.MemberAdded(userId, me), true);
            }
        });
    }

    /**
     * Removes a member: themself (leaving a group), or anyone by the group's owner. When the owner
     * leaves, the longest-standing member becomes the owner.
     */
    @Transactional
    public void removeMember(UUID chatId, UUID me, UUID userId) {
        var chat = memberships.requireChatForUpdate(chatId, me);
        requireGroup(chat);
        if (!me.equals(userId) && !me.equals(chat.ownerId)) {
            throw new ApiException(403, ChatErrors.NOT_THE_OWNER, "Only the group's owner may remove others.");
        }
        var removed = ChatMember.find(chatId, userId).orElseThrow(() ->
                new ApiException(404, ChatErrors.MEMBER_NOT_FOUND, "That user is not in this chat."));
        removed.delete();
        events.record(chatId, me, new ChatEventData.MemberRemoved(userId, me), true);
        if (userId.equals(chat.ownerId)) {
            passOwnership(chat, me);
        }
    }

    private void passOwnership(Chat chat, UUID actor) {
        var remaining = ChatMember.<ChatMember>find("chatId = ?1 order by joinedAt, userId", chat.id).firstResultOptional();
        chat.ownerId = remaining.map(m -> m.userId).orElse(null);
        chat.updatedAt = Instant.now();
        remaining.ifPresent(m -> m.role = ChatMember.OWNER);
        if (remaining.isPresent()) {
            events.record(chat.id, actor, new ChatEventData.ChatUpdated(chat.title, chat.ownerId), true);
        }
    }

    private static void requireGroup(Chat chat) {
        if (!chat.isGroup()) {
            throw new ApiException(409, ChatErrors.NOT_A_GROUP, "Direct chats have no title and fixed members.");
        }
    }
}
