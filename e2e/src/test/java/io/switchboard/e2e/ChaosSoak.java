package io.switchboard.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.switchboard.devstack.ServiceProcess;

/**
 * "Nothing lost, nothing twice, under faults": the built services as real processes (auth,
 * chat, notification, two realtime instances) on devstack's PostgreSQL and Kafka; clients in one
 * group (and a few direct chats) spread over both instances; steady sends; one fault after
 * another, each followed by a probe message to time its heal; then a quiet period, and every
 * client's view compared with chat-service's event log ({@link ChaosVerdict}).
 *
 * <p>It has its own stack, since it kills things. Whatever happens, it stops its clients, its
 * senders and its processes, and it always returns its report: a run that breaks down still
 * shows its figures up to that point.
 */
final class ChaosSoak {

    private static final int DIRECT_CHATS = 5;
    private static final double DIRECT_SHARE = 0.15;

    private final ChaosSettings settings;
    private final ChaosReport report;
    private final List<ChaosClient> clients = new ArrayList<>();
    private Stack stack;
    private ChaosFaults faults;
    private ChaosHttp http;
    private ChaosWorld world;
    private ChaosSends sends;
    private ChaosPeople people;
    private final ChaosMemory memory = new ChaosMemory();
    private volatile boolean ticking;
    private Thread ticker;

    ChaosSoak(ChaosSettings settings) {
        this.settings = settings;
        this.report = new ChaosReport(settings);
    }

    /** Runs the soak; the report, whatever happened (see {@link ChaosReport#aborted}). */
    ChaosReport run() {
        var root = Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();
        try {
            setUp(root);
            traffic();
        } catch (Throwable e) {
            report.aborted = e.toString();
            e.printStackTrace();
        } finally {
            try {
                windDown();
            } catch (Throwable e) {
                report.aborted = (report.aborted == null ? "" : report.aborted + "; then ") + "winding down: " + e;
                e.printStackTrace();
            } finally {
                try {
                    System.out.println(report.render());
                    System.out.println("(written to " + report.write(root) + ")");
                } finally {
                    shutDown();
                }
            }
        }
        return report;
    }

    private void setUp(Path root) throws InterruptedException {
        // the builds as they are now, for the whole run: see ServiceBuilds
        var builds = ServiceBuilds.copy(settings.builds(), root.resolve("e2e/target/chaos-builds"));
        stack = Stack.start("chaos-logs", builds);
        int portB = ServiceProcess.freePort();
        var b = stack.startRealtime("b", portB);
        faults = new ChaosFaults(stack, settings, clients, b, portB);
        http = new ChaosHttp(Duration.ofSeconds(5));
        people = ChaosPeople.create(http, stack.auth.baseUrl(), stack.chat.baseUrl(), settings.clients(),
                Math.min(DIRECT_CHATS, (settings.clients() - 1) / 2));
        sends = new ChaosSends(http, stack.chat.baseUrl(), people.chats, Duration.ofMinutes(2));
        world = new ChaosWorld(http, stack.auth.baseUrl(), stack.chat.baseUrl(),
                List.of(Stack.ws(stack.realtime), Stack.ws(b)), people.chats, sends);
        for (int i = 0; i < settings.clients(); i++) {
            clients.add(new ChaosClient(world, String.format("c%04d", i), people.logins.get(i), i % 2,
                    people.baselineOf(i)));
        }
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).start();
            if (i % 25 == 24) {
                Thread.sleep(Duration.ofMillis(250)); // a ramp, as users arrive: 100 connects a second
            }
        }
        awaitUntil(() -> clients.stream().allMatch(ChaosClient::connected), Duration.ofSeconds(60 + clients.size() / 10));
        ticking = true;
        ticker = Thread.ofVirtual().name("chaos-ticker").start(this::tick);
    }

    /** The service processes as they are now (instance B is replaced by some faults). */
    private java.util.Map<String, ServiceProcess> services() {
        var services = new java.util.LinkedHashMap<String, ServiceProcess>();
        services.put("auth-service", stack.auth);
        services.put("chat-service", stack.chat);
        services.put("notification-service", stack.notifications);
        services.put("realtime A", stack.realtime);
        services.put("realtime B", faults.b());
        return services;
    }

    /** Retries unanswered socket sends, and refreshes tokens when due. */
    private void tick() {
        long round = 0;
        while (ticking) {
            for (var client : clients) {
                client.retrySends(sends.giveUp());
                if (round % 10 == 0 && client.refreshDue()) {
                    Thread.ofVirtual().start(client::refreshIfDue);
                }
            }
            round++;
            try {
                Thread.sleep(Duration.ofMillis(500)); // the clients' housekeeping pace (pings, token refreshes)
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void traffic() throws InterruptedException {
        var membersByChat = people.members.stream()
                .map(indexes -> indexes.stream().map(clients::get).toList()).toList();
        report.trafficStarted = Instant.now();
        memory.start(this::services, settings.memoryEvery());
        sends.start(membersByChat, settings.rate(), DIRECT_SHARE);
        Thread.sleep(settings.repeating() ? Duration.ofSeconds(30) : Duration.ofSeconds(10)); // steady first
        memory.checkpoint("start", services(), this::socketsOf);
        var deadline = report.trafficStarted.plus(settings.soak());
        int round = 0;
        do {
            round++;
            for (var fault : settings.faults()) {
                if (settings.repeating() && Instant.now().isAfter(deadline)) {
                    break;
                }
                var run = new ChaosFaults.Run(fault, round);
                report.timeline.add(run);
                System.out.println("chaos: " + fault.label + " (round " + round + ")");
                faults.inject(run);
                heal(run);
                Thread.sleep(settings.gap());
            }
            int moved = sendHome();
            memory.checkpoint("after round " + round + (moved > 0 ? " (" + moved + " moved home)" : ""), services(),
                    this::socketsOf);
        } while (settings.repeating() && Instant.now().isBefore(deadline));
    }

    /**
     * Every client back on the instance it first connected to (faults leave them wherever they
     * reconnected), so that a memory checkpoint sees the sockets the first one saw. How many moved.
     */
    private int sendHome() throws InterruptedException {
        int moved = (int) clients.stream().filter(ChaosClient::moveHome).count();
        awaitUntil(() -> clients.stream().allMatch(ChaosClient::home), Duration.ofSeconds(60));
        return moved;
    }

    /** The sockets a service holds: each realtime instance its own, every other service all of them. */
    private int socketsOf(String service) {
        int instance = switch (service) {
            case "realtime A" -> 0;
            case "realtime B" -> 1;
            default -> -1;
        };
        return (int) clients.stream().filter(c -> instance < 0 ? c.connected() : c.instance() == instance).count();
    }

    /** A probe message right after the fault, and the time until every client that ever connected has it. */
    private void heal(ChaosFaults.Run run) throws InterruptedException {
        long deadline = System.nanoTime() + settings.healTimeout().toNanos();
        long seq = sends.probe(clients.getFirst(), 0, settings.healTimeout());
        if (seq < 0) {
            run.clientsShort = clients.size();
            return;
        }
        run.probeStored = Instant.now();
        run.probeSeq = seq;
        while (true) {
            int missing = (int) clients.stream().filter(c -> c.connections() > 0 && !c.has(0, seq)).count();
            if (run.connectedHealed == null && clients.stream().noneMatch(c -> c.connected() && !c.has(0, seq))) {
                run.connectedHealed = Instant.now();
            }
            run.clientsShort = missing;
            if (missing == 0) {
                run.healed = Instant.now();
                return;
            }
            if (System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(100); // a poll, not an assertion: running out of time is a finding the report counts
        }
    }

    /** Stops sending, lets what was sent arrive, then judges what every client saw. */
    private void windDown() throws InterruptedException {
        if (sends == null) {
            return;
        }
        report.trafficStopped = Instant.now();
        memory.stop();
        report.memory = ChaosMemory.render(memory.samples(), report.trafficStarted, report.trafficStopped)
                + ChaosMemory.renderLive(memory.checkpoints());
        sends.stop(Duration.ofSeconds(60));
        awaitUntil(() -> clients.stream().allMatch(c -> c.pendingSends() == 0), Duration.ofSeconds(60));
        ticking = false;
        if (ticker != null) {
            ticker.interrupt();
        }
        catchUp();
        var stayed = clients.stream().map(ChaosClient::stayedConnected).toList();
        report.clientsNeverConnected = (int) clients.stream().filter(c -> c.connections() == 0).count();
        report.socketsOpened = clients.stream().mapToLong(ChaosClient::connections).sum();
        stopClients();
        report.closes = world.closes();
        attributeCloses();
        report.resumeErrors = world.resumeErrors.get();
        report.resyncs = world.resyncs.get();
        report.resyncsUnrecoverable = world.resyncsUnrecoverable.get();
        report.refreshes = world.refreshes.get();
        new ChaosVerdict(settings, http, stack.auth.baseUrl(), stack.chat.baseUrl(), people, sends, report)
                .judge(clients, stayed);
    }

    /** Sockets that ended without the soak asking, counted against the fault in whose window they ended. */
    private void attributeCloses() {
        for (var close : world.closeLog()) {
            if (!close.unasked()) {
                continue;
            }
            var run = report.timeline.stream().filter(r -> !close.at().isBefore(r.start)
                    && !close.at().isAfter(r.windowEnd(settings.healTimeout()))).findFirst();
            var lost = run.isPresent() ? run.get().socketsLost : report.socketsLostBetweenFaults;
            lost.merge(close.how(), 1, Integer::sum);
        }
    }

    /** Until every client has every event of its chats, at most {@code chaos.quiet}. */
    private void catchUp() throws InterruptedException {
        long started = System.nanoTime();
        var last = new long[people.chats.size()];
        for (int chat = 0; chat < last.length; chat++) {
            last[chat] = ChaosPeople.lastSeq(http, stack.chat.baseUrl(), people.chats.get(chat),
                    clients.get(people.members.get(chat).getFirst()).token());
        }
        boolean done = awaitUntil(() -> clients.stream().allMatch(c -> {
            for (int chat = 0; chat < last.length; chat++) {
                if (!c.hasAllUpTo(chat, last[chat])) {
                    return false;
                }
            }
            return true;
        }), settings.quiet());
        var waited = ChaosReport.seconds(Duration.ofNanos(System.nanoTime() - started));
        report.catchUp = done ? "every client had every event of its chats within " + waited
                : "clients still short of events after " + waited + " (counted as missing below)";
    }

    private void stopClients() throws InterruptedException {
        var stopping = clients.stream().map(c -> Thread.ofVirtual().start(() -> c.stop(Duration.ofSeconds(5)))).toList();
        for (var thread : stopping) {
            thread.join(Duration.ofSeconds(10));
        }
    }

    /** Whatever is still running stops: clients, senders, processes. */
    private void shutDown() {
        ticking = false;
        if (ticker != null) {
            ticker.interrupt();
        }
        if (sends != null) {
            sends.stop(Duration.ZERO);
        }
        try {
            stopClients();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (http != null) {
            http.close();
        }
        memory.stop();
        if (faults != null) {
            faults.stopB();
        }
        if (stack != null) {
            // each with a bound, as a drain that hangs must not hang the build; then the servers
            for (var service : java.util.Arrays.asList(stack.notifications, stack.realtime, stack.chat, stack.auth)) {
                if (service != null) {
                    ChaosFaults.stop(service, Duration.ofSeconds(60));
                }
            }
            stack.close();
        }
    }

    private static boolean awaitUntil(java.util.function.BooleanSupplier condition, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200); // a poll that answers false on time-out: the soak reports, it does not throw
        }
        return true;
    }
}
