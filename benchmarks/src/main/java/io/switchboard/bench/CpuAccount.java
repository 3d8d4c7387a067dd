package io.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.switchboard.devstack.ServiceProcess;

/**
 * Who spent the machine's CPU during a phase, from /proc (Linux): each named service process,
 * PostgreSQL (all its processes), the benchmark's own JVM (the load client) and everything else
 * (the devstack JVM with the Kafka broker, the kernel's own threads), with each named process's
 * JIT compiler threads apart ({@code "<name> JIT"}). On a machine where all of
 * them share two cores, this says whether a figure is the service's limit or the machine's.
 */
final class CpuAccount {

    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    private final Map<String, Long> services;
    private final Map<String, Long> start;

    private CpuAccount(Map<String, Long> services) {
        this.services = services;
        this.start = sample();
    }

    /** Starts counting now; {@code services} names the processes to report on their own. */
    static CpuAccount start(Map<String, ServiceProcess> services) {
        var pids = new LinkedHashMap<String, Long>();
        services.forEach((name, process) -> pids.put(name, process.pid()));
        return new CpuAccount(pids);
    }

    /** CPU nanoseconds per category since {@link #start}, in a stable order. */
    Map<String, Long> used() {
        var now = sample();
        var used = new LinkedHashMap<String, Long>();
        now.forEach((category, nanos) -> used.put(category, nanos - start.getOrDefault(category, 0L)));
        return used;
    }

    /** One line: each category's CPU per unit of work, in µs, e.g. per message sent. */
    String perUnit(long units, String unit) {
        return line("", used(), units, unit);
    }

    /**
     * The same line with each category's idle CPU taken out: {@code idle} is what {@link #used()}
     * returned after {@code idleSeconds} of doing nothing, and this account ran {@code seconds}.
     * What is left is the work's own cost, not the heartbeats, polls and JIT of processes that
     * would run anyway.
     */
    String perUnitAboveIdle(Map<String, Long> idle, double idleSeconds, double seconds, long units, String unit) {
        var own = new LinkedHashMap<String, Long>();
        used().forEach((category, nanos) -> own.put(category,
                nanos - Math.round(idle.getOrDefault(category, 0L) * seconds / idleSeconds)));
        return line(" above idle", own, units, unit);
    }

    private static String line(String qualifier, Map<String, Long> nanos, long units, String unit) {
        var line = new StringBuilder("  CPU µs per ").append(unit).append(qualifier).append(':');
        long total = 0;
        for (var entry : nanos.entrySet()) {
            total += entry.getValue();
            line.append(String.format(" %s %.0f,", entry.getKey(), entry.getValue() / 1e3 / Math.max(1, units)));
        }
        return line.append(String.format(" all %.0f", total / 1e3 / Math.max(1, units))).toString();
    }

    /** User plus system CPU time of one process so far. */
    static long cpuNanos(long pid) {
        var stat = stat(pid);
        return stat == null ? 0 : stat.cpuNanos();
    }

    /** The system part of it: time in the kernel on the process's behalf (system calls, the network stack they run). */
    static long kernelNanos(long pid) {
        var stat = stat(pid);
        return stat == null ? 0 : stat.kernelNanos();
    }

    private Map<String, Long> sample() {
        var totals = new LinkedHashMap<String, Long>();
        services.keySet().forEach(name -> totals.put(name, 0L));
        totals.put("postgres", 0L);
        totals.put("client", 0L);
        totals.put("other", 0L);
        long self = ProcessHandle.current().pid();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(n -> stat(Long.parseLong(n))).filter(s -> s != null).forEach(s -> {
                        String category = services.entrySet().stream().filter(e -> e.getValue() == s.pid())
                                .map(Map.Entry::getKey).findFirst()
                                .orElse(s.pid() == self ? "client" : s.command().equals("postgres") ? "postgres" : "other");
                        totals.merge(category, s.cpuNanos(), Long::sum);
                    });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        services.forEach((name, pid) -> {
            long compiling = compilerNanos(pid);
            totals.merge(name, -compiling, Long::sum);
            totals.put(name + " JIT", compiling);
        });
        return totals;
    }

    /**
     * CPU of the JVM's JIT compiler threads in one process: counted apart, because a JVM a few
     * minutes old still compiles at low load (for minutes), which a long-running service no longer
     * does, and that time says nothing about the work measured.
     */
    private static long compilerNanos(long pid) {
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return threads.map(thread -> stat(pid, thread.resolve("stat")))
                    .filter(s -> s != null && (s.command().startsWith("C1 CompilerThre")
                            || s.command().startsWith("C2 CompilerThre")))
                    .mapToLong(Stat::cpuNanos).sum();
        } catch (IOException e) {
            return 0; // the process ended
        }
    }

    private static Stat stat(long pid) {
        return stat(pid, Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** A process's or one of its threads' stat file (a thread's command is its name). */
    private static Stat stat(long pid, Path file) {
        try {
            var stat = Files.readString(file);
            var command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime; a process that ends between two samples is not counted
            long user = Long.parseLong(fields[11]);
            long system = Long.parseLong(fields[12]);
            return new Stat(pid, command, (user + system) * NANOS_PER_TICK, system * NANOS_PER_TICK);
        } catch (IOException | RuntimeException e) {
            return null; // the process or thread ended while we looked
        }
    }

    private record Stat(long pid, String command, long cpuNanos, long kernelNanos) {
    }
}
