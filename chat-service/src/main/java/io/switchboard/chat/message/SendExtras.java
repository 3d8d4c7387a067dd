package io.switchboard.chat.message;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.switchboard.chat.message.MemberCache.Members;
import io.switchboard.contracts.chat.AttachmentView;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.contracts.chat.MessageView.ReplyPreview;
import io.switchboard.platform.http.ApiException;

/**
 * What a batch's sends carry beside their text, checked for the whole batch at once: the message
 * each answers (one query when any send answers one), the members each mentions (from the members
 * the batch already holds), and the files each carries (one query, locking those uploads, when any
 * send carries one). Plain JDBC on the batch's connection, like {@link SendStatements}.
 */
final class SendExtras {

    /** A send's checked extras. */
    record Extras(ReplyPreview replyTo, List<UUID> mentions, List<AttachmentView> attachments) {
        static final Extras NONE = new Extras(null, List.of(), List.of());
    }

    /** Every send's extras, or why it is refused. */
    record Checked(Map<PendingSend, Extras> extras, Map<PendingSend, ApiException> refused) {
    }

    /** A replied-to message and its chat (a reply must be in the same chat). */
    private record Replied(UUID chatId, ReplyPreview preview) {
    }

    /** An upload as the check needs it. */
    private record Upload(UUID chatId, UUID uploader, boolean used, AttachmentView view) {
    }

    private SendExtras() {
    }

    static Checked check(Connection connection, List<PendingSend> sends, Map<UUID, Members> members)
            throws SQLException {
        var extras = new IdentityHashMap<PendingSend, Extras>();
        var refused = new IdentityHashMap<PendingSend, ApiException>();
        var replies = replies(connection, sends);
        var uploads = uploads(connection, sends);
        var taken = new HashSet<UUID>();
        for (PendingSend send : sends) {
            if (send.replyTo() == null && send.mentions().isEmpty() && send.attachmentIds().isEmpty()) {
                extras.put(send, Extras.NONE);
                continue;
            }
            ReplyPreview reply = null;
            if (send.replyTo() != null) {
                var replied = replies.get(send.replyTo());
                if (replied == null || !send.chatId().equals(replied.chatId())) {
                    refused.put(send, ApiException.invalidField("reply_to", "must be a message of this chat"));
                    continue;
                }
                reply = replied.preview();
            }
            var files = new ArrayList<AttachmentView>();
            for (UUID id : send.attachmentIds()) {
                var upload = uploads.get(id);
                if (upload == null || upload.used() || !upload.chatId().equals(send.chatId())
                        || !upload.uploader().equals(send.sender()) || !taken.add(id)) {
                    break;
                }
                files.add(upload.view());
            }
            if (files.size() != send.attachmentIds().size()) {
                files.forEach(file -> taken.remove(file.id()));
                refused.put(send, ApiException.invalidField("attachment_ids",
                        "must be your own uploads to this chat that no message uses yet"));
                continue;
            }
            extras.put(send, new Extras(reply, mentionedMembers(send, members.get(send.chatId())), files));
        }
        return new Checked(extras, refused);
    }

    /**
     * The messages the sends answer, as they are now.
     * SQL: one {@code ANY(array)} query for the batch; none when no send answers a message.
     */
    private static Map<UUID, Replied> replies(Connection connection, List<PendingSend> sends) throws SQLException {
        var ids = sends.stream().map(PendingSend::replyTo).filter(id -> id != null).distinct().toArray();
        if (ids.length == 0) {
            return Map.of();
        }
        var found = new HashMap<UUID, Replied>();
        try (var statement = connection.prepareStatement(
                "SELECT id, chat_id, seq, sender_id, content, deleted_at IS NOT NULL FROM messages WHERE id = ANY(?)")) {
            statement.setArray(1, connection.createArrayOf("uuid", ids));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    boolean deleted = rows.getBoolean(6);
                    var preview = new ReplyPreview(rows.getObject(1, UUID.class), rows.getLong(3),
                            rows.getObject(4, UUID.class), deleted ? null : ReplyPreview.previewOf(rows.getString(5)),
                            deleted);
                    found.put(preview.id(), new Replied(rows.getObject(2, UUID.class), preview));
                }
            }
        }
        return found;
    }

    /**
     * The uploads the sends carry, locked until the batch commits so that two sends cannot both
     * take one.
     * SQL: one {@code ANY(array) ... FOR UPDATE} for the batch; none when no send carries a file.
     */
    private static Map<UUID, Upload> uploads(Connection connection, List<PendingSend> sends) throws SQLException {
        var ids = sends.stream().flatMap(s -> s.attachmentIds().stream()).distinct().toArray();
        if (ids.length == 0) {
            return Map.of();
        }
        var found = new HashMap<UUID, Upload>();
        try (var statement = connection.prepareStatement("""
                SELECT id, chat_id, uploader_id, message_id IS NOT NULL, name, content_type, size, sha256, width, height,
                       thumbnail_key IS NOT NULL
                  FROM attachments WHERE id = ANY(?) AND NOT removing ORDER BY id FOR UPDATE""")) {
            statement.setArray(1, connection.createArrayOf("uuid", ids));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    var id = rows.getObject(1, UUID.class);
                    var view = new AttachmentView(id, rows.getString(5), rows.getString(6), rows.getLong(7),
                            rows.getString(8), rows.getObject(9, Integer.class), rows.getObject(10, Integer.class),
                            rows.getBoolean(11));
                    found.put(id, new Upload(rows.getObject(2, UUID.class), rows.getObject(3, UUID.class),
                            rows.getBoolean(4), view));
                }
            }
        }
        return found;
    }

    /** The chat's members among those the send names, each once, in the order named. */
    private static List<UUID> mentionedMembers(PendingSend send, Members members) {
        if (send.mentions().isEmpty()) {
            return List.of();
        }
        var memberIds = new HashSet<>(members.ids());
        var kept = new LinkedHashSet<UUID>();
        for (UUID id : send.mentions()) {
            if (memberIds.contains(id)) {
                kept.add(id);
            }
        }
        return List.copyOf(kept);
    }

    /**
     * Gives each stored message its files, in the order the send named them.
     * SQL: one {@code UPDATE ... FROM unnest} for the batch; none when no message has a file.
     */
    static void attach(Connection connection, List<MessageView> messages) throws SQLException {
        var attachments = new ArrayList<String>();
        var owners = new ArrayList<String>();
        var positions = new ArrayList<Integer>();
        for (MessageView message : messages) {
            for (int i = 0; i < message.attachments().size(); i++) {
                attachments.add(message.attachments().get(i).id().toString());
                owners.add(message.id().toString());
                positions.add(i);
            }
        }
        if (attachments.isEmpty()) {
            return;
        }
        try (var statement = connection.prepareStatement("""
                UPDATE attachments a SET message_id = u.message_id, position = u.position
                  FROM unnest(?::uuid[], ?::uuid[], ?::int[]) AS u(id, message_id, position)
                 WHERE a.id = u.id""")) {
            statement.setArray(1, connection.createArrayOf("text", attachments.toArray()));
            statement.setArray(2, connection.createArrayOf("text", owners.toArray()));
            statement.setArray(3, connection.createArrayOf("int4", positions.toArray()));
            statement.executeUpdate();
        }
    }
}
