package io.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.SimpleFileServer;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example web client (docs/examples/web) in real Chromium, served from an origin of its own:
 * what a browser alone checks (CORS preflights for bearer-token REST calls, the headers it may
 * read, such as the chat list's Link to its next page, the WebSocket with its token as a
 * subprotocol entry and the server's answer to it) on the whole stack, and the SDK's browser side
 * that the page runs on (clients/js's bundle, built here and served next to the page, as the
 * project's folder would serve it): no reconnect attempts while offline, a resume once the
 * network is back, an outbox that keeps a send across a page reload, and a token that runs out
 * on an open socket renewed without a reconnect. Needs Debian's chromium,
 * the npm package playwright-core and node with npm ({@code ./switchboard test} installs them under
 * CI); without them it is skipped, except under CI, where it fails.
 */
class BrowserTest {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    private static Stack stack;
    private static Path browserTests;

    @BeforeAll
    static void start() throws IOException {
        var root = Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();
        browserTests = root.resolve("e2e/src/test/browser");
        required(Files.isExecutable(CHROMIUM), "Chromium at " + CHROMIUM + " (apt-get install chromium)");
        required(Files.isDirectory(browserTests.resolve("node_modules/playwright-core")),
                "playwright-core (npm ci --prefix e2e/src/test/browser)");
        var sdk = ClientSdk.build(); // dist/switchboard-client.min.js, which the page imports
        stack = Stack.shared();
        serveSdk(sdk.resolve("dist"));
    }

    /**
     * The SDK's dist/ on the page's origin at /clients/js/dist/, where the page's import
     * (../../../clients/js/dist/...) lands when the page is served at the root.
     */
    private static void serveSdk(Path dist) {
        try {
            Stack.PAGES.createContext("/clients/js/dist/", SimpleFileServer.createFileHandler(dist));
        } catch (IllegalArgumentException alreadyServed) {
            // another class of this JVM added it
        }
    }

    @Test
    void twoPeopleChatLiveInTheirBrowsersAReconnectResumesAndTheOutboxOutlivesAReload() throws Exception {
        var alice = stack.signUp();
        var bob = stack.signUp();
        var frontend = new Frontend(stack);
        var chat = frontend.directChat(alice, bob);
        for (int i = 0; i < 100; i++) { // newer than the direct chat, which Alice's page finds on the list's second page
            frontend.group(alice);
        }
        var screenshot = stack.root().resolve("e2e/target/browser-bob.png");
        var page = Stack.PAGE_ORIGIN + "/index.html?auth=" + stack.auth.baseUrl() + "&chat=" + stack.chat.baseUrl()
                + "&ws=" + Stack.ws(stack.realtime);

        var script = new ProcessBuilder("node", "two-people.mjs").directory(browserTests.toFile()).redirectErrorStream(true);
        script.environment().putAll(java.util.Map.of(
                "CHROMIUM", CHROMIUM.toString(),
                "PAGE_URL", page,
                "CHAT_ID", chat,
                "ALICE_USERNAME", alice.getString("user.username"),
                "ALICE_ID", alice.getString("user.id"),
                "AUTH_KEYS", stack.authKeys.toString(),
                "BOB_USERNAME", bob.getString("user.username"),
                "PASSWORD", Stack.PASSWORD,
                "SCREENSHOT", screenshot.toString()));
        var run = script.start();
        var output = CompletableFuture.supplyAsync(() -> read(run)); // read as it comes: a full pipe would stall it
        var finished = run.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            run.descendants().forEach(ProcessHandle::destroyForcibly); // Chromium too
            run.destroyForcibly();
        }
        var printed = output.get(10, TimeUnit.SECONDS);
        assertThat(finished).as("the browser script finished: " + printed).isTrue();
        assertThat(run.exitValue()).as(printed).isZero();
        assertThat(printed).contains("{\"ok\":true}");
        assertThat(screenshot).isNotEmptyFile();
    }

    private static String read(Process run) {
        try {
            return new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips the class where the browser parts are missing, but fails under CI, which installs them. */
    private static void required(boolean present, String what) {
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI lacks " + what);
        }
        Assumptions.assumeTrue(present, "no " + what + ": the browser tests are skipped");
    }
}
