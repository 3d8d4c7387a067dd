package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.switchboard.auth.user.User;

/**
 * Password hashes on the real database: new ones are Argon2id with the configured cost (the test
 * profile's m=64, t=1, p=2), and older ones, bcrypt or Argon2id of another cost, still log in and are
 * replaced by the current scheme at that login.
 */
@QuarkusTest
class PasswordUpgradeTest {

    /** The test profile's cost, as the stored hash must state it. */
    private static final String CURRENT = "$argon2id$v=19$m=64,t=1,p=2$";
    /** Accounts.PASSWORD hashed with Argon2id at m=32, t=1, p=1 (Bouncy Castle's Argon2 gives the same). */
    private static final String WEAKER_ARGON2ID =
            "$argon2id$v=19$m=32,t=1,p=1$OoH2Ps1P6gYOGyEKFdME+A$BOWJE6R8nYPtuGvuNFW60Nz1UOEa44D8+aUDaNb5vJY";

    @Inject
    AgroalDataSource db;

    @BeforeEach
    @AfterEach
    void forgetFailures() throws Exception {
        Accounts.forgetLoginFailures(db);
    }

    @Test
    void registrationStoresArgon2idWithTheConfiguredCost() throws Exception {
        var username = Accounts.newUsername();
        Accounts.register(username);
        assertThat(storedHash(username)).startsWith(CURRENT).matches(".*\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        Accounts.login(username, Accounts.PASSWORD);
    }

    @Test
    void aBcryptHashLogsInAndIsReplacedByArgon2id() throws Exception {
        var username = Accounts.newUsername();
        Accounts.register(username);
        storeHash(username, BcryptUtil.bcryptHash(Accounts.PASSWORD, 4));

        Accounts.login(username, Accounts.PASSWORD);

        assertThat(storedHash(username)).startsWith(CURRENT);
        Accounts.login(username, Accounts.PASSWORD);
        attempt(username, "not the password").statusCode(401);
    }

    @Test
    void anArgon2idHashOfAnotherCostLogsInAndIsReplaced() throws Exception {
        var username = Accounts.newUsername();
        Accounts.register(username);
        storeHash(username, WEAKER_ARGON2ID);

        Accounts.login(username, Accounts.PASSWORD);

        assertThat(storedHash(username)).startsWith(CURRENT);
        Accounts.login(username, Accounts.PASSWORD);
    }

    @Test
    void aWrongPasswordFailsForEitherSchemeAndChangesNothing() throws Exception {
        var bcryptUser = Accounts.newUsername();
        Accounts.register(bcryptUser);
        var bcrypt = BcryptUtil.bcryptHash(Accounts.PASSWORD, 4);
        storeHash(bcryptUser, bcrypt);
        var argon2User = Accounts.newUsername();
        Accounts.register(argon2User);
        var argon2 = storedHash(argon2User);
        assertThat(argon2).startsWith(CURRENT);

        attempt(bcryptUser, "not the password").statusCode(401).body("code", equalTo("invalid_credentials"));
        attempt(argon2User, "not the password").statusCode(401).body("code", equalTo("invalid_credentials"));

        assertThat(storedHash(bcryptUser)).isEqualTo(bcrypt);
        assertThat(storedHash(argon2User)).isEqualTo(argon2);
    }

    @Test
    void changingThePasswordOfABcryptAccountStoresArgon2id() throws Exception {
        var username = Accounts.newUsername();
        Accounts.register(username);
        var token = Accounts.login(username, Accounts.PASSWORD).getString("access_token");
        storeHash(username, BcryptUtil.bcryptHash(Accounts.PASSWORD, 4));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("current_password", Accounts.PASSWORD, "new_password", "an entirely new one"))
                .when().post("/api/users/me/password")
                .then().statusCode(204);

        assertThat(storedHash(username)).startsWith(CURRENT);
        Accounts.login(username, "an entirely new one");
    }

    /** A login replaces the hash it checked, never one a password change stored meanwhile. */
    @Test
    void aReplacementOnlyReplacesTheHashThatWasChecked() throws Exception {
        var username = Accounts.newUsername();
        var id = UUID.fromString(Accounts.register(username).getString("id"));
        var changedMeanwhile = storedHash(username);

        QuarkusTransaction.requiringNew().run(() -> User.replacePasswordHash(id, WEAKER_ARGON2ID, "replacement"));
        assertThat(storedHash(username)).isEqualTo(changedMeanwhile);

        QuarkusTransaction.requiringNew().run(() -> User.replacePasswordHash(id, changedMeanwhile, WEAKER_ARGON2ID));
        assertThat(storedHash(username)).isEqualTo(WEAKER_ARGON2ID);
    }

    private String storedHash(String username) throws SQLException {
        try (var c = db.getConnection();
             var s = c.prepareStatement("SELECT password_hash FROM users WHERE lower(username) = lower(?)")) {
            s.setString(1, username);
            try (var rows = s.executeQuery()) {
                assertThat(rows.next()).as("account %s exists", username).isTrue();
                return rows.getString(1);
            }
        }
    }

    private void storeHash(String username, String hash) throws SQLException {
        try (var c = db.getConnection();
             var s = c.prepareStatement("UPDATE users SET password_hash = ? WHERE lower(username) = lower(?)")) {
            s.setString(1, hash);
            s.setString(2, username);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private static ValidatableResponse attempt(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .when().post("/api/auth/login")
                .then();
    }
}
