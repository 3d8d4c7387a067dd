package io.switchboard.contracts.chat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message as clients see it, over REST and in events. A deleted message keeps its slot and
 * {@code seq} but has no content, mentions, attachments or reactions.
 *
 * @param replyTo     the message this one answers, as it is now (null when it answers none)
 * @param mentions    the members it mentions, by {@code @username} or by id
 * @param attachments its files, in the order they were given
 * @param reactions   each emoji with its count, and whether the reader is among them; empty in
 *                    {@code new_message}, whose reactions come as {@code reaction_added} events
 */
public record MessageView(UUID id, UUID chatId, long seq, UUID senderId, String content, String messageType,
                          Instant createdAt, Instant editedAt, boolean deleted, ReplyPreview replyTo,
                          List<UUID> mentions, List<AttachmentView> attachments, List<ReactionCount> reactions) {

    /** The longest preview of a replied-to message, in characters (code points). */
    public static final int PREVIEW_LENGTH = 100;

    public MessageView {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
    }

    /** A plain message: no reply, mention, attachment or reaction. */
    public MessageView(UUID id, UUID chatId, long seq, UUID senderId, String content, String messageType,
                       Instant createdAt, Instant editedAt, boolean deleted) {
        this(id, chatId, seq, senderId, content, messageType, createdAt, editedAt, deleted, null, null, null, null);
    }

    /** The same message with other reactions (the reactions are the reader's view). */
    public MessageView withReactions(List<ReactionCount> counted) {
        return new MessageView(id, chatId, seq, senderId, content, messageType, createdAt, editedAt, deleted, replyTo,
                mentions, attachments, counted);
    }

    /**
     * The message a reply answers, as it is now.
     *
     * @param preview the first {@link #PREVIEW_LENGTH} characters of its content; null once it is deleted
     */
    public record ReplyPreview(UUID id, long seq, UUID senderId, String preview, boolean deleted) {

        /** The preview of a message's current content (null for a deleted one). */
        public static String previewOf(String content) {
            if (content == null) {
                return null;
            }
            int length = content.codePointCount(0, content.length());
            return length <= PREVIEW_LENGTH ? content : content.substring(0, content.offsetByCodePoints(0, PREVIEW_LENGTH));
        }
    }

    /** One emoji's reactions to a message: how many, and whether the reader is one of them. */
    public record ReactionCount(String emoji, int count, boolean me) {
    }
}
