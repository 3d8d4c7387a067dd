package io.switchboard.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Full-text search over my chats' messages, in English and Russian, best match first. */
@QuarkusTest
class SearchTest {

    /** A word no other test sends, so that every test sees only its own messages. */
    private static String tag() {
        var letters = new StringBuilder("zq");
        for (char c : UUID.randomUUID().toString().replace("-", "").substring(0, 10).toCharArray()) {
            letters.append(Character.isDigit(c) ? (char) ('g' + (c - '0')) : c);
        }
        return letters.toString();
    }

    @Test
    void anyInflectionOfAnEnglishOrRussianWordFindsTheMessageRightAfterItIsSent() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var tag = tag();
        var english = send(ann, chat, tag + " the runners were running late");
        var russian = send(ann, chat, tag + " новые сообщения пришли");

        assertThat(ids(search(ann, tag + " run"))).containsExactly(english);
        assertThat(ids(search(ann, tag + " runs"))).containsExactly(english);
        assertThat(ids(search(ann, tag + " сообщение"))).containsExactly(russian);
        assertThat(ids(search(ann, tag + " сообщениями"))).containsExactly(russian);
        assertThat(ids(search(ann, tag))).containsExactlyInAnyOrder(english, russian);
        assertThat(ids(search(ann, tag + " -сообщение"))).containsExactly(english);
    }

    @Test
    void onlyMyChatsAreSearchedAndOneOfThemOnRequest() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var tag = tag();
        var direct = ann.directChatWith(bob);
        var group = bob.group("Team", ann);
        var strangers = bob.directChatWith(TestUser.create());
        var inDirect = send(ann, direct, tag + " in the direct chat");
        var inGroup = send(bob, group, tag + " in the group");
        send(bob, strangers, tag + " not for ann");

        assertThat(ids(search(ann, tag))).containsExactlyInAnyOrder(inDirect, inGroup);
        var page = ann.request().queryParam("q", tag).queryParam("chat_id", group).get("/api/messages/search")
                .then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("results.message.id")).containsExactly(inGroup);
        assertThat(page.getList("results.chat_id")).containsExactly(group);
        ann.request().queryParam("q", tag).queryParam("chat_id", strangers).get("/api/messages/search")
                .then().statusCode(404).body("code", equalTo("chat_not_found"));
    }

    @Test
    void deletedMessagesAndWordsEditedAwayNeverMatch() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var tag = tag();
        var deleted = send(ann, chat, tag + " soon gone");
        var edited = send(ann, chat, tag + " original wording");
        ann.request().delete("/api/chats/" + chat + "/messages/" + deleted).then().statusCode(204);
        ann.request().body(Map.of("content", tag + " corrected phrasing"))
                .patch("/api/chats/" + chat + "/messages/" + edited).then().statusCode(200);

        assertThat(ids(search(ann, tag + " gone"))).isEmpty();
        assertThat(ids(search(ann, tag + " wording"))).isEmpty();
        assertThat(ids(search(ann, tag + " phrasing"))).containsExactly(edited);
        assertThat(ids(search(ann, tag))).containsExactly(edited);
    }

    @Test
    void theBestMatchComesFirstWithAnEscapedHighlightedSnippet() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var tag = tag();
        var once = send(ann, chat, tag + " deploy on <b>Friday</b> & pray");
        var thrice = send(ann, chat, tag + " deploy, deploy and deploy again");

        var page = search(ann, tag + " deploy");
        assertThat(ids(page)).containsExactly(thrice, once);
        assertThat(page.getList("results.rank", Float.class)).isSortedAccordingTo((a, b) -> Float.compare(b, a));
        var snippet = page.getString("results[1].snippet");
        assertThat(snippet).contains("<mark>deploy</mark>", "&lt;b&gt;Friday&lt;/b&gt; &amp; pray")
                .doesNotContain("<b>");
        assertThat(page.getString("results[0].message.content")).isEqualTo(tag + " deploy, deploy and deploy again");
    }

    @Test
    void pagesFollowEachOtherWithoutRepeatsOrGaps() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var tag = tag();
        var sent = new HashSet<String>();
        for (int i = 0; i < 7; i++) {
            sent.add(send(ann, chat, tag + " page " + i));
        }
        var seen = new ArrayList<String>();
        String before = null;
        int pages = 0;
        do {
            var request = ann.request().queryParam("q", tag).queryParam("limit", 3);
            if (before != null) {
                request.queryParam("before", before);
            }
            var page = request.get("/api/messages/search").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("results.message.id"));
            before = page.getString("next_before");
            pages++;
        } while (before != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(sent);
    }

    @Test
    void aQueryOfStopWordsFindsNothing() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        send(ann, chat, "the and of");
        ann.request().queryParam("q", "the").get("/api/messages/search").then().statusCode(200)
                .body("results", empty()).body("next_before", nullValue());
    }

    @Test
    void badSearchesAreRefusedByParameter() {
        var ann = TestUser.create();
        for (var bad : List.of(Map.of("q", " "), Map.of("q", "x".repeat(201)), Map.of("q", "a\u0001b"),
                Map.of("q", "ok", "limit", "0"), Map.of("q", "ok", "limit", "51"), Map.of("q", "ok", "before", "nonsense"),
                Map.<String, String>of())) {
            var field = bad.containsKey("limit") ? "limit" : bad.containsKey("before") ? "before" : "q";
            ann.request().queryParams(bad).get("/api/messages/search").then().statusCode(400)
                    .body("code", equalTo("validation_failed")).body("errors.field", contains(field));
        }
        given().queryParam("q", "hello").get("/api/messages/search").then().statusCode(401);
    }

    private static String send(TestUser user, String chat, String content) {
        return user.request().body(Map.of("content", content)).post("/api/chats/" + chat + "/messages").then()
                .statusCode(201).extract().path("id");
    }

    private static JsonPath search(TestUser user, String query) {
        return user.request().queryParam("q", query).get("/api/messages/search").then().statusCode(200)
                .extract().jsonPath();
    }

    private static List<String> ids(JsonPath page) {
        return page.getList("results.message.id");
    }
}
