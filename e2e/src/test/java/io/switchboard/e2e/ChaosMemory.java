package io.switchboard.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.switchboard.devstack.ServiceProcess;

/**
 * The services' memory through the soak, to tell a leak from a working set: every so often each
 * service process's resident set (from /proc) and its JVM heap in use and old generation (from
 * its Prometheus metrics). The report compares the first third of the traffic with the last:
 * the heap's floor (its lowest reading, what survives collections) and the median resident set.
 * At checkpoints it also forces a full collection and reads the live heap ({@link #checkpoint}).
 */
final class ChaosMemory {

    record Sample(Instant at, String service, long pid, long residentBytes, long heapBytes, long oldGenBytes) {
    }

    /** A live-heap reading at a checkpoint (see {@link #checkpoint}). */
    record Live(String label, String service, long pid, long liveBytes, int sockets) {
    }

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final List<Live> checkpoints = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("chaos-memory").daemon().factory());

    /** Samples {@code services} (by label; asked again each time, as instances are replaced) every {@code every}. */
    void start(Supplier<Map<String, ServiceProcess>> services, Duration every) {
        sampler.scheduleAtFixedRate(() -> services.get().forEach(this::sample), 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        sampler.shutdownNow();
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    private void sample(String service, ServiceProcess process) {
        if (process == null) {
            return;
        }
        long resident = resident(process.pid());
        if (resident < 0) {
            return; // not running (killed by a fault, or restarting)
        }
        long[] heap;
        try {
            heap = heap(process);
        } catch (IOException | RuntimeException e) {
            heap = new long[] {-1, -1}; // stalled or restarting: the resident set alone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        samples.add(new Sample(Instant.now(), service, process.pid(), resident, heap[0], heap[1]));
    }

    /** The heap in use and its old generation, in bytes, from the process's Prometheus metrics. */
    private long[] heap(ServiceProcess process) throws IOException, InterruptedException {
        var body = http.send(HttpRequest.newBuilder(URI.create(process.baseUrl() + "/q/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        long heap = 0;
        long oldGen = -1;
        for (var line : body.lines().toList()) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                long value = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                heap += value;
                if (line.contains("Old Gen")) {
                    oldGen = value;
                }
            }
        }
        return new long[] {heap, oldGen};
    }

    /**
     * What each service really keeps, at one moment: a full collection (jcmd GC.run), then its old
     * generation, which a full collection leaves holding exactly the live objects. Taken at
     * checkpoints with the same sockets on each instance at the first and the last, the two tell
     * a leak (the last is higher) from a working set (they match), which heap floors between
     * collections cannot. {@code sockets} says how many sockets a service held then.
     */
    void checkpoint(String label, Map<String, ServiceProcess> services, java.util.function.ToIntFunction<String> sockets)
            throws InterruptedException {
        var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        for (var entry : services.entrySet()) {
            var process = entry.getValue();
            if (process == null || resident(process.pid()) < 0) {
                System.out.println("chaos: no live heap of " + entry.getKey() + " at " + label + ": not running");
                continue;
            }
            try {
                var gc = new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.run")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!gc.waitFor(30, TimeUnit.SECONDS) || gc.exitValue() != 0) {
                    gc.destroyForcibly();
                    System.out.println("chaos: no live heap of " + entry.getKey() + " at " + label + ": jcmd failed");
                    continue;
                }
                long live = heap(process)[1];
                if (live < 0) {
                    System.out.println("chaos: no live heap of " + entry.getKey() + " at " + label + ": no old generation reported");
                    continue;
                }
                checkpoints.add(new Live(label, entry.getKey(), process.pid(), live, sockets.applyAsInt(entry.getKey())));
            } catch (IOException | RuntimeException e) {
                // stalled or restarting: no reading at this checkpoint, and the report says so
                System.out.println("chaos: no live heap of " + entry.getKey() + " at " + label + ": " + e);
            }
        }
    }

    List<Live> checkpoints() {
        return List.copyOf(checkpoints);
    }

    /**
     * A Markdown table of the live heaps: one row per service process, one column per checkpoint,
     * each cell the live heap and the sockets it held then.
     */
    static String renderLive(List<Live> checkpoints) {
        if (checkpoints.isEmpty()) {
            return "";
        }
        var labels = checkpoints.stream().map(Live::label).distinct().toList();
        var rows = new LinkedHashMap<String, Map<String, Live>>();
        for (var reading : checkpoints) {
            rows.computeIfAbsent(reading.service() + " (pid " + reading.pid() + ")", k -> new LinkedHashMap<>())
                    .put(reading.label(), reading);
        }
        var out = new StringBuilder("\nLive heap (old generation right after a full collection), and the sockets the")
                .append(" service held then:\n\n| live heap | ").append(String.join(" | ", labels)).append(" |\n|---|")
                .append("---:|".repeat(labels.size())).append("\n");
        rows.forEach((process, readings) -> {
            out.append("| ").append(process).append(" |");
            for (var label : labels) {
                var reading = readings.get(label);
                out.append(reading == null ? "" : String.format(" %.1f MiB (%d sockets)",
                        reading.liveBytes() / 1048576.0, reading.sockets())).append(" |");
            }
            out.append('\n');
        });
        return out.toString();
    }

    /** VmRSS of a process in bytes; -1 when it is gone. */
    static long resident(long pid) {
        try {
            for (var line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * A Markdown table, one row per service process that lived through the traffic's first and last
     * thirds (an instance a fault replaced starts a new series): readings of the first third
     * against the last.
     */
    static String render(List<Sample> samples, Instant from, Instant to) {
        if (samples.isEmpty() || from == null || to == null) {
            return "";
        }
        var third = Duration.between(from, to).dividedBy(3);
        var early = from.plus(third);
        var late = to.minus(third);
        var series = new LinkedHashMap<String, List<Sample>>();
        for (var sample : samples) {
            series.computeIfAbsent(sample.service() + " (pid " + sample.pid() + ")", k -> new ArrayList<>()).add(sample);
        }
        var out = new StringBuilder("\n| memory | samples | heap floor, first third | heap floor, last third"
                + " | old gen floor, first → last | resident (median), first → last |\n|---|---:|---:|---:|---:|---:|\n");
        int rows = 0;
        for (var entry : series.entrySet()) {
            var first = entry.getValue().stream().filter(s -> !s.at().isBefore(from) && s.at().isBefore(early)).toList();
            var last = entry.getValue().stream().filter(s -> s.at().isAfter(late) && !s.at().isAfter(to)).toList();
            if (first.isEmpty() || last.isEmpty()) {
                continue;
            }
            rows++;
            out.append("| ").append(entry.getKey()).append(" | ").append(entry.getValue().size()).append(" | ")
                    .append(mib(floor(first, Sample::heapBytes))).append(" | ").append(mib(floor(last, Sample::heapBytes)))
                    .append(" | ").append(mib(floor(first, Sample::oldGenBytes))).append(" → ")
                    .append(mib(floor(last, Sample::oldGenBytes))).append(" | ")
                    .append(mib(median(first, Sample::residentBytes))).append(" → ")
                    .append(mib(median(last, Sample::residentBytes))).append(" |\n");
        }
        return rows == 0 ? "" : out.toString();
    }

    private static long floor(List<Sample> samples, java.util.function.ToLongFunction<Sample> figure) {
        return samples.stream().mapToLong(figure).filter(v -> v >= 0).min().orElse(-1);
    }

    private static long median(List<Sample> samples, java.util.function.ToLongFunction<Sample> figure) {
        var values = samples.stream().mapToLong(figure).filter(v -> v >= 0).sorted().toArray();
        return values.length == 0 ? -1 : values[values.length / 2];
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format("%.0f MiB", bytes / 1048576.0);
    }
}
