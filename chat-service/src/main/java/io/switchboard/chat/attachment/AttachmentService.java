package io.switchboard.chat.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.chat.ChatErrors;
import io.switchboard.chat.chat.Memberships;
import io.switchboard.chat.config.ChatConfig;
import io.switchboard.chat.message.MessageDeletion;
import io.switchboard.contracts.chat.AttachmentView;
import io.switchboard.platform.http.ApiException;

/**
 * Files of a chat. An upload is written to a spool file while it arrives (never whole in
 * memory), checked, sent to the object store with its length, and only then recorded, so a row
 * never lacks its object. Who sees a file: its uploader while no message uses it, every member
 * once a message does, no one once that message is deleted.
 */
@ApplicationScoped
public class AttachmentService {

    private static final Logger LOG = Logger.getLogger(AttachmentService.class);

    /** A stored file as reads need it. */
    public record Stored(AttachmentView view, String objectKey, Optional<String> thumbnailKey, long thumbnailSize) {
    }

    private final Memberships memberships;
    private final ObjectStorage storage;
    private final Images images;
    private final EntityManager em;
    private final ChatConfig.Attachment config;
    private final Set<String> types;
    private final Path spoolDir;

    public AttachmentService(Memberships memberships, ObjectStorage storage, Images images, EntityManager em,
                             ChatConfig chat) {
        this.memberships = memberships;
        this.storage = storage;
        this.images = images;
        this.em = em;
        this.config = chat.attachment();
        this.types = Set.copyOf(config.types().stream().map(t -> MediaTypes.essence(t).orElseThrow()).toList());
        this.spoolDir = createDirectories(config.spoolDir().orElse(Path.of(System.getProperty("java.io.tmpdir"))));
    }

    public AttachmentView upload(UUID chatId, UUID uploader, String rawName, String contentType, Long contentLength,
                                 InputStream body) {
        QuarkusTransaction.requiringNew().run(() -> memberships.require(chatId, uploader));
        var checked = FileNames.check(rawName);
        var name = checked.name().orElseThrow(() -> ApiException.invalidField("name", checked.problem()));
        var type = MediaTypes.essence(contentType).filter(types::contains).orElseThrow(() -> unsupported(
                "Content-Type must be one of the accepted media types."));
        if (contentLength != null && contentLength > config.maxBytes()) {
            throw tooLarge();
        }
        try (var spool = Spool.write(body, spoolDir, config.maxBytes())) {
            if (!MediaTypes.contentMatches(type, spool.head())) {
                throw unsupported("The content is not of the declared type " + type + ".");
            }
            return store(chatId, uploader, name, type, spool);
        } catch (Spool.TooLarge e) {
            throw tooLarge();
        } catch (IOException e) {
            throw new UncheckedIOException("the upload could not be read", e);
        }
    }

    private AttachmentView store(UUID chatId, UUID uploader, String name, String type, Spool spool) throws IOException {
        var image = images.read(spool.file(), type);
        var id = UUID.randomUUID();
        var key = "chats/" + chatId + "/" + id;
        var thumbnailKey = image.thumbnail().map(file -> key + ".thumbnail.jpg");
        var keys = new ArrayList<>(List.of(key));
        thumbnailKey.ifPresent(keys::add);
        long thumbnailSize = image.thumbnail().isPresent() ? Files.size(image.thumbnail().get()) : 0;
        try {
            storage.put(key, spool.file(), type);
            if (image.thumbnail().isPresent()) {
                storage.put(thumbnailKey.get(), image.thumbnail().get(), "image/jpeg");
            }
        } finally {
            if (image.thumbnail().isPresent()) {
                Files.deleteIfExists(image.thumbnail().get());
            }
        }
        var view = new AttachmentView(id, name, type, spool.size(), spool.sha256(), image.width(), image.height(),
                thumbnailKey.isPresent());
        try {
            QuarkusTransaction.requiringNew().run(() -> session().doWork(connection ->
                    insert(connection, chatId, uploader, view, key, thumbnailKey.orElse(null), thumbnailSize)));
        } catch (RuntimeException e) {
            deleteQuietly(keys);
            throw e;
        }
        return view;
    }

    private static void insert(Connection connection, UUID chatId, UUID uploader, AttachmentView view, String key,
                               String thumbnailKey, long thumbnailSize) throws SQLException {
        try (var statement = connection.prepareStatement("""
                INSERT INTO attachments (id, chat_id, uploader_id, name, content_type, size, sha256, object_key,
                                         thumbnail_key, thumbnail_size, width, height, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            statement.setObject(1, view.id());
            statement.setObject(2, chatId);
            statement.setObject(3, uploader);
            statement.setString(4, view.name());
            statement.setString(5, view.contentType());
            statement.setLong(6, view.size());
            statement.setString(7, view.sha256());
            statement.setString(8, key);
            statement.setString(9, thumbnailKey);
            statement.setLong(10, thumbnailSize);
            statement.setObject(11, view.width());
            statement.setObject(12, view.height());
            statement.setTimestamp(13, Timestamp.from(Instant.now()));
            statement.executeUpdate();
        }
    }

    /** A file the reader may fetch: 404 {@code chat_not_found} to non-members, {@code attachment_not_found} else. */
    public Stored find(UUID chatId, UUID attachmentId, UUID reader) {
        return QuarkusTransaction.requiringNew().call(() -> {
            memberships.require(chatId, reader);
            return session().doReturningWork(connection -> select(connection, chatId, attachmentId, reader));
        }).orElseThrow(() -> new ApiException(404, ChatErrors.ATTACHMENT_NOT_FOUND, "No such file in this chat."));
    }

    private static Optional<Stored> select(Connection connection, UUID chatId, UUID attachmentId, UUID reader)
            throws SQLException {
        try (var statement = connection.prepareStatement("""
                SELECT a.name, a.content_type, a.size, a.sha256, a.width, a.height, a.object_key, a.thumbnail_key,
                       a.thumbnail_size
                  FROM attachments a LEFT JOIN messages m ON m.id = a.message_id
                 WHERE a.id = ? AND a.chat_id = ? AND NOT a.removing
                   AND (a.message_id IS NULL AND a.uploader_id = ? OR m.deleted_at IS NULL AND m.id IS NOT NULL)""")) {
            statement.setObject(1, attachmentId);
            statement.setObject(2, chatId);
            statement.setObject(3, reader);
            try (var rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                var thumbnailKey = Optional.ofNullable(rows.getString(8));
                var view = new AttachmentView(attachmentId, rows.getString(1), rows.getString(2), rows.getLong(3),
                        rows.getString(4), rows.getObject(5, Integer.class), rows.getObject(6, Integer.class),
                        thumbnailKey.isPresent());
                return Optional.of(new Stored(view, rows.getString(7), thumbnailKey, rows.getLong(9)));
            }
        }
    }

    /** A deleted message's files become unreachable in the deletion's transaction; the cleanup removes them. */
    void retireDeleted(@Observes MessageDeletion deletion) {
        em.createNativeQuery("UPDATE attachments SET removing = true WHERE message_id = ?1")
                .setParameter(1, deletion.messageId())
                .executeUpdate();
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("the spool folder " + dir + " cannot be created", e);
        }
    }

    private Session session() {
        return em.unwrap(Session.class);
    }

    private void deleteQuietly(List<String> keys) {
        try {
            storage.delete(keys);
        } catch (RuntimeException e) {
            LOG.warnf("objects %s of an upload that was not recorded stay in the store: %s", keys, e.getMessage());
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, ChatErrors.ATTACHMENT_TOO_LARGE,
                "A file may be at most " + config.maxBytes() + " bytes.");
    }

    private static ApiException unsupported(String message) {
        return new ApiException(415, ChatErrors.UNSUPPORTED_ATTACHMENT_TYPE, message);
    }
}
