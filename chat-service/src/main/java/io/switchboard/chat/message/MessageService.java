package io.switchboard.chat.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.switchboard.chat.ChatErrors;
import io.switchboard.chat.chat.Memberships;
import io.switchboard.chat.config.ChatConfig;
import io.switchboard.chat.event.EventLog;
import io.switchboard.chat.user.UserDirectory;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.platform.http.ApiException;

/** Sending, editing, deleting and reading messages. */
@ApplicationScoped
public class MessageService {

    static final String DEFAULT_TYPE = "text";
    /** Types the server alone writes. */
    static final String SYSTEM_TYPE = "system";

    /**
     * {@code @username} where a username may start (not inside a word or an e-mail address); a
     * username's last character is a letter, digit or '_', so "@ann." at the end of a sentence names ann.
     */
    private static final Pattern MENTION = Pattern.compile("(?<![\\w.@])@([A-Za-z0-9][A-Za-z0-9._-]{1,30}[A-Za-z0-9_])");

    private final Memberships memberships;
    private final EventLog events;
    private final SendBatcher batcher;
    private final MessageViews views;
    private final UserDirectory users;
    private final Event<MessageDeletion> deletions;
    private final int maxLength;
    private final int maxLimit;

    public MessageService(Memberships memberships, EventLog events, SendBatcher batcher, MessageViews views,
                          UserDirectory users, Event<MessageDeletion> deletions, ChatConfig config) {
        this.memberships = memberships;
        this.batcher = batcher;
        this.events = events;
        this.views = views;
        this.users = users;
        this.deletions = deletions;
        this.maxLength = config.message().maxLength();
        this.maxLimit = config.history().maxLimit();
    }

    /**
     * Stores a message and its event (through {@link SendBatcher}: concurrent sends share one
     * transaction). With a {@code client_message_id} the same request can be retried safely, also
     * after a 503 that left its outcome unknown: a repeat answers the original message and stores
     * nothing.
     */
    public Sent send(UUID chatId, UUID sender, MessageRequests.Send request, String bearer) {
        var attachments = request.attachmentIds() == null ? List.<UUID>of() : request.attachmentIds();
        if (new HashSet<>(attachments).size() != attachments.size()) {
            throw ApiException.invalidField("attachment_ids", "must not name a file twice");
        }
        var content = attachments.isEmpty() || request.content() != null && !request.content().isEmpty()
                ? validContent(request.content()) : "";
        var type = request.messageType() == null ? DEFAULT_TYPE : request.messageType();
        if (SYSTEM_TYPE.equals(type)) {
            throw ApiException.invalidField("message_type", "'system' is reserved for the server");
        }
        var mentions = new ArrayList<UUID>(request.mentions() == null ? List.of() : request.mentions());
        mentions.addAll(users.idsOfUsernames(mentionedUsernames(content), bearer));
        return batcher.send(new PendingSend(chatId, sender, content, type, request.clientMessageId(),
                request.replyTo(), mentions, attachments));
    }

    /** The usernames a text names as {@code @username}, each once (at most {@link MessageRequests#MAX_MENTIONS}). */
    static Set<String> mentionedUsernames(String content) {
        var names = new LinkedHashSet<String>();
        if (content.indexOf('@') < 0) {
            return names;
        }
        var matcher = MENTION.matcher(content);
        while (matcher.find() && names.size() < MessageRequests.MAX_MENTIONS) {
            names.add(matcher.group(1).toLowerCase(Locale.ROOT));
        }
        return names;
    }

    @Transactional
    public MessageView edit(UUID chatId, UUID messageId, UUID editor, String newContent) {
        var content = validContent(newContent);
        memberships.require(chatId, editor);
        var message = findForChange(chatId, messageId);
        if (!message.senderId.equals(editor)) {
            throw new ApiException(403, ChatErrors.NOT_THE_AUTHOR, "Only the author may edit a message.");
        }
        if (message.deletedAt != null) {
            throw new ApiException(409, ChatErrors.MESSAGE_DELETED, "A deleted message cannot be edited.");
        }
        message.content = content;
        message.editedAt = Instant.now();
        var edited = views.one(chatId, messageId, editor);
        events.rewriteMessage(edited.withReactions(List.of())); // the text edited away leaves the log too
        events.record(chatId, editor, new ChatEventData.MessageUpdated(message.id, content, message.editedAt), true);
        return edited;
    }

    /**
     * Soft delete by the author, the group's owner or an admin. Deleting twice changes nothing.
     * The message's files become unreachable and its pin goes ({@link MessageDeletion}).
     */
    @Transactional
    public void delete(UUID chatId, UUID messageId, UUID actor, boolean isAdmin) {
        var chat = memberships.requireChat(chatId, actor);
        var message = findForChange(chatId, messageId);
        boolean allowed = message.senderId.equals(actor) || isAdmin || (chat.isGroup() && actor.equals(chat.ownerId));
        if (!allowed) {
            throw new ApiException(403, ChatErrors.NOT_THE_AUTHOR,
                    "Only the author, the group's owner or an admin may delete a message.");
        }
        if (message.deletedAt != null) {
            return;
        }
        message.deletedAt = Instant.now();
        message.content = null;
        events.rewriteMessage(message.view()); // and so does a deleted message's text
        events.record(chatId, actor, new ChatEventData.MessageDeleted(message.id, actor), false);
        deletions.fire(new MessageDeletion(chatId, message.id, message.seq, actor));
    }

    /**
     * History in ascending seq order: the {@code limit} messages just after {@code afterSeq}, or
     * else just before {@code beforeSeq} (the newest when neither is given).
     */
    public List<MessageView> history(UUID chatId, UUID reader, Long beforeSeq, Long afterSeq, int limit) {
        memberships.require(chatId, reader);
        var pageSize = Math.min(limit, maxLimit);
        var upper = beforeSeq == null ? Long.MAX_VALUE : beforeSeq;
        if (afterSeq != null) {
            return views.oldestBetween(chatId, afterSeq, upper, pageSize, reader);
        }
        var newestFirst = new ArrayList<>(views.newestBelow(chatId, upper, pageSize, reader));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** The message locked as {@link #findForChange} does; 409 message_deleted when it is deleted. */
    public static Message lockLive(UUID chatId, UUID messageId, String whenDeleted) {
        var message = findForChange(chatId, messageId);
        if (message.deletedAt != null) {
            throw new ApiException(409, ChatErrors.MESSAGE_DELETED, whenDeleted);
        }
        return message;
    }

    /**
     * The message, locked until commit: an edit and a deletion of one message never interleave, and
     * neither does a reaction or a pin with its deletion.
     */
    static Message findForChange(UUID chatId, UUID messageId) {
        return Message.<Message>find("id = ?1 and chatId = ?2", messageId, chatId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> new ApiException(404, ChatErrors.MESSAGE_NOT_FOUND, "No such message."));
    }

    private String validContent(String content) {
        if (content == null || content.isBlank()) {
            throw ApiException.invalidField("content", "must not be blank");
        }
        if (content.codePointCount(0, content.length()) > maxLength) {
            throw ApiException.invalidField("content", "must be at most " + maxLength + " characters");
        }
        return content;
    }
}
