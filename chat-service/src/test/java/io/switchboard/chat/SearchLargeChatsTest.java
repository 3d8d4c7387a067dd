package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Search where the caller's chats hold more than 50,000 messages: a word in more than 20,000
 * messages is ranked among each chat's newest matches only (fast, whatever the count), a rarer
 * one among all of them.
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
