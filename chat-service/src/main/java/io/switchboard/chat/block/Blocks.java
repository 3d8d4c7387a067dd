package io.switchboard.chat.block;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.switchboard.chat.ChatErrors;
import io.switchboard.platform.http.ApiException;

/**
 * Who blocked whom. A block works both ways: neither user may open a direct chat with the other,
 * write in the one they have, or add the other to a group while it stands; and realtime-service,
 * told of each change ({@link BlockChangeRelay}), shows neither the other's presence or typing. SQL, not an entity: a pair is the whole row, and
 * a repeated block must change nothing ({@code ON CONFLICT DO NOTHING}).
 */
@ApplicationScoped
public class Blocks {

    /** One blocked user, as the blocker's list shows it. */
    public record Blocked(UUID userId, Instant createdAt) {
    }

    private final EntityManager db;
    private final BlockChangeRelay changes;

    public Blocks(EntityManager db, BlockChangeRelay changes) {
        this.db = db;
        this.changes = changes;
    }

    /** SQL: {@code ON CONFLICT DO NOTHING}, so a repeated block changes nothing and tells no one. */
    @Transactional
    public void block(UUID me, UUID other) {
        if (me.equals(other)) {
            throw ApiException.invalidField("user_id", "cannot be your own");
        }
        int added = db.createNativeQuery("INSERT INTO user_blocks (blocker_id, blocked_id, created_at)"
                        + " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, me).setParameter(2, other).setParameter(3, Instant.now()).executeUpdate();
        if (added > 0) {
            changes.record(me, other, true);
        }
    }

    /** SQL: user_blocks has no entity (a pair is the whole row); the delete answers whether there was one. */
    @Transactional
    public void unblock(UUID me, UUID other) {
        int removed = db.createNativeQuery("DELETE FROM user_blocks WHERE blocker_id = ?1 AND blocked_id = ?2")
                .setParameter(1, me).setParameter(2, other).executeUpdate();
        if (removed > 0) {
            changes.record(me, other, false);
        }
    }

    /**
     * Whom the user blocked, the latest first.
     * SQL: user_blocks has no entity (a pair is the whole row).
     */
    @Transactional
    public List<Blocked> of(UUID me) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = db.createNativeQuery(
                "SELECT blocked_id, created_at FROM user_blocks WHERE blocker_id = ?1 ORDER BY created_at DESC, blocked_id")
                .setParameter(1, me).getResultList();
        return rows.stream().map(row -> new Blocked((UUID) row[0], toInstant(row[1]))).toList();
    }

    /**
     * Refuses with 403 {@code user_blocked} when the user blocked any of {@code others} or one of them blocked the user.
     * SQL: both directions for every other user in one statement, with one {@code ANY(array)} parameter.
     */
    @Transactional
    public void requireNone(UUID me, Collection<UUID> others) {
        if (others.isEmpty()) {
            return;
        }
        var ids = others.toArray(UUID[]::new);
        var found = db.createNativeQuery("SELECT 1 FROM user_blocks WHERE (blocker_id = ?1 AND blocked_id = ANY(?2))"
                        + " OR (blocked_id = ?1 AND blocker_id = ANY(?2)) LIMIT 1")
                .setParameter(1, me).setParameter(2, ids).getResultList();
        if (!found.isEmpty()) {
            throw refusal();
        }
    }

    /** 403 {@code user_blocked}: what a block refuses. */
    public static ApiException refusal() {
        return new ApiException(403, ChatErrors.USER_BLOCKED, "Not possible with a user you blocked or who blocked you.");
    }

    private static Instant toInstant(Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case java.time.OffsetDateTime time -> time.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("unexpected timestamp " + value.getClass());
        };
    }
}
