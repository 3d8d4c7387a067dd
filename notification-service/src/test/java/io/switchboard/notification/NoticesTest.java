package io.switchboard.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.contracts.Scopes;

/** System notices: stored, listed and read by each user, pushed live to their sockets. */
@QuarkusTest
class NoticesTest extends DevStackResources {

    @Inject
    MockMailbox mailbox;

    @Test
    void aNoticeToAUserIsStoredPushedAndListedOnlyForThem() {
        var admin = Person.admin();
        var bob = Person.user();
        var ann = Person.user();

        String id = admin.request()
                .body(Map.of("user_ids", List.of(bob.id()), "type", "account_warning", "title", "Check your account",
                        "body", "Your account will be locked.", "data", Map.of("reason", "spam")))
                .post("/api/notifications")
                .then().statusCode(201)
                .body("notifications[0].type", equalTo("account_warning"))
                .extract().path("notifications[0].id");

        var listed = bob.notifications("account_warning");
        assertThat(listed).hasSize(1);
        assertThat(listed.getFirst()).containsEntry("id", id).containsEntry("title", "Check your account")
                .containsEntry("body", "Your account will be locked.").containsEntry("read", false)
                .containsEntry("data", Map.of("reason", "spam"));
        assertThat(ann.notifications("account_warning")).isEmpty();

        var pushed = Kafka.userEvents(e -> e.userIds().contains(bob.id()), 1);
        assertThat(pushed).hasSize(1);
        assertThat(pushed.getFirst().everyone()).isFalse();
        assertThat(pushed.getFirst().frameType()).isEqualTo("notification");
        assertThat(pushed.getFirst().frame()).contains("\"type\":\"notification\"", "\"id\":\"" + id + "\"",
                "\"title\":\"Check your account\"");
    }

    @Test
    void aNoticeToAllReachesEveryUserAndEachReadsItForThemself() {
        var backend = Person.backend(Scopes.NOTICES);
        var ann = Person.user();
        var bob = Person.user();

        String id = backend.request()
                .body(Map.of("all", true, "type", "maintenance", "title", "Down at 22:00", "body", "For 10 minutes."))
                .post("/api/notifications")
                .then().statusCode(201).extract().path("notifications[0].id");

        assertThat(ann.unread()).extracting(n -> n.get("id")).contains(id);
        assertThat(bob.unread()).extracting(n -> n.get("id")).contains(id);
        var pushed = Kafka.userEvents(e -> e.everyone() && e.frame().contains(id), 1);
        assertThat(pushed).hasSize(1);

        ann.request().post("/api/notifications/" + id + "/read").then().statusCode(204);

        assertThat(ann.unread()).extracting(n -> n.get("id")).doesNotContain(id);
        assertThat(ann.notifications()).filteredOn(n -> n.get("id").equals(id)).singleElement()
                .satisfies(n -> assertThat(n).containsEntry("read", true));
        assertThat(bob.unread()).extracting(n -> n.get("id")).contains(id);
    }

    @Test
    void readAllMarksEveryNotificationOfTheUserRead() {
        var admin = Person.admin();
        var bob = Person.user();
        var ann = Person.user();
        for (var title : List.of("first", "second")) {
            admin.request().body(Map.of("user_ids", List.of(bob.id(), ann.id()), "type", "news", "title", title))
                    .post("/api/notifications").then().statusCode(201);
        }
        String toAll = admin.request().body(Map.of("all", true, "type", "bulletin", "title", "to everyone"))
                .post("/api/notifications").then().statusCode(201).extract().path("notifications[0].id");

        bob.request().post("/api/notifications/read-all").then().statusCode(204);

        assertThat(bob.unread()).isEmpty();
        assertThat(bob.notifications()).extracting(n -> n.get("title")).contains("first", "second", "to everyone");
        assertThat(ann.unread()).extracting(n -> n.get("title")).contains("first", "second");
        assertThat(ann.unread()).extracting(n -> n.get("id")).contains(toAll);
    }

    @Test
    void aNoticeIsEmailedToListedUsersWhoAreNotOnline() {
        var admin = Person.admin();
        var away = Person.user();
        var here = Person.user();
        StubAuth.EMAILS.put(away.id(), away.name() + "@example.com");
        StubAuth.EMAILS.put(here.id(), here.name() + "@example.com");
        StubPresence.ONLINE.add(here.id());

        admin.request().body(Map.of("user_ids", List.of(away.id(), here.id()), "type", "account_warning",
                        "title", "Password changed", "body", "Was it you?"))
                .post("/api/notifications").then().statusCode(201);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(mailbox.getMailsSentTo(away.name() + "@example.com")).hasSize(1));
        assertThat(mailbox.getMailsSentTo(away.name() + "@example.com").getFirst().getText()).contains("Was it you?");
        assertThat(mailbox.getMailsSentTo(here.name() + "@example.com")).isEmpty();
    }

    @Test
    void aNoticeToThousandsAsksPresenceInPagesAndReachesEveryone() {
        var admin = Person.admin();
        var last = Person.user();
        var users = new java.util.ArrayList<UUID>();
        java.util.stream.IntStream.range(0, 1499).forEach(i -> users.add(UUID.randomUUID()));
        users.add(last.id());
        StubPresence.LARGEST_ASK.set(0);

        admin.request().body(Map.of("user_ids", users, "type", "bulk", "title", "to many"))
                .post("/api/notifications").then().statusCode(201).body("notifications.size()", equalTo(1500));

        assertThat(StubPresence.LARGEST_ASK.get()).isBetween(1, 1000);
        assertThat(last.unread("bulk")).hasSize(1);
    }

    @Test
    void onlyAdminsAndBackendsWithScopeNoticesSendNotices() {
        var bob = Person.user();
        var notice = Map.of("user_ids", List.of(bob.id()), "type", "news", "title", "hi");
        bob.request().body(notice).post("/api/notifications").then().statusCode(403).body("code", equalTo("forbidden"));
        given().contentType(ContentType.JSON).body(notice).post("/api/notifications").then().statusCode(401);
        for (var backend : List.of(Person.backend(), Person.backend(Scopes.PUSH, Scopes.PRESENCE, Scopes.CONTACTS, Scopes.MEMBERSHIPS))) {
            backend.request().body(notice).post("/api/notifications").then().statusCode(403)
                    .contentType("application/problem+json").body("code", equalTo("forbidden"));
        }
        Person.backend(Scopes.NOTICES).request().body(notice).post("/api/notifications").then().statusCode(201);
        Person.admin().request().body(notice).post("/api/notifications").then().statusCode(201);
        assertThat(bob.notifications("news")).hasSize(2);
        Person.backend(Scopes.NOTICES).request().get("/api/notifications").then().statusCode(403);
    }

    @Test
    void badNoticesAreRefusedWithAReason() {
        var admin = Person.admin();
        var bob = Person.user();
        admin.request().body(Map.of("user_ids", List.of(bob.id()), "type", "news"))
                .post("/api/notifications").then().statusCode(400).body("code", equalTo("validation_failed"));
        admin.request().body(Map.of("type", "news", "title", "to nobody"))
                .post("/api/notifications").then().statusCode(400).body("code", equalTo("validation_failed"));
        admin.request().body(Map.of("user_ids", List.of(bob.id()), "all", true, "type", "news", "title", "both"))
                .post("/api/notifications").then().statusCode(400).body("code", equalTo("validation_failed"));
        admin.request().body(Map.of("user_ids", List.of(bob.id()), "type", "no spaces", "title", "x"))
                .post("/api/notifications").then().statusCode(400).body("code", equalTo("validation_failed"));
        admin.request().body("{\"user_ids\": [").post("/api/notifications").then().statusCode(400)
                .body("code", equalTo("malformed_json"));
        assertThat(bob.notifications()).extracting(n -> n.get("title")).doesNotContain("both", "x");
    }

    @Test
    void aUserCannotReadSomeoneElsesNotification() {
        var admin = Person.admin();
        var bob = Person.user();
        var ann = Person.user();
        String id = admin.request().body(Map.of("user_ids", List.of(bob.id()), "type", "personal", "title", "for bob"))
                .post("/api/notifications").then().statusCode(201).extract().path("notifications[0].id");

        ann.request().post("/api/notifications/" + id + "/read").then().statusCode(404)
                .body("code", equalTo("notification_not_found"));
        ann.request().post("/api/notifications/not-an-id/read").then().statusCode(404)
                .body("code", equalTo("notification_not_found"));
        assertThat(bob.unread("personal")).hasSize(1);
        ann.request().get("/api/notifications?limit=100000").then().statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    @Test
    void aUserPagesThroughTheirNotificationsAndCountsTheUnreadOnes() {
        var admin = Person.admin();
        var bob = Person.user();
        for (int i = 1; i <= 5; i++) {
            admin.request().body(Map.of("user_ids", List.of(bob.id()), "type", "page", "title", "notice " + i))
                    .post("/api/notifications").then().statusCode(201);
        }
        long before = bob.request().get("/api/notifications/unread-count").then().statusCode(200)
                .extract().jsonPath().getLong("unread");

        var titles = new java.util.ArrayList<Object>();
        var response = bob.request().queryParam("limit", 2).get("/api/notifications");
        while (true) {
            List<Map<String, Object>> page = response.then().statusCode(200).extract().jsonPath().getList("$");
            page.stream().filter(n -> "page".equals(n.get("type"))).forEach(n -> titles.add(n.get("title")));
            var link = response.getHeader("Link");
            if (link == null) {
                break;
            }
            var next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
            response = bob.request().urlEncodingEnabled(false).get(next);
        }
        assertThat(titles).containsExactly("notice 5", "notice 4", "notice 3", "notice 2", "notice 1");

        String first = bob.notifications("page").getFirst().get("id").toString();
        bob.request().post("/api/notifications/" + first + "/read").then().statusCode(204);
        bob.request().get("/api/notifications/unread-count").then().statusCode(200)
                .body("unread", equalTo((int) before - 1));
        bob.request().get("/api/notifications?before=nope").then().statusCode(400)
                .body("code", equalTo("validation_failed"));
        var cleared = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                (java.time.Instant.now() + "|" + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(bob.request().queryParam("before", cleared).get("/api/notifications").then().statusCode(200)
                .extract().jsonPath().getList("title")).as("a position, not a notification that must exist")
                .contains("notice 5");
    }
}
