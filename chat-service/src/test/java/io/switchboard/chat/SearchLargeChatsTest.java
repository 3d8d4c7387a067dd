package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Search by how many messages a word is in: where the caller's chats hold more than 50,000
 * messages, a word in more than 20,000 is ranked among each chat's newest matches only (fast,
 * whatever the count) and a rarer one among all of them; a word in many more messages elsewhere
 * than the caller's chats hold is found by reading the caller's messages, not the word's matches.
 */
@QuarkusTest
class SearchLargeChatsTest {

    @Inject
    AgroalDataSource db;

    @Test
    void aVeryCommonWordIsRankedAmongTheNewestMatchesAndARareOneAmongAll() throws Exception {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var common = "zqcommon" + Long.toString(System.nanoTime(), 36).replaceAll("\\d", "x");
        var rare = "zqrare" + Long.toString(System.nanoTime(), 36).replaceAll("\\d", "y");
        String oldest;
        try (var connection = db.getConnection(); var s = connection.createStatement()) {
            // the oldest message has the common word ten times (the best rank of all); the 26 oldest the rare one
            s.execute("""
                    INSERT INTO messages (id, chat_id, seq, sender_id, content, message_type, created_at)
                    SELECT gen_random_uuid(), '%1$s', g, '%2$s',
                           CASE WHEN g = 1 THEN repeat('%3$s ', 10) || '%4$s'
                                WHEN g <= 26 THEN '%3$s and %4$s ' || g ELSE '%3$s and other words ' || g END,
                           'text', now() - make_interval(secs => 100000 - g)
                      FROM generate_series(1, 60000) g""".formatted(chat, ann.id(), common, rare));
            s.execute("UPDATE chats SET last_seq = 60000 WHERE id = '" + chat + "'");
            s.execute("ANALYZE messages");
            try (var rows = s.executeQuery("SELECT id FROM messages WHERE chat_id = '" + chat + "' AND seq = 1")) {
                rows.next();
                oldest = rows.getString(1);
            }
        }

        var rareFirst = search(ann, rare, null);
        var rareSecond = search(ann, rare, rareFirst.getString("next_before"));
        assertThat(ids(rareFirst)).hasSize(20);
        assertThat(ids(rareSecond)).hasSize(6);
        assertThat(rareSecond.getString("next_before")).isNull();
        var rareAll = new HashSet<>(ids(rareFirst));
        rareAll.addAll(ids(rareSecond));
        assertThat(rareAll).hasSize(26).contains(oldest);

        var first = search(ann, common, null);
        assertThat(ids(first)).hasSize(20).doesNotContain(oldest);
        List<Integer> seqs = first.getList("results.message.seq");
        assertThat(seqs).allSatisfy(seq -> assertThat(seq).isGreaterThan(60000 - 1000));
        var second = search(ann, common, first.getString("next_before"));
        assertThat(ids(second)).hasSize(20);
        var both = new HashSet<>(ids(first));
        both.addAll(ids(second));
        assertThat(both).hasSize(40);
    }

    @Test
    void aWordCommonInOtherChatsIsFoundInMineOnlyAndNeverWhenDeleted() throws Exception {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var mine = ann.directChatWith(bob);
        var theirs = bob.directChatWith(TestUser.create());
        var word = "zqelsewhere" + Long.toString(System.nanoTime(), 36).replaceAll("\\d", "w");
        try (var connection = db.getConnection(); var s = connection.createStatement()) {
            s.execute("""
                    INSERT INTO messages (id, chat_id, seq, sender_id, content, message_type, created_at)
                    SELECT gen_random_uuid(), '%1$s', g, '%2$s', '%3$s elsewhere ' || g, 'text', now()
                      FROM generate_series(1, 30000) g""".formatted(theirs, bob.id(), word));
            s.execute("UPDATE chats SET last_seq = 30000 WHERE id = '" + theirs + "'");
            s.execute("ANALYZE messages");
        }
        var found = new HashSet<String>();
        for (int i = 0; i < 3; i++) {
            found.add(send(ann, mine, word + " mine " + i));
        }
        var deleted = send(ann, mine, word + " deleted");
        ann.request().delete("/api/chats/" + mine + "/messages/" + deleted).then().statusCode(204);

        assertThat(ids(search(ann, word, null))).containsExactlyInAnyOrderElementsOf(found);
        assertThat(ids(search(bob, word, null))).hasSize(20);
    }

    private static String send(TestUser user, String chat, String content) {
        return user.request().body(Map.of("content", content)).post("/api/chats/" + chat + "/messages")
                .then().statusCode(201).extract().path("id");
    }

    private static JsonPath search(TestUser user, String query, String before) {
        var request = user.request().queryParam("q", query);
        if (before != null) {
            request.queryParam("before", before);
        }
        return request.get("/api/messages/search").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> ids(JsonPath page) {
        return page.getList("results.message.id");
    }
}
