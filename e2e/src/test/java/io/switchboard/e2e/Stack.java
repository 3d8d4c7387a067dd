package io.switchboard.e2e;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.switchboard.devstack.DevStack;
import io.switchboard.devstack.DevStackOptions;
import io.switchboard.devstack.KafkaLogin;
import io.switchboard.devstack.ServiceProcess;

/**
 * The services as production runs them: built jars in their prod profile, each its own process
 * on its own port, on real PostgreSQL and Kafka, talking to each other over HTTP.
 */
final class Stack implements AutoCloseable {

    /**
     * The example web client (docs/examples/web), served for the browser tests from an origin of
     * its own, the one origin browsers may call the services from. It holds its port from the
     * start, so that no service is given the same one.
     */
    static final HttpServer PAGES = servePages();
    static final String PAGE_ORIGIN = "http://127.0.0.1:" + PAGES.getAddress().getPort();

    /** Every signed-up user's password. */
    static final String PASSWORD = "correct horse battery";

    static final String CLIENT_ID = "e2e-backend";
    static final String CLIENT_SECRET = "e2e-secret";
    static final String BACKEND_SCOPES = "push+notices+memberships";
    /** A backend granted {@code push} alone, whose token is meant for notification-service alone. */
    static final String PUSHER_ID = "e2e-pusher";
    static final String PUSHER_SECRET = "e2e-pusher-secret";
    private static final String NOTIFICATION_SECRET = "e2e-notification-secret";
    private static final String REALTIME_SECRET = "e2e-realtime-secret";

    final DevStack servers;
    final ServiceProcess auth;
    final ServiceProcess chat;
    private final Path root;
    /** Where the services' builds are: the project's folder, or a copy of them (see {@link #start(String, Path)}). */
    private final Path apps;
    private final Path logs;
    /** The first realtime instance; tests start more with {@link #startRealtime}. */
    ServiceProcess realtime;
    /** Asks the first realtime instance who is online. */
    ServiceProcess notifications;

    /** auth-service's signing keys ({@code <kid>.pem}), for tests that need a token auth-service would not issue. */
    final Path authKeys;
    /** Each service's Kafka login by module name; none while the broker is plain. */
    private final Map<String, KafkaLogin> kafkaLogins;

    private Stack(DevStack servers, Path authKeys, ServiceProcess auth, ServiceProcess chat, ServiceProcess realtime,
                  Path root, Path apps, Path logs, Map<String, KafkaLogin> kafkaLogins) {
        this.servers = servers;
        this.kafkaLogins = kafkaLogins;
        this.authKeys = authKeys;
        this.auth = auth;
        this.chat = chat;
        this.realtime = realtime;
        this.root = root;
        this.apps = apps;
        this.logs = logs;
    }

    /**
     * One more realtime instance in the same cluster. Instances heartbeat every second and count
     * one silent for 4 s as dead (20 s by default), so failures show quickly.
     */
    ServiceProcess startRealtime(String name) {
        return startRealtime(name, ServiceProcess.freePort());
    }

    /** As {@link #startRealtime(String)}, on this port: an instance restarted where its clients knew it. */
    ServiceProcess startRealtime(String name, int port) {
        var e = servers.endpoints();
        return ServiceProcess.start(apps, "realtime-service", port, environment(kafkaLogins, "realtime-service", Map.ofEntries(
                Map.entry("QUARKUS_DATASOURCE_JDBC_URL", e.jdbcUrl("realtime")),
                Map.entry("QUARKUS_DATASOURCE_USERNAME", e.postgresUser()),
                Map.entry("QUARKUS_DATASOURCE_PASSWORD", e.postgresPassword()),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", e.kafkaBootstrapServers()),
                Map.entry("MP_JWT_VERIFY_PUBLICKEY_LOCATION", auth.baseUrl() + "/.well-known/jwks.json"),
                Map.entry("QUARKUS_REST_CLIENT_CHAT_URL", chat.baseUrl()),
                Map.entry("QUARKUS_REST_CLIENT_AUTH_URL", auth.baseUrl()),
                Map.entry("SWITCHBOARD_SERVICE_CLIENT_SECRET", REALTIME_SECRET),
                Map.entry("REALTIME_CLUSTER_HEARTBEAT_INTERVAL", "1S"),
                Map.entry("REALTIME_CLUSTER_INSTANCE_TIMEOUT", "4S"))), logs.resolve("realtime-service-" + name + ".log"));
    }

    /** A new user, registered and logged in: the login answer (access_token, user.id, ...). */
    JsonPath signUp() {
        var username = "e" + UUID.randomUUID().toString().substring(0, 11).replace("-", "");
        given().baseUri(auth.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD))
                .post("/api/auth/register").then().statusCode(201);
        return given().baseUri(auth.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD))
                .post("/api/auth/login").then().statusCode(200).extract().jsonPath();
    }

    /** The project's folder. */
    Path root() {
        return root;
    }

    /** What a service process has logged so far. */
    String log(String service) {
        try {
            return Files.readString(logs.resolve(service + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The WebSocket address of the first realtime instance. */
    String ws() {
        return ws(realtime);
    }

    static String ws(ServiceProcess realtime) {
        return realtime.baseUrl().replace("http://", "ws://") + "/ws";
    }

    private static Stack shared;

    /** One stack for all end-to-end test classes of the JVM; it stops when the JVM exits. */
    static synchronized Stack shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    static Stack start() {
        var root = Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();
        return start("service-logs", root);
    }

    /**
     * A stack of its own, logging to {@code e2e/target/<logFolder>}, running the builds found under
     * {@code apps} ({@code <module>/target/quarkus-app}, as in the project's folder).
     */
    static Stack start(String logFolder, Path apps) {
        return start(logFolder, apps, false, servers -> Map.of());
    }

    /**
     * As {@link #start(String, Path)}, on a broker that asks for logins and enforces ACLs
     * ({@link DevStackOptions#kafkaLogins()}): once the servers are up, {@code logins} prepares the
     * broker (topics, users, ACLs) and answers each service's login by module name.
     */
    static Stack startWithKafkaLogins(String logFolder, Path apps, Function<DevStack, Map<String, KafkaLogin>> logins) {
        return start(logFolder, apps, true, logins);
    }

    private static Stack start(String logFolder, Path apps, boolean kafkaLogins,
                               Function<DevStack, Map<String, KafkaLogin>> prepareKafka) {
        var root = Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();
        var base = DevStackOptions.forTests();
        var options = new DevStackOptions(base.baseDir(), base.runName(), 0, 0,
                List.of("auth", "chat", "realtime", "notifications"), false, "512m");
        var servers = DevStack.start(kafkaLogins ? options.withKafkaLogins() : options);
        try {
            var logins = prepareKafka.apply(servers);
            var logs = Files.createDirectories(root.resolve("e2e/target").resolve(logFolder));
            var keys = Files.createTempDirectory("e2e-auth-keys");
            var e = servers.endpoints();
            int authPort = ServiceProcess.freePort();
            var auth = ServiceProcess.start(apps, "auth-service", authPort, environment(logins, "auth-service", Map.ofEntries(
                    Map.entry("QUARKUS_DATASOURCE_JDBC_URL", e.jdbcUrl("auth")),
                    Map.entry("QUARKUS_DATASOURCE_USERNAME", e.postgresUser()),
                    Map.entry("QUARKUS_DATASOURCE_PASSWORD", e.postgresPassword()),
                    Map.entry("AUTH_KEYS_DIR", keys.toString()),
                    Map.entry("AUTH_KEYS_GENERATE", "true"),
                    Map.entry("KAFKA_BOOTSTRAP_SERVERS", e.kafkaBootstrapServers()), // session revocations go out on it
                    // cheap password hashes: the tests sign up many users; the cost is auth-service's own tests' business
                    Map.entry("AUTH_PASSWORD_MEMORY_KIB", "64"),
                    Map.entry("AUTH_PASSWORD_ITERATIONS", "1"),
                    // every test user comes from loopback, and the fuzzer fails logins by the thousand:
                    // the throttles per address are auth-service's own tests' business
                    Map.entry("AUTH_LOGIN_MAX_REGISTRATIONS_PER_ADDRESS", "100000"),
                    Map.entry("AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS", "100000"),
                    // the services get exactly what they ask for with their own tokens (docs/operations.md);
                    // the tests' backend pushes, sends notices, and reads members to check a chaos run's deliveries;
                    // the pusher only pushes (AccessMatrixTest: where its token is refused)
                    Map.entry("AUTH_CLIENTS", CLIENT_ID + ":" + CLIENT_SECRET + ":" + BACKEND_SCOPES
                            + ",notification-service:" + NOTIFICATION_SECRET + ":presence+memberships+contacts"
                            + ",realtime-service:" + REALTIME_SECRET + ":memberships"
                            + "," + PUSHER_ID + ":" + PUSHER_SECRET + ":push"))), logs.resolve("auth-service.log"));
            var chatEnv = new java.util.HashMap<>(Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", e.jdbcUrl("chat"),
                    "QUARKUS_DATASOURCE_USERNAME", e.postgresUser(),
                    "QUARKUS_DATASOURCE_PASSWORD", e.postgresPassword(),
                    "KAFKA_BOOTSTRAP_SERVERS", e.kafkaBootstrapServers(),
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION", auth.baseUrl() + "/.well-known/jwks.json",
                    "QUARKUS_REST_CLIENT_AUTH_URL", auth.baseUrl()));
            e.objectStore().ifPresent(store -> chatEnv.putAll(Map.of(
                    "CHAT_ATTACHMENT_STORE_ENDPOINT", store.endpoint(),
                    "CHAT_ATTACHMENT_STORE_ACCESS_KEY", store.accessKey(),
                    "CHAT_ATTACHMENT_STORE_SECRET_KEY", store.secretKey())));
            var chat = ServiceProcess.start(apps, "chat-service", ServiceProcess.freePort(),
                    environment(logins, "chat-service", chatEnv), logs.resolve("chat-service.log"));
            var stack = new Stack(servers, keys, auth, chat, null, root, apps, logs, logins);
            stack.realtime = stack.startRealtime("a");
            stack.notifications = ServiceProcess.start(apps, "notification-service", ServiceProcess.freePort(), environment(logins, "notification-service", Map.ofEntries(
                    Map.entry("QUARKUS_DATASOURCE_JDBC_URL", e.jdbcUrl("notifications")),
                    Map.entry("QUARKUS_DATASOURCE_USERNAME", e.postgresUser()),
                    Map.entry("QUARKUS_DATASOURCE_PASSWORD", e.postgresPassword()),
                    Map.entry("KAFKA_BOOTSTRAP_SERVERS", e.kafkaBootstrapServers()),
                    Map.entry("MP_JWT_VERIFY_PUBLICKEY_LOCATION", auth.baseUrl() + "/.well-known/jwks.json"),
                    Map.entry("QUARKUS_REST_CLIENT_AUTH_URL", auth.baseUrl()),
                    Map.entry("QUARKUS_REST_CLIENT_CHAT_URL", stack.chat.baseUrl()),
                    Map.entry("QUARKUS_REST_CLIENT_REALTIME_URL", stack.realtime.baseUrl()),
                    Map.entry("SWITCHBOARD_SERVICE_CLIENT_SECRET", NOTIFICATION_SECRET),
                    // e-mail on, through the mailer's mock: mails are logged instead of sent
                    Map.entry("NOTIFICATIONS_EMAIL_ENABLED", "true"),
                    Map.entry("QUARKUS_MAILER_MOCK", "true"))), logs.resolve("notification-service.log"));
            return stack;
        } catch (IOException e) {
            servers.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            servers.close();
            throw e;
        }
    }

    private static HttpServer servePages() {
        var root = Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();
        try {
            var server = SimpleFileServer.createFileServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    root.resolve("docs/examples/web"), SimpleFileServer.OutputLevel.NONE);
            server.start();
            return server;
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot serve docs/examples/web", e);
        }
    }

    /** A service's environment, with the example web client's origin allowed (CORS_ORIGINS). */
    private static Map<String, String> browsersFrom(Map<String, String> env) {
        var all = new java.util.HashMap<>(env);
        all.put("CORS_ORIGINS", PAGE_ORIGIN);
        return all;
    }

    /** As {@link #browsersFrom}, with the module's Kafka login when it has one. */
    private static Map<String, String> environment(Map<String, KafkaLogin> logins, String module, Map<String, String> env) {
        var all = browsersFrom(env);
        if (logins.containsKey(module)) {
            all.putAll(logins.get(module).serviceEnvironment());
        }
        return all;
    }

    @Override
    public void close() {
        if (this == shared) {
            PAGES.stop(0); // the JVM's one page server: a stack of a test's own leaves it to the shared one
        }
        if (notifications != null) {
            notifications.close();
        }
        realtime.close();
        chat.close();
        auth.close();
        servers.close();
    }
}
