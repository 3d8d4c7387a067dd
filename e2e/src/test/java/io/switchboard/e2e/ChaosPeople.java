package io.switchboard.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The soak's people and chats, made over REST before anyone connects: users signed up and logged
 * in, one group holding them all (owned by the first), a few direct chats between pairs, and each
 * chat's last seq at that moment (the clients' baseline: they expect every event after it).
 */
final class ChaosPeople {

    /** Setup calls may meet cold services (JIT, first JWKS fetch) on a busy machine. */
    private static final Duration SETUP = Duration.ofSeconds(60);

    final List<JsonNode> logins;
    final List<String> chats;
    /** Per chat, the indexes of its members among {@link #logins}. */
    final List<List<Integer>> members;
    final long[] lastSeqs;

    private ChaosPeople(List<JsonNode> logins, List<String> chats, List<List<Integer>> members, long[] lastSeqs) {
        this.logins = logins;
        this.chats = chats;
        this.members = members;
        this.lastSeqs = lastSeqs;
    }

    static ChaosPeople create(ChaosHttp http, String authUrl, String chatUrl, int users, int directChats) {
        var logins = signUp(http, authUrl, users);
        var chats = new ArrayList<String>();
        var members = new ArrayList<List<Integer>>();
        var others = logins.subList(1, users).stream().map(l -> l.path("user").path("id").asText()).toList();
        // chat-service checks each member with auth-service, one at a time: a big group takes a while
        chats.add(created(http.post(chatUrl + "/api/chats", token(logins.getFirst()),
                Map.of("type", "group", "title", "chaos soak", "member_ids", others), Duration.ofMinutes(5)), "the group"));
        var everyone = new ArrayList<Integer>();
        for (int i = 0; i < users; i++) {
            everyone.add(i);
        }
        members.add(everyone);
        for (int pair = 0; pair < directChats; pair++) {
            int a = 1 + 2 * pair;
            int b = a + 1;
            chats.add(created(http.post(chatUrl + "/api/chats", token(logins.get(a)),
                    Map.of("type", "direct", "user_id", logins.get(b).path("user").path("id").asText()), SETUP),
                    "a direct chat"));
            members.add(List.of(a, b));
        }
        var lastSeqs = new long[chats.size()];
        for (int chat = 0; chat < chats.size(); chat++) {
            lastSeqs[chat] = lastSeq(http, chatUrl, chats.get(chat), token(logins.get(members.get(chat).getFirst())));
        }
        return new ChaosPeople(List.copyOf(logins), List.copyOf(chats), List.copyOf(members), lastSeqs);
    }

    /** Per chat, the client's baseline, or -1 where it is not a member. */
    long[] baselineOf(int user) {
        var baseline = new long[chats.size()];
        for (int chat = 0; chat < chats.size(); chat++) {
            baseline[chat] = members.get(chat).contains(user) ? lastSeqs[chat] : -1;
        }
        return baseline;
    }

    /** The chat's newest seq, as its event log reports it (asking for nothing after the end). */
    static long lastSeq(ChaosHttp http, String chatUrl, String chat, String token) {
        var answer = retried(() -> http.get(chatUrl + "/api/chats/" + chat + "/events?limit=1&after_seq=" + Long.MAX_VALUE,
                token, SETUP), "the last seq of chat " + chat);
        return answer.body().path("last_seq").asLong();
    }

    private static List<JsonNode> signUp(ChaosHttp http, String authUrl, int users) {
        var logins = new JsonNode[users];
        var gate = new Semaphore(8);
        var threads = new ArrayList<Thread>();
        var failures = new ArrayList<String>();
        for (int i = 0; i < users; i++) {
            int index = i;
            threads.add(Thread.ofVirtual().start(() -> {
                gate.acquireUninterruptibly();
                try {
                    var credentials = Map.of("username", "k" + UUID.randomUUID().toString().replace("-", "").substring(0, 14),
                            "password", Stack.PASSWORD);
                    retried(() -> http.post(authUrl + "/api/auth/register", null, credentials, SETUP), "a sign-up");
                    logins[index] = retried(() -> http.post(authUrl + "/api/auth/login", null, credentials, SETUP),
                            "a login").body();
                } catch (RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e.getMessage());
                    }
                } finally {
                    gate.release();
                }
            }));
        }
        for (var thread : threads) {
            try {
                thread.join(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while signing up", e);
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " sign-ups failed, e.g. " + failures.getFirst());
        }
        return List.of(logins);
    }

    private static String created(ChaosHttp.Answer answer, String what) {
        if (!answer.ok()) {
            throw new IllegalStateException("could not create " + what + ": " + answer.status() + " " + answer.body());
        }
        return answer.body().path("id").asText();
    }

    /** A setup call, tried a few times: setup happens before any fault, so failing here is a real failure. */
    static ChaosHttp.Answer retried(java.util.function.Supplier<ChaosHttp.Answer> call, String what) {
        ChaosHttp.Answer answer = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            answer = call.get();
            if (answer.ok()) {
                return answer;
            }
            if (!answer.retryable()) {
                break;
            }
            try {
                Thread.sleep(Duration.ofMillis(500L << attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException(what + " failed: " + answer.status() + " " + answer.body());
    }

    static String token(JsonNode login) {
        return login.path("access_token").asText();
    }
}
