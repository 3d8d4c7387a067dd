package io.switchboard.auth.user;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An account. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, length = 32)
    public String username;

    /** Argon2id as a PHC string, or bcrypt from before until the account's next login. */
    @Column(name = "password_hash", nullable = false, length = 255)
    public String passwordHash;

    @Column(name = "display_name", nullable = false, length = 64)
    public String displayName;

    @Column(length = 254)
    public String email;

    /** Comma-separated role names. */
    @Column(nullable = false, length = 100)
    public String roles;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "password_changed_at", nullable = false)
    public Instant passwordChangedAt;

    /** Set while an administrator has the account deactivated: it cannot log in or refresh. */
    @Column(name = "deactivated_at")
    public Instant deactivatedAt;

    public Set<String> roleSet() {
        return new LinkedHashSet<>(Arrays.asList(roles.split(",")));
    }

    public static Optional<User> findByUsername(String username) {
        return find("lower(username) = lower(?1)", username).firstResultOptional();
    }

    /**
     * Replaces the password hash by an equivalent one (a newer scheme or cost, the same password),
     * only if it is still the hash that was checked: a password changed meanwhile stays changed.
     */
    public static void replacePasswordHash(UUID id, String checked, String replacement) {
        update("passwordHash = ?1 where id = ?2 and passwordHash = ?3", replacement, id, checked);
    }

    public static boolean emailTaken(String email, UUID except) {
        return count("lower(email) = lower(?1) and id <> ?2", email, except) > 0;
    }
}
