package io.switchboard.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.switchboard.contracts.Audiences;
import io.switchboard.contracts.Roles;
import io.switchboard.contracts.Scopes;
import io.switchboard.devstack.TestSocket;

/**
 * Every endpoint a client or backend can reach, asked by every kind of caller, on the real
 * services: nobody, a member of the chat, another user, an administrator, and a backend with no
 * scope or with each one scope. Each call is either let through (whatever it then answers: a
 * validation error is past the door) or refused exactly as it should be: 401 without a token or
 * with a token not meant for the endpoint's service (a backend's names only the services its
 * scopes open), 403 {@code forbidden} for a role or scope the endpoint does not take, 404 for a
 * chat the caller is not in. Then forged tokens, one way each, on every service and on the socket.
 */
class AccessMatrixTest {

    /** Who calls. Users' tokens carry no session id, so nothing the matrix ends can end them. */
    enum Caller {
        NOBODY, MEMBER, OTHER_USER, ADMIN, BACKEND, BACKEND_PUSH, BACKEND_NOTICES, BACKEND_PRESENCE,
        BACKEND_CONTACTS, BACKEND_MEMBERSHIPS;

        static final Set<Caller> USERS = EnumSet.of(MEMBER, OTHER_USER, ADMIN);
    }

    /** An endpoint, who may pass its door, and whether it is about one chat (a stranger gets 404). */
    private record Door(String base, String method, String path, String body, Set<Caller> allowed, boolean chatScoped) {
    }

    private static Stack stack;
    private static final Map<Caller, String> tokens = new java.util.EnumMap<>(Caller.class);
    /** The services each caller's token is meant for ({@code aud}), as auth-service would name them. */
    private static final Map<Caller, List<String>> audiences = new java.util.EnumMap<>(Caller.class);
    private static String chat;
    private static String message;
    private static String member;
    private static String victim;

    @BeforeAll
    static void start() {
        stack = Stack.shared();
        var ann = stack.signUp();
        var other = stack.signUp();
        var admin = stack.signUp();
        victim = stack.signUp().getString("user.id");
        member = ann.getString("user.id");
        chat = given().baseUri(stack.chat.baseUrl()).auth().oauth2(ann.getString("access_token"))
                .contentType(ContentType.JSON).body(Map.of("type", "group", "title", "doors", "member_ids", List.of(victim)))
                .post("/api/chats").then().statusCode(201).extract().path("id");
        message = given().baseUri(stack.chat.baseUrl()).auth().oauth2(ann.getString("access_token"))
                .contentType(ContentType.JSON).body(Map.of("content", "knock knock"))
                .post("/api/chats/" + chat + "/messages").then().statusCode(201).extract().path("id");
        tokens.put(Caller.MEMBER, user(ann, List.of(Roles.USER)));
        tokens.put(Caller.OTHER_USER, user(other, List.of(Roles.USER)));
        tokens.put(Caller.ADMIN, user(admin, List.of(Roles.USER, Roles.ADMIN)));
        backend(Caller.BACKEND);
        backend(Caller.BACKEND_PUSH, Scopes.PUSH);
        backend(Caller.BACKEND_NOTICES, Scopes.NOTICES);
        backend(Caller.BACKEND_PRESENCE, Scopes.PRESENCE);
        backend(Caller.BACKEND_CONTACTS, Scopes.CONTACTS);
        backend(Caller.BACKEND_MEMBERSHIPS, Scopes.MEMBERSHIPS);
        for (var user : Caller.USERS) {
            audiences.put(user, Audiences.ALL);
        }
    }

    @Test
    void everyEndpointLetsInExactlyTheCallersItShould() {
        var wrong = new ArrayList<String>();
        for (var door : doors()) {
            for (var caller : Caller.values()) {
                var response = call(door, caller);
                var verdict = verdict(door, caller, response);
                if (verdict != null) {
                    wrong.add(door.method() + " " + door.path() + " as " + caller + ": " + verdict);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void onlyUsersOpenASocket() {
        for (var caller : Caller.values()) {
            int status = TestSocket.refusal(stack.ws(), tokens.get(caller), TestSocket.Carrier.HEADER);
            assertThat(status).as(caller.toString()).isEqualTo(Caller.USERS.contains(caller) ? 101 : 401);
        }
    }

    /**
     * A real backend token from auth-service, for a backend granted {@code push} alone: meant for
     * notification-service alone, it pushes there, and chat-service, realtime-service (its
     * {@code POST /api/presence} takes any backend with scope presence) and auth-service (whose
     * public profiles take any service token) refuse it with 401, as does the socket.
     */
    @Test
    void aPushOnlyBackendsTokenIsTakenByNotificationServiceAlone() {
        String token = given().baseUri(stack.auth.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("client_id", Stack.PUSHER_ID, "client_secret", Stack.PUSHER_SECRET))
                .post("/api/auth/token").then().statusCode(200).extract().path("access_token");
        var ids = Map.of("user_ids", List.of(member));

        given().baseUri(stack.notifications.baseUrl()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("user_ids", List.of(member), "type", "todo:created", "data", Map.of()))
                .post("/api/events").then().statusCode(202);
        given().baseUri(stack.chat.baseUrl()).auth().oauth2(token).get("/api/memberships/" + chat + "?before_seq=1")
                .then().statusCode(401).body("code", equalTo("unauthorized"));
        given().baseUri(stack.chat.baseUrl()).auth().oauth2(token).contentType(ContentType.JSON).body(ids)
                .post("/api/memberships").then().statusCode(401);
        given().baseUri(stack.realtime.baseUrl()).auth().oauth2(token).contentType(ContentType.JSON).body(ids)
                .post("/api/presence").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().baseUri(stack.auth.baseUrl()).auth().oauth2(token).get("/api/users/" + victim)
                .then().statusCode(401).body("code", equalTo("unauthorized"));
        assertThat(TestSocket.refusal(stack.ws(), token, TestSocket.Carrier.HEADER)).isEqualTo(401);
    }

    /** A forged token, each way, is refused by every service's REST endpoint and by the socket. */
    @Test
    void forgedTokensAreRefusedEverywhere() {
        var good = tokens.get(Caller.MEMBER);
        var parts = good.split("\\.");
        var json = java.util.Base64.getUrlDecoder();
        var encode = java.util.Base64.getUrlEncoder().withoutPadding();
        var header = new String(json.decode(parts[0]));
        var payload = new String(json.decode(parts[1]));
        var forged = Map.of(
                "a broken signature", parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA",
                "no signature (alg none)", encode.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "."
                        + parts[1] + ".",
                "a changed subject", parts[0] + "." + encode.encodeToString(payload.replace(member, victim).getBytes())
                        + "." + parts[2],
                "admin added", parts[0] + "." + encode.encodeToString(payload.replace("[\"user\"]", "[\"user\",\"admin\"]")
                        .getBytes()) + "." + parts[2],
                "an HMAC header", encode.encodeToString(header.replace("RS256", "HS256").getBytes()) + "." + parts[1]
                        + "." + parts[2],
                "expired", ShortLivedTokens.user(stack.authKeys, member, "ann", Duration.ofSeconds(-120)),
                "another audience", ShortLivedTokens.signed(stack.authKeys, member, "ann", List.of(Roles.USER),
                        Duration.ofMinutes(5), "another-app"),
                "the one audience of before (switchboard)", ShortLivedTokens.signed(stack.authKeys, member, "ann",
                        List.of(Roles.USER), Duration.ofMinutes(5), "switchboard"),
                "garbage", "not.a.token");
        var targets = List.of(
                Map.entry(stack.auth.baseUrl(), "/api/users/me"),
                Map.entry(stack.chat.baseUrl(), "/api/chats"),
                Map.entry(stack.notifications.baseUrl(), "/api/notifications"));
        for (var token : forged.entrySet()) {
            for (var target : targets) {
                given().baseUri(target.getKey()).auth().oauth2(token.getValue()).get(target.getValue())
                        .then().statusCode(401);
            }
            assertThat(TestSocket.refusal(stack.ws(), token.getValue(), TestSocket.Carrier.HEADER))
                    .as(token.getKey()).isEqualTo(401);
        }
        given().baseUri(stack.realtime.baseUrl()).auth().oauth2(forged.get("a broken signature"))
                .contentType(ContentType.JSON).body(Map.of("user_ids", List.of(member)))
                .post("/api/presence").then().statusCode(401);
        var before = ShortLivedTokens.signed(stack.authKeys, "matrix-backend", "matrix-backend",
                List.of(Roles.SERVICE, Scopes.PRESENCE), Duration.ofMinutes(5), "switchboard");
        given().baseUri(stack.realtime.baseUrl()).auth().oauth2(before)
                .contentType(ContentType.JSON).body(Map.of("user_ids", List.of(member)))
                .post("/api/presence").then().statusCode(401);
    }

    private static String verdict(Door door, Caller caller, Response response) {
        int status = response.statusCode();
        String code = status >= 400 ? response.jsonPath().getString("code") : null;
        if (status >= 500) {
            return "server error " + status + " " + response.asString();
        }
        var refusal = refusal(door, caller);
        if (door.allowed().contains(caller)) {
            boolean refused = (status == 401 && "unauthorized".equals(code)) || (status == 403 && "forbidden".equals(code))
                    || (door.chatScoped() && status == 404 && "chat_not_found".equals(code));
            return refused ? "refused (" + status + " " + code + ") but should pass" : null;
        }
        return refusal.equals(status + " " + code) ? null : "answered " + status + " " + code + ", not " + refusal;
    }

    /** How the door refuses a caller it does not let in: status and code. */
    private static String refusal(Door door, Caller caller) {
        if (caller == Caller.NOBODY || !audiences.get(caller).contains(audience(door))) {
            return "401 unauthorized";
        }
        return door.chatScoped() && Caller.USERS.contains(caller) ? "404 chat_not_found" : "403 forbidden";
    }

    /** The audience of the service the door belongs to. */
    private static String audience(Door door) {
        var services = Map.of(stack.auth.baseUrl(), Audiences.AUTH, stack.chat.baseUrl(), Audiences.CHAT,
                stack.notifications.baseUrl(), Audiences.NOTIFICATION, stack.realtime.baseUrl(), Audiences.REALTIME);
        return services.get(door.base());
    }

    private static Response call(Door door, Caller caller) {
        var request = given().baseUri(door.base());
        var token = tokens.get(caller);
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        if (door.body() != null) {
            request = request.contentType(ContentType.JSON).body(door.body());
        }
        return request.request(door.method(), door.path());
    }

    private List<Door> doors() {
        var auth = stack.auth.baseUrl();
        var chats = stack.chat.baseUrl();
        var notifications = stack.notifications.baseUrl();
        var realtime = stack.realtime.baseUrl();
        var users = Caller.USERS;
        // any service token reads public profiles, but only backends' tokens meant for auth-service
        // get there: no scope, or contacts
        var profileReaders = EnumSet.copyOf(users);
        profileReaders.addAll(EnumSet.of(Caller.BACKEND, Caller.BACKEND_CONTACTS));
        var admin = EnumSet.of(Caller.ADMIN);
        var memberOnly = EnumSet.of(Caller.MEMBER);
        var anyone = EnumSet.allOf(Caller.class);
        var ids = "{\"user_ids\":[\"" + member + "\"]}";
        return List.of(
                new Door(auth, "GET", "/", null, anyone, false),
                new Door(auth, "GET", "/.well-known/jwks.json", null, anyone, false),
                new Door(auth, "POST", "/api/auth/refresh", "{\"refresh_token\":\"unknown\"}", anyone, false),
                new Door(auth, "GET", "/api/users/me", null, users, false),
                new Door(auth, "PATCH", "/api/users/me", "{}", users, false),
                new Door(auth, "POST", "/api/users/me/password", "{\"current_password\":\"not the one\",\"new_password\":\"whatever 123\"}", users, false),
                new Door(auth, "POST", "/api/users/me/sessions/end", null, users, false),
                new Door(auth, "GET", "/api/users/" + victim, null, profileReaders, false),
                new Door(auth, "GET", "/api/users?q=e", null, profileReaders, false),
                new Door(auth, "GET", "/api/users/" + victim + "/contact", null, EnumSet.of(Caller.BACKEND_CONTACTS), false),
                new Door(auth, "POST", "/api/users/" + victim + "/sessions/end", null, admin, false),
                new Door(auth, "POST", "/api/users/" + victim + "/deactivate", null, admin, false),
                new Door(auth, "POST", "/api/users/" + victim + "/reactivate", null, admin, false),
                new Door(chats, "GET", "/api/chats", null, users, false),
                new Door(chats, "POST", "/api/chats", "{\"type\":\"group\",\"title\":\"m\",\"member_ids\":[]}", users, false),
                new Door(chats, "GET", "/api/chats/" + chat, null, memberOnly, true),
                new Door(chats, "PATCH", "/api/chats/" + chat, "{\"title\":\"renamed\"}", memberOnly, true),
                new Door(chats, "POST", "/api/chats/" + chat + "/members", "{\"user_ids\":[\"" + victim + "\"]}", memberOnly, true),
                new Door(chats, "GET", "/api/chats/" + chat + "/messages", null, memberOnly, true),
                new Door(chats, "POST", "/api/chats/" + chat + "/messages", "{\"content\":\"hello\"}", memberOnly, true),
                new Door(chats, "PATCH", "/api/chats/" + chat + "/messages/" + message, "{\"content\":\"edited\"}", memberOnly, true),
                new Door(chats, "POST", "/api/chats/" + chat + "/read", "{}", memberOnly, true),
                new Door(chats, "GET", "/api/chats/" + chat + "/events?after_seq=0", null, memberOnly, true),
                new Door(chats, "POST", "/api/chats/" + chat + "/mute", null, memberOnly, true),
                new Door(chats, "GET", "/api/blocks", null, users, false),
                new Door(chats, "PUT", "/api/blocks/" + victim, null, users, false),
                new Door(chats, "DELETE", "/api/blocks/" + victim, null, users, false),
                new Door(chats, "POST", "/api/memberships", ids, EnumSet.of(Caller.BACKEND_MEMBERSHIPS), false),
                new Door(chats, "GET", "/api/memberships/" + chat + "?before_seq=1", null, EnumSet.of(Caller.BACKEND_MEMBERSHIPS), false),
                new Door(notifications, "GET", "/api/notifications", null, users, false),
                new Door(notifications, "POST", "/api/notifications/read-all", null, users, false),
                new Door(notifications, "POST", "/api/notifications",
                        "{\"user_ids\":[\"" + member + "\"],\"type\":\"notice\",\"title\":\"t\",\"body\":\"b\"}",
                        EnumSet.of(Caller.ADMIN, Caller.BACKEND_NOTICES), false),
                new Door(notifications, "POST", "/api/events",
                        "{\"user_ids\":[\"" + member + "\"],\"type\":\"todo:created\",\"data\":{}}",
                        EnumSet.of(Caller.BACKEND_PUSH), false),
                new Door(realtime, "POST", "/api/presence", ids, EnumSet.of(Caller.BACKEND_PRESENCE), false));
    }

    private static String user(JsonPath session, List<String> roles) {
        return ShortLivedTokens.signed(stack.authKeys, session.getString("user.id"), session.getString("user.username"),
                roles, Duration.ofMinutes(15));
    }

    /** A backend's token as auth-service would issue it for these scopes, and the services it names. */
    private static void backend(Caller caller, String... scopes) {
        var groups = new ArrayList<String>();
        groups.add(Roles.SERVICE);
        groups.addAll(List.of(scopes));
        tokens.put(caller, ShortLivedTokens.signed(stack.authKeys, "matrix-backend", "matrix-backend", groups,
                Duration.ofMinutes(15)));
        audiences.put(caller, Audiences.forScopes(List.of(scopes)));
    }
}
