package io.switchboard.realtime.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.switchboard.realtime.config.RealtimeConfig.Cluster.InboxFormat;

/**
 * The bytes of an {@link InboxRecord} on the inbox topic: binary, each user id 16 bytes. A record
 * for a 1,000-member group names up to 1,000 users; as JSON text that was about 40 KB per record,
 * encoded by the router and parsed by the receiver for every message. Binary it is 16 KB, and
 * neither side builds or parses a string per user.
 *
 * <p>Layout (big-endian): the format byte {@value #FORMAT}; a flags byte; the frame type and the
 * frame (each an int length and UTF-8 bytes); the event time (seconds, nanos) if present; the chat
 * id if present; the seq; the users (an int count, then each id); and for a membership change, the
 * event (int length, UTF-8) and whom it was for (count, ids). A record starting with <code>{</code>
 * is the JSON that instances before this format wrote: it is still read, and written when
 * {@code REALTIME_CLUSTER_INBOX_FORMAT} is {@code json}, for as long as such instances run.
 */
public final class InboxRecordCodec {

    static final byte FORMAT = 1;

    private static final int DROPPABLE = 1;
    private static final int EVERYONE = 2;
    private static final int EVENT_TIME = 4;
    private static final int CHAT = 8;
    private static final int MEMBERSHIP = 16;

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final boolean writeJson;

    /** A codec writing the binary format. */
    public InboxRecordCodec() {
        this(InboxFormat.BINARY);
    }

    public InboxRecordCodec(InboxFormat format) {
        this.writeJson = format == InboxFormat.JSON;
    }

    public byte[] encode(InboxRecord record) {
        if (writeJson) {
            try {
                return json.writeValueAsBytes(record);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a record of strings, ids and numbers always writes
            }
        }
        var bytes = new ByteArrayOutputStream(64 + record.frame().length() + record.users().size() * 16);
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeByte((record.droppable() ? DROPPABLE : 0) | (record.everyone() ? EVERYONE : 0)
                    | (record.eventTime() != null ? EVENT_TIME : 0) | (record.chatId() != null ? CHAT : 0)
                    | (record.membership() != null ? MEMBERSHIP : 0));
            writeText(out, record.frameType());
            writeText(out, record.frame());
            if (record.eventTime() != null) {
                out.writeLong(record.eventTime().getEpochSecond());
                out.writeInt(record.eventTime().getNano());
            }
            if (record.chatId() != null) {
                writeId(out, record.chatId());
            }
            out.writeLong(record.seq());
            writeIds(out, record.users());
            if (record.membership() != null) {
                writeText(out, record.membership());
                writeIds(out, record.membershipRecipients());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** The record, or an exception saying why these bytes are not one. */
    public InboxRecord decode(byte[] bytes) throws IOException {
        if (bytes.length > 0 && bytes[0] == '{') {
            return json.readValue(bytes, InboxRecord.class);
        }
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("unknown inbox record format " + format);
            }
            int flags = in.readByte();
            var frameType = readText(in);
            var frame = readText(in);
            var eventTime = (flags & EVENT_TIME) != 0 ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
            var chatId = (flags & CHAT) != 0 ? readId(in) : null;
            long seq = in.readLong();
            var users = readIds(in);
            String membership = null;
            List<UUID> membershipRecipients = null;
            if ((flags & MEMBERSHIP) != 0) {
                membership = readText(in);
                membershipRecipients = readIds(in);
            }
            if (in.available() > 0) {
                throw new IOException("inbox record has " + in.available() + " bytes after its end");
            }
            return new InboxRecord(frameType, frame, (flags & DROPPABLE) != 0, eventTime, chatId, seq, users,
                    membership, membershipRecipients, (flags & EVERYONE) != 0);
        } catch (EOFException e) {
            throw new IOException("inbox record cut short", e);
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        var utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("inbox record text of " + length + " bytes does not fit");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static void writeIds(DataOutputStream out, List<UUID> ids) throws IOException {
        out.writeInt(ids.size());
        for (var id : ids) {
            writeId(out, id);
        }
    }

    private static List<UUID> readIds(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || (long) count * 16 > in.available()) {
            throw new IOException("inbox record with " + count + " ids does not fit");
        }
        var ids = new ArrayList<UUID>(count);
        for (int i = 0; i < count; i++) {
            ids.add(readId(in));
        }
        return ids;
    }

    private static void writeId(DataOutputStream out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static UUID readId(DataInputStream in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }
}
