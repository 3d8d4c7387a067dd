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
 */
final class ChaosMemory {

    record Sample(Instant at, String service, long pid, long residentBytes, long heapBytes, long oldGenBytes) {
    }

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
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
        long heap = -1;
        long oldGen = -1;
        try {
            var body = http.send(HttpRequest.newBuilder(URI.create(process.baseUrl() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            heap = 0;
            for (var line : body.lines().toList()) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    long value = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    heap += value;
                    if (line.contains("Old Gen")) {
                        oldGen = value;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // stalled or restarting: the resident set alone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        samples.add(new Sample(Instant.now(), service, process.pid(), resident, heap, oldGen));
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
