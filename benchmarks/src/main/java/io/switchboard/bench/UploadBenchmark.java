package io.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.switchboard.devstack.TestTokens;

/**
 * How fast chat-service takes files in and gives them back, and what that costs its memory: the
 * built jar on devstack's PostgreSQL and object store (S3Proxy over a folder), files uploaded as
 * the raw body through {@code POST /api/chats/{id}/attachments} and downloaded whole, timed from
 * outside over HTTP. chat-service's resident memory is sampled every 20 ms while each round runs:
 * an upload is spooled to a file 64 KiB at a time and sent on with its length, so the peak should
 * stay near the idle figure whether files are 1 MiB or 25 MiB, one at a time or four at once.
 * With {@code -Dservice.jvm.args=-Xmx96m} the service gets a heap smaller than four 25 MiB files
 * together: a service that held uploads whole would fail there.
 *
 * <p>Run: {@code ./switchboard bench upload} (system property {@code rounds}: files per row,
 * default 20; BENCH_OPTS="-Dservice.jvm.args=-Xmx96m" for the small heap).
 */
public final class UploadBenchmark {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final int MIB = 1024 * 1024;

    private UploadBenchmark() {
    }

    private record Row(String name, int size, int parallel) {
    }

    public static void main(String[] args) throws Exception {
        var root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        int rounds = Integer.getInteger("rounds", 20);
        try (var stack = Bench.devStack("chat"); var directory = StubDirectory.start()) {
            var e = stack.endpoints();
            var logs = Files.createTempDirectory("upload-bench");
            try (var chat = Bench.startChat(root, e, directory, logs, Map.of("CHAT_ATTACHMENT_MAX_BYTES", "26214400"))) {
                var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                var uploader = UUID.randomUUID();
                var token = TestTokens.get().token(uploader, "uploader");
                var chatId = Bench.createGroup(http, chat.baseUrl(), token, List.of(UUID.randomUUID()));
                var base = chat.baseUrl() + "/api/chats/" + chatId + "/attachments";
                System.out.printf("upload benchmark: %d cores, chat-service with -Xmx1g %s, devstack's object store%n",
                        Runtime.getRuntime().availableProcessors(), System.getProperty("service.jvm.args", ""));
                // warm-up: compiled code, connections, the bucket
                transfer(http, base, token, new Row("warm-up", MIB, 2), rounds, chat.pid());
                System.out.printf("idle resident memory: %d MiB%n", residentKib(chat.pid()) / 1024);
                System.out.println("files             parallel  upload MB/s  p50 ms  p99 ms  download MB/s  peak RSS MiB");
                for (var row : List.of(new Row("1 MiB", MIB, 1), new Row("1 MiB", MIB, 4),
                        new Row("25 MiB", 25 * MIB - 1, 1), new Row("25 MiB", 25 * MIB - 1, 4))) {
                    var result = transfer(http, base, token, row, rounds, chat.pid());
                    System.out.printf("%3d × %-10s %8d %12.1f %7.0f %7.0f %14.1f %13d%n", rounds, row.name(),
                            row.parallel(), result.uploadMbps(), Bench.quantile(result.micros(), 0.5) / 1000,
                            Bench.quantile(result.micros(), 0.99) / 1000, result.downloadMbps(), result.peakKib() / 1024);
                }
            }
        }
    }

    private record Result(double uploadMbps, long[] micros, double downloadMbps, long peakKib) {
    }

    /** {@code rounds} uploads of the row's size, {@code parallel} at a time, then each downloaded. */
    private static Result transfer(HttpClient http, String base, String token, Row row, int rounds, long pid)
            throws Exception {
        var peak = new AtomicLong(residentKib(pid));
        var sampling = new AtomicBoolean(true);
        var sampler = Thread.ofPlatform().daemon().start(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(residentKib(pid), Math::max);
                Bench.pause(java.time.Duration.ofMillis(20)); // the sampling interval: /proc has no change events
            }
        });
        var micros = new long[rounds];
        var ids = new ArrayList<String>();
        long start = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(row.parallel())) {
            var uploads = new ArrayList<Future<String>>();
            for (int i = 0; i < rounds; i++) {
                int n = i;
                uploads.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    var id = upload(http, base, token, row.size(), n);
                    micros[n] = (System.nanoTime() - t0) / 1_000;
                    return id;
                }));
            }
            for (var upload : uploads) {
                ids.add(upload.get());
            }
        }
        double uploadSeconds = (System.nanoTime() - start) / 1e9;
        long downloadStart = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(row.parallel())) {
            var downloads = new ArrayList<Future<Long>>();
            for (var id : ids) {
                downloads.add(pool.submit(() -> download(http, base + "/" + id, token)));
            }
            for (var download : downloads) {
                if (download.get() != row.size()) {
                    throw new IllegalStateException("a download came back with another size");
                }
            }
        }
        double downloadSeconds = (System.nanoTime() - downloadStart) / 1e9;
        sampling.set(false);
        sampler.join();
        double megabytes = (double) row.size() * rounds / 1e6;
        return new Result(megabytes / uploadSeconds, micros, megabytes / downloadSeconds, peak.get());
    }

    private static String upload(HttpClient http, String base, String token, int size, int seed) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + "?name=file-" + seed + ".bin"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new Pattern64(size, seed)), size))
                .build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("upload answered " + response.statusCode() + ": " + response.body());
        }
        var id = ID.matcher(response.body());
        if (!id.find()) {
            throw new IllegalStateException("no id in " + response.body());
        }
        return id.group(1);
    }

    private static long download(HttpClient http, String url, String token) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (var body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("download answered " + response.statusCode());
            }
            return body.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    /** The process's resident set, in KiB (Linux). */
    private static long residentKib(long pid) {
        try {
            for (var line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** {@code size} bytes made up as they are read (a zip's signature first), never held whole. */
    private static final class Pattern64 extends InputStream {
        private final long size;
        private final int seed;
        private long position;

        Pattern64(long size, int seed) {
            this.size = size;
            this.seed = seed;
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            return (int) ((position++ * 31 + seed) & 0xff);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) ((position++ * 31 + seed) & 0xff);
            }
            return n;
        }
    }
}
