package io.switchboard.auth.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * Issues and looks up refresh tokens: 256 random bits, handed out once, stored as SHA-256 hashes
 * so that a database leak yields no usable token.
 */
@ApplicationScoped
public class RefreshTokens {

    private final SecureRandom random = new SecureRandom();
    private final SessionRevocations revocations;

    public RefreshTokens(SessionRevocations revocations) {
        this.revocations = revocations;
    }

    /** A new token in the family; returns the plain token, which is never stored. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String issue(UUID userId, UUID familyId, Instant expiresAt) {
        var bytes = new byte[32];
        random.nextBytes(bytes);
        var plain = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var token = new RefreshToken();
        token.id = UUID.randomUUID();
        token.familyId = familyId;
        token.userId = userId;
        token.tokenHash = hash(plain);
        token.createdAt = Instant.now();
        token.expiresAt = expiresAt;
        token.persist();
        return plain;
    }

    /** The token's row, locked until the transaction ends so two refreshes cannot both win. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<RefreshToken> findForUpdate(String plain) {
        return RefreshToken.find("tokenHash", hash(plain)).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** Ends one session: its refresh tokens, and (through {@link SessionRevocations}) its access tokens. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revokeFamily(UUID userId, UUID familyId) {
        RefreshToken.update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", Instant.now(), familyId);
        revocations.record(userId, List.of(familyId));
    }

    /** Ends every session of the user but {@code keep} (may be null); the sessions it ended. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> revokeAllOf(UUID userId, UUID keep) {
        // the families, not their tokens: a long session holds a used token per refresh
        List<UUID> sessions = RefreshToken.getEntityManager().createQuery(
                        "select distinct t.familyId from RefreshToken t where t.userId = ?1 and t.revokedAt is null", UUID.class)
                .setParameter(1, userId).getResultStream().filter(family -> !family.equals(keep)).toList();
        if (keep == null) {
            RefreshToken.update("revokedAt = ?1 where userId = ?2 and revokedAt is null", Instant.now(), userId);
        } else {
            RefreshToken.update("revokedAt = ?1 where userId = ?2 and familyId <> ?3 and revokedAt is null",
                    Instant.now(), userId, keep);
        }
        revocations.record(userId, sessions);
        return sessions;
    }

    /** Deletes tokens expired for more than a day; called periodically. */
    @Transactional
    public long purgeExpired() {
        return RefreshToken.delete("expiresAt < ?1", Instant.now().minusSeconds(86_400));
    }

    static String hash(String plain) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(plain.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
