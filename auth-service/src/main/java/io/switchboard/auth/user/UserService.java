package io.switchboard.auth.user;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;

import io.switchboard.platform.http.ApiException;
import io.switchboard.auth.error.AuthErrors;
import io.switchboard.auth.password.Passwords;
import io.switchboard.auth.session.RefreshTokens;
import io.switchboard.contracts.Roles;

/** Creating, reading and changing accounts. */
@ApplicationScoped
public class UserService {

    private final Passwords passwords;
    private final RefreshTokens refreshTokens;

    public UserService(Passwords passwords, RefreshTokens refreshTokens) {
        this.passwords = passwords;
        this.refreshTokens = refreshTokens;
    }

    @Transactional
    public User register(UserRequests.Register request) {
        return create(UUID.randomUUID(), request.username(), request.password(), request.displayName(), blankToNull(request.email()),
                Set.of(Roles.USER));
    }

    /** Creates an account with the given roles; used by registration and the demo data. */
    @Transactional
    public User create(UUID id, String username, String password, String displayName, String email, Set<String> roles) {
        if (User.findByUsername(username).isPresent()) {
            throw new ApiException(409, AuthErrors.USERNAME_TAKEN, "That username is taken.");
        }
        if (email != null && User.emailTaken(email, new UUID(0, 0))) {
            throw new ApiException(409, AuthErrors.EMAIL_TAKEN, "That e-mail address is already registered.");
        }
        var now = Instant.now();
        var user = new User();
        user.id = id;
        user.username = username;
        user.passwordHash = passwords.hash(password);
        user.displayName = displayName == null || displayName.isBlank() ? username : displayName.strip();
        user.email = email;
        user.roles = String.join(",", roles);
        user.createdAt = now;
        user.updatedAt = now;
        user.passwordChangedAt = now;
        try {
            user.persistAndFlush();
        } catch (ConstraintViolationException e) {
            throw conflict(e); // a concurrent registration won the race the checks above lost
        }
        return user;
    }

    private static RuntimeException conflict(ConstraintViolationException e) {
        var constraint = String.valueOf(e.getConstraintName());
        if (constraint.contains("users_username_key")) {
            return new ApiException(409, AuthErrors.USERNAME_TAKEN, "That username is taken.");
        }
        if (constraint.contains("users_email_key")) {
            return new ApiException(409, AuthErrors.EMAIL_TAKEN, "That e-mail address is already registered.");
        }
        return e;
    }

    public User get(UUID id) {
        User user = User.findById(id);
        if (user == null) {
            throw new ApiException(404, AuthErrors.USER_NOT_FOUND, "No such user.");
        }
        return user;
    }

    @Transactional
    public User update(UUID id, UserRequests.UpdateMe request) {
        var user = get(id);
        if (request.displayName() != null) {
            user.displayName = request.displayName().strip();
        }
        if (request.email() != null) {
            var email = blankToNull(request.email());
            if (email != null && User.emailTaken(email, id)) {
                throw new ApiException(409, AuthErrors.EMAIL_TAKEN, "That e-mail address is already registered.");
            }
            user.email = email;
        }
        user.updatedAt = Instant.now();
        return user;
    }

    /** Changes the password and ends every other session of the account. */
    @Transactional
    public void changePassword(UUID id, UserRequests.ChangePassword request, UUID currentSession) {
        var user = get(id);
        if (!passwords.matches(request.currentPassword(), user.passwordHash)) {
            throw new ApiException(403, AuthErrors.WRONG_PASSWORD, "The current password is wrong.");
        }
        user.passwordHash = passwords.hash(request.newPassword());
        user.passwordChangedAt = Instant.now();
        user.updatedAt = user.passwordChangedAt;
        refreshTokens.revokeAllOf(user.id, currentSession);
    }

    /**
     * Ends every session of the user (refresh tokens, access tokens, sockets, on every instance
     * within seconds); how many there were.
     */
    @Transactional
    public int endSessions(UUID id) {
        return refreshTokens.revokeAllOf(get(id).id, null).size();
    }

    /**
     * Deactivates the account (an administrator's decision): every session ends, as
     * {@link #endSessions} does, and it cannot log in or refresh until {@link #reactivate}d.
     */
    @Transactional
    public void deactivate(UUID id) {
        var user = get(id);
        if (user.deactivatedAt == null) {
            user.deactivatedAt = Instant.now();
            user.updatedAt = user.deactivatedAt;
        }
        refreshTokens.revokeAllOf(user.id, null);
    }

    @Transactional
    public void reactivate(UUID id) {
        var user = get(id);
        user.deactivatedAt = null;
        user.updatedAt = Instant.now();
    }

    /** The accounts with these usernames, compared case-insensitively, in no particular order. */
    public List<User> byUsernames(List<String> usernames) {
        return User.list("lower(username) in ?1", usernames.stream().map(u -> u.toLowerCase(Locale.ROOT)).toList());
    }

    /**
     * Accounts whose username starts with, or display name contains, the query (case-insensitive).
     * Every character of the query matches only itself: {@code %} and {@code _} too.
     */
    public List<User> search(String query, int limit) {
        var q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return User.find("order by lower(username)").page(0, limit).list();
        }
        var literal = likeLiteral(q);
        return User.find("lower(username) like ?1 escape '!' or lower(displayName) like ?2 escape '!'"
                + " order by lower(username)", literal + "%", "%" + literal + "%").page(0, limit).list();
    }

    /**
     * The text as a LIKE pattern that matches only itself, for {@code escape '!'}. The escape
     * character has to be named: without one Hibernate turns PostgreSQL's default (a backslash) off
     * with {@code escape ''}. '!' rather than a backslash keeps the query clear of quoting rules.
     */
    static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
