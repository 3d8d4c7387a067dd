package io.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The TypeScript client in clients/js, built once per JVM with npm ({@code npm ci} from its lock
 * file when its dependencies are missing, then {@code npm run build}, which also checks the size
 * budget). Without node and npm the SDK tests are skipped, except under CI, where they fail.
 */
final class ClientSdk {

    private static Path built;

    private ClientSdk() {
    }

    /** clients/js, built. */
    static synchronized Path build() {
        if (built != null) {
            return built;
        }
        var root = Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();
        var dir = root.resolve("clients/js");
        required(onPath("node") && onPath("npm"), "node and npm");
        if (!Files.isDirectory(dir.resolve("node_modules/typescript"))) {
            var install = run(dir, 180, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
            assertThat(install.code()).as("npm ci in clients/js: " + install.output()).isZero();
        }
        var build = run(dir, 120, "npm", "run", "build");
        assertThat(build.code()).as("npm run build in clients/js: " + build.output()).isZero();
        built = dir;
        return dir;
    }

    record Run(int code, String output) {
    }

    /** Runs a command to its end (or kills it after the timeout, code -1), with its output. */
    static Run run(Path dir, long timeoutSeconds, String... command) {
        return run(new ProcessBuilder(command).directory(dir.toFile()), timeoutSeconds, line -> { });
    }

    static Run run(ProcessBuilder builder, long timeoutSeconds, java.util.function.Consumer<String> eachLine) {
        try {
            var process = builder.redirectErrorStream(true).start();
            var output = CompletableFuture.supplyAsync(() -> { // read as it comes: a full pipe would stall it
                var all = new StringBuilder();
                try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
                    for (String line; (line = reader.readLine()) != null; ) {
                        all.append(line).append('\n');
                        eachLine.accept(line);
                    }
                } catch (IOException e) {
                    all.append(e);
                }
                return all.toString();
            });
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            var printed = output.get(10, TimeUnit.SECONDS);
            return new Run(finished ? process.exitValue() : -1, printed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(String.join(" ", builder.command()), e);
        }
    }

    private static boolean onPath(String program) {
        var path = System.getenv().getOrDefault("PATH", "");
        return List.of(path.split(java.io.File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    /** Skips where node is missing, but fails under CI, which has it. */
    private static void required(boolean present, String what) {
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI lacks " + what);
        }
        Assumptions.assumeTrue(present, "no " + what + ": the SDK tests are skipped");
    }
}
