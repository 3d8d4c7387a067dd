package io.switchboard.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local stack: real PostgreSQL and Kafka, then every service from its built jar, in the
 * foreground with each line of output prefixed by its service. Ctrl-C (or SIGTERM) stops the
 * services first, then the servers. Data persists between runs in {@code $DEVSTACK_DIR/runs/local}.
 *
 * <p>Run by {@code ./switchboard start} with the project's root folder as the only argument.
 */
public final class LocalStack {

    private final Path root;
    private final Map<String, String> env;
    private final List<Process> services = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private DevStack servers;

    private LocalStack(Path root, Map<String, String> env) {
        this.root = root;
        this.env = env;
    }

    public static void main(String[] args) throws Exception {
        var root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        new LocalStack(root, System.getenv()).run();
    }

    private void run() throws Exception {
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            stopAll();
            stopped.countDown();
        }, "local-stack-stop"));

        var options = new DevStackOptions(DevStackOptions.defaultBaseDir(), "local",
                intEnv("DEVSTACK_POSTGRES_PORT", 5432), intEnv("DEVSTACK_KAFKA_PORT", 9092),
                LocalServices.ALL.stream().map(LocalService::database).filter(Objects::nonNull).distinct().toList(),
                true, "1g", true); // the broker compiles and collects as in production (C2, G1)
        say("devstack", "starting PostgreSQL and Kafka in " + options.baseDir().resolve("runs/local"));
        servers = DevStack.start(options);
        var endpoints = servers.endpoints();
        say("devstack", "PostgreSQL on " + endpoints.postgresHost() + ":" + endpoints.postgresPort()
                + " (user " + endpoints.postgresUser() + "), Kafka on " + endpoints.kafkaBootstrapServers());

        for (LocalService service : LocalServices.ALL) {
            services.add(start(service, endpoints, options.baseDir().resolve("runs/local")));
        }
        say("stack", "services: " + LocalServices.ALL.stream()
                .map(s -> s.name() + " http://localhost:" + s.port()).toList() + " — Ctrl-C stops everything");
        for (Process service : services) {
            service.onExit().thenRun(() -> {
                if (!stopping.get()) {
                    say("stack", "a service exited with " + service.exitValue() + "; stopping everything");
                    System.exit(1);
                }
            });
        }
        stopped.await();
    }

    private Process start(LocalService service, Endpoints endpoints, Path dataDir) throws IOException {
        var jar = root.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IOException(jar + " is missing: build first (./switchboard start builds it)");
        }
        // Production's JIT and collector (C2, G1) whatever the machine's ergonomics would pick: what
        // a user measures locally is then what a deployment gives.
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseG1GC", "-Xms256m", "-Xmx512m", "-jar", jar.toString()));
        if (Runtime.version().feature() >= 24) {
            command.add(1, "--sun-misc-unsafe-memory-access=allow"); // Netty still uses sun.misc.Unsafe
        }
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> serviceEnv = new HashMap<>(service.env(dataDir));
        serviceEnv.put("QUARKUS_PROFILE", "local");
        serviceEnv.put("QUARKUS_HTTP_PORT", Integer.toString(service.port()));
        if (service.database() != null) {
            serviceEnv.put("QUARKUS_DATASOURCE_JDBC_URL", endpoints.jdbcUrl(service.database()));
            serviceEnv.put("QUARKUS_DATASOURCE_USERNAME", endpoints.postgresUser());
            serviceEnv.put("QUARKUS_DATASOURCE_PASSWORD", endpoints.postgresPassword());
        }
        serviceEnv.put("KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrapServers());
        endpoints.objectStore().ifPresent(store -> store.chatServiceConfig().forEach((key, value) ->
                serviceEnv.put(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), value)));
        serviceEnv.forEach(builder.environment()::putIfAbsent);
        var process = builder.start();
        pipe(service.name(), process);
        return process;
    }

    private static void pipe(String name, Process process) {
        Thread.ofVirtual().name("log-" + name).start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    say(name, line);
                }
            } catch (IOException e) {
                say(name, "(log closed: " + e.getMessage() + ")");
            }
        });
    }

    private void stopAll() {
        for (Process service : services) {
            service.destroy();
        }
        for (Process service : services) {
            try {
                if (!service.waitFor(30, TimeUnit.SECONDS)) {
                    service.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (servers != null) {
            say("devstack", "stopping Kafka and PostgreSQL");
            servers.close();
        }
    }

    private int intEnv(String name, int fallback) {
        var value = env.get(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private static synchronized void say(String source, String line) {
        System.out.printf("%-14s| %s%n", source, line);
        System.out.flush();
    }
}
