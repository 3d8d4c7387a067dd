package io.switchboard.chat.attachment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.chat.TestUser;
import io.switchboard.devstack.SharedDevStack;
import io.switchboard.platform.http.ApiException;

/** Files of a chat in the real object store: upload, download, ranges, thumbnails, who sees what, cleanup. */
@QuarkusTest
class AttachmentsTest {

    @Inject
    AgroalDataSource db;

    @Inject
    AttachmentCleanup cleanup;

    @Inject
    ObjectStorage storage;

    @Test
    void anUploadComesBackWholeAndByRangeWithItsTagAndHeaders() throws Exception {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var bytes = randomBytes(200_000);
        var created = upload(ann, chat, "Отчёт \"Q1\".txt", "text/plain; charset=utf-8", bytes);
        created.then().statusCode(201)
                .header("Location", endsWith("/api/chats/" + chat + "/attachments/" + created.path("id")))
                .body("name", equalTo("Отчёт \"Q1\".txt")).body("content_type", equalTo("text/plain"))
                .body("size", equalTo(200_000)).body("sha256", equalTo(sha256(bytes)))
                .body("thumbnail", equalTo(false)).body("width", equalTo(null));
        var path = "/api/chats/" + chat + "/attachments/" + created.path("id");
        var etag = "\"" + sha256(bytes) + "\"";

        var whole = given().auth().oauth2(ann.token()).get(path);
        whole.then().statusCode(200).header("Content-Type", startsWith("text/plain"))
                .header("Content-Length", "200000").header("ETag", etag).header("Accept-Ranges", "bytes")
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "private, no-cache")
                .header("Content-Disposition", "attachment; filename=\"_____ _Q1_.txt\"; "
                        + "filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82%20%22Q1%22.txt");
        assertThat(whole.asByteArray()).isEqualTo(bytes);

        var part = given().auth().oauth2(ann.token()).header("Range", "bytes=10-19").get(path);
        part.then().statusCode(206).header("Content-Range", "bytes 10-19/200000").header("Content-Length", "10");
        assertThat(part.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 10, 20));
        var tail = given().auth().oauth2(ann.token()).header("Range", "bytes=-5").get(path);
        tail.then().statusCode(206).header("Content-Range", "bytes 199995-199999/200000");
        assertThat(tail.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 199_995, 200_000));
        given().auth().oauth2(ann.token()).header("Range", "bytes=199990-").get(path).then().statusCode(206)
                .header("Content-Length", "10");

        given().auth().oauth2(ann.token()).header("Range", "bytes=200000-").get(path).then().statusCode(416)
                .header("Content-Range", "bytes */200000").body("code", equalTo("range_not_satisfiable"));
        given().auth().oauth2(ann.token()).header("Range", "bytes=0-1,5-6").get(path).then().statusCode(200)
                .header("Content-Length", "200000");
        given().auth().oauth2(ann.token()).header("Range", "bytes=0-9").header("If-Range", "\"other\"").get(path)
                .then().statusCode(200).header("Content-Length", "200000");
        given().auth().oauth2(ann.token()).header("Range", "bytes=0-9").header("If-Range", etag).get(path)
                .then().statusCode(206);
        given().auth().oauth2(ann.token()).header("If-None-Match", etag).get(path).then().statusCode(304)
                .header("ETag", etag);
        var head = given().auth().oauth2(ann.token()).head(path);
        head.then().statusCode(200).header("Content-Length", "200000").header("ETag", etag);
        assertThat(head.asByteArray()).isEmpty();
    }

    @Test
    void anImageGetsItsSizeAndAThumbnailShownInline() throws Exception {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var created = upload(ann, chat, "photo.png", "image/png", png(1000, 600));
        created.then().statusCode(201).body("width", equalTo(1000)).body("height", equalTo(600))
                .body("thumbnail", equalTo(true));
        var path = "/api/chats/" + chat + "/attachments/" + created.path("id");
        given().auth().oauth2(ann.token()).get(path).then().statusCode(200)
                .header("Content-Disposition", startsWith("inline; filename=\"photo.png\""));
        var thumbnail = given().auth().oauth2(ann.token()).get(path + "/thumbnail");
        thumbnail.then().statusCode(200).header("Content-Type", "image/jpeg")
                .header("ETag", "\"" + created.path("sha256") + "-thumbnail\"");
        var image = ImageIO.read(new ByteArrayInputStream(thumbnail.asByteArray()));
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(192);

        var text = upload(ann, chat, "a.txt", "text/plain", "hello".getBytes());
        given().auth().oauth2(ann.token()).get("/api/chats/" + chat + "/attachments/" + text.path("id") + "/thumbnail")
                .then().statusCode(404).body("code", equalTo("attachment_not_found"));
        var broken = upload(ann, chat, "broken.png", "image/png", java.util.Arrays.copyOf(png(50, 50), 40));
        broken.then().statusCode(201).body("thumbnail", equalTo(false)).body("width", equalTo(null));
    }

    @Test
    void anUploadIsTheUploadersAloneUntilAMessageUsesItAndNoOnesOnceThatMessageIsDeleted() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var stranger = TestUser.create();
        var chat = ann.directChatWith(bob);
        String id = upload(ann, chat, "plan.pdf", "application/pdf", "%PDF-1.7 plan".getBytes()).path("id");
        var path = "/api/chats/" + chat + "/attachments/" + id;
        given().auth().oauth2(bob.token()).get(path).then().statusCode(404).body("code", equalTo("attachment_not_found"));
        given().auth().oauth2(stranger.token()).get(path).then().statusCode(404).body("code", equalTo("chat_not_found"));
        upload(stranger, chat, "x.txt", "text/plain", "x".getBytes()).then().statusCode(404)
                .body("code", equalTo("chat_not_found"));
        given().auth().oauth2(ann.token()).get("/api/chats/" + ann.directChatWith(TestUser.create()) + "/attachments/" + id)
                .then().statusCode(404).body("code", equalTo("attachment_not_found"));

        String message = ann.request().body(Map.of("content", "the plan", "attachment_ids", List.of(id)))
                .post("/api/chats/" + chat + "/messages").then().statusCode(201).extract().path("id");
        assertThat(given().auth().oauth2(bob.token()).get(path).then().statusCode(200).extract().asString())
                .isEqualTo("%PDF-1.7 plan");

        ann.request().delete("/api/chats/" + chat + "/messages/" + message).then().statusCode(204);
        given().auth().oauth2(bob.token()).get(path).then().statusCode(404).body("code", equalTo("attachment_not_found"));
        given().auth().oauth2(ann.token()).get(path).then().statusCode(404).body("code", equalTo("attachment_not_found"));
    }

    @Test
    void badUploadsAreRefusedWithNothingStored() throws Exception {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var tooLarge = new byte[1024 * 1024 + 1];
        upload(ann, chat, "big.txt", "text/plain", tooLarge).then().statusCode(413)
                .body("code", equalTo("attachment_too_large"));
        given().auth().oauth2(ann.token()).contentType("text/plain").queryParam("name", "streamed.txt")
                .body(new ByteArrayInputStream(tooLarge)) // no Content-Length: refused at the first byte over
                .post("/api/chats/" + chat + "/attachments").then().statusCode(413)
                .body("code", equalTo("attachment_too_large"));
        upload(ann, chat, "tool.exe", "application/x-msdownload", "MZ".getBytes()).then().statusCode(415)
                .body("code", equalTo("unsupported_attachment_type"));
        upload(ann, chat, "page.png", "image/png", "<html><script>alert(1)</script>".getBytes()).then().statusCode(415)
                .body("code", equalTo("unsupported_attachment_type"));
        for (String name : List.of("", "..", "a/b.txt", "a\\b.txt", "evil\u202Etxt.exe", "tab\there", "x".repeat(256))) {
            upload(ann, chat, name, "text/plain", "x".getBytes()).then().statusCode(400)
                    .body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("name"));
        }
        given().auth().oauth2(ann.token()).contentType("text/plain").body("x")
                .post("/api/chats/" + chat + "/attachments").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        assertThat(rowsOf(chat)).isZero();
        upload(ann, chat, "  cafe\u0301.txt ", "text/plain", "ok".getBytes()).then().statusCode(201)
                .body("name", equalTo("café.txt"));
    }

    @Test
    void unusedUploadsPastTheirDayAndFilesOfDeletedMessagesAreRemovedFromTheStore() throws Exception {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        String old = upload(ann, chat, "old.txt", "text/plain", "old".getBytes()).path("id");
        String fresh = upload(ann, chat, "fresh.txt", "text/plain", "fresh".getBytes()).path("id");
        String used = upload(ann, chat, "used.png", "image/png", png(40, 40)).path("id");
        String kept = upload(ann, chat, "kept.txt", "text/plain", "kept".getBytes()).path("id");
        String message = ann.request().body(Map.of("content", "files", "attachment_ids", List.of(used)))
                .post("/api/chats/" + chat + "/messages").then().statusCode(201).extract().path("id");
        ann.request().body(Map.of("content", "kept", "attachment_ids", List.of(kept)))
                .post("/api/chats/" + chat + "/messages").then().statusCode(201);
        ann.request().delete("/api/chats/" + chat + "/messages/" + message).then().statusCode(204);
        try (var connection = db.getConnection();
             var age = connection.prepareStatement("UPDATE attachments SET created_at = ? WHERE id IN (?, ?)")) {
            age.setObject(1, java.sql.Timestamp.from(Instant.now().minus(Duration.ofDays(2))));
            age.setObject(2, UUID.fromString(old));
            age.setObject(3, UUID.fromString(kept)); // old, but a message uses it
            age.executeUpdate();
        }
        var keys = Map.of(old, "chats/" + chat + "/" + old, used, "chats/" + chat + "/" + used);

        assertThat(cleanup.removeExpired(Instant.now())).isGreaterThanOrEqualTo(2);

        assertThat(idsOf(chat)).containsExactlyInAnyOrder(UUID.fromString(fresh), UUID.fromString(kept));
        for (var key : List.of(keys.get(old), keys.get(used), keys.get(used) + ".thumbnail.jpg")) {
            assertThatThrownBy(() -> storage.get(key, null).close()).isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).status()).isEqualTo(404);
        }
        try (var object = storage.get("chats/" + chat + "/" + fresh, null)) {
            assertThat(object.readAllBytes()).isEqualTo("fresh".getBytes());
        }
        String late = ann.request().body(Map.of("content", "too late", "attachment_ids", List.of(old)))
                .post("/api/chats/" + chat + "/messages").then().statusCode(400).extract().path("errors[0].field");
        assertThat(late).isEqualTo("attachment_ids");
    }

    @Test
    void aPresignedRedirectServesTheFileFromTheStoreWithItsTypeAndName() throws Exception {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var bytes = randomBytes(5_000);
        String id = upload(ann, chat, "data.zip", "application/zip", bytes).path("id");
        var redirect = given().auth().oauth2(ann.token()).redirects().follow(false)
                .get("/api/chats/" + chat + "/attachments/" + id + "?redirect=true");
        redirect.then().statusCode(302).header("Cache-Control", "no-store");
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(HttpRequest.newBuilder(URI.create(redirect.header("Location"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(bytes);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/zip");
            assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                    .startsWith("attachment; filename=\"data.zip\"");
        }
    }

    @Test
    void whileTheStoreIsDownUploadsAnswer503AndNothingIsRecorded() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var stack = SharedDevStack.get();
        stack.stopObjectStore();
        try {
            upload(ann, chat, "a.txt", "text/plain", "a".getBytes()).then().statusCode(503)
                    .header("Retry-After", "5").body("code", equalTo("attachment_store_unavailable"));
            assertThat(rowsOf(chat)).isZero();
        } finally {
            stack.startObjectStore();
        }
        upload(ann, chat, "a.txt", "text/plain", "a".getBytes()).then().statusCode(201);
    }

    static Response upload(TestUser user, String chat, String name, String type, byte[] bytes) {
        return given().auth().oauth2(user.token()).contentType(type).queryParam("name", name).body(bytes)
                .post("/api/chats/" + chat + "/attachments");
    }

    static byte[] png(int width, int height) throws IOException {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        var graphics = image.createGraphics();
        graphics.setColor(Color.ORANGE);
        graphics.fillRect(0, 0, width / 2, height);
        graphics.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] randomBytes(int size) {
        var bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private long rowsOf(String chat) {
        return idsOf(chat).size();
    }

    private List<UUID> idsOf(String chat) {
        try (var connection = db.getConnection();
             var select = connection.prepareStatement("SELECT id FROM attachments WHERE chat_id = ?")) {
            select.setObject(1, UUID.fromString(chat));
            var ids = new java.util.ArrayList<UUID>();
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
            return ids;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
