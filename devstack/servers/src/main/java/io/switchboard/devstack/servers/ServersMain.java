package io.switchboard.devstack.servers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a real PostgreSQL and a real single-node KRaft Kafka broker until its standard input
 * closes (the owner is gone, however it ended) or it reads {@code stop}.
 *
 * <p>Arguments: {@code <run-dir> <postgres-port> <kafka-port> [databases,comma,separated]};
 * a port of 0 picks a free one. When both servers are up it prints one line,
 * {@code DEVSTACK READY postgres=<port> kafka=<port> user=<user> password=<password>} (followed by
 * {@code kafka-user=<user> kafka-password=<password>} when Kafka asks for logins), and then
 * answers commands, one per line:
 * {@code createdb NAME}, {@code kafka stop}, {@code kafka start}, {@code postgres stop},
 * {@code postgres start}, {@code postgres stall}, {@code postgres resume}; each answered by
 * {@code OK ...} or {@code ERROR ...}.
 *
 * <p>With {@code -Ddevstack.kafka.logins=true} the broker asks for SCRAM-SHA-512 logins and
 * enforces ACLs (see {@code KafkaServer}).
 */
public final class ServersMain {

    private ServersMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ServersMain <run-dir> <postgres-port> <kafka-port> [databases]");
            System.exit(2);
        }
        var runDir = Path.of(args[0]).toAbsolutePath();
        int postgresPort = Ports.resolve(Integer.parseInt(args[1]));
        int kafkaPort = Integer.parseInt(args[2]) == 0 ? Ports.freeOtherThan(postgresPort)
                : Integer.parseInt(args[2]);
        List<String> databases = args.length > 3 && !args[3].isBlank()
                ? Arrays.asList(args[3].split(","))
                : List.of();

        // Layout: <base>/runs/<run>/ for each run's data, <base>/cache/ for the extracted binaries.
        var runsDir = runDir.getParent();
        var baseDir = runsDir.getParent();
        RunDir.createTraversable(baseDir);
        RunDir.createTraversable(runsDir);
        StaleRuns.clean(runsDir);
        RunDir.claim(runDir);

        var postgres = new PostgresServer(runDir.resolve("postgres"), baseDir.resolve("cache"), postgresPort);
        var kafka = new KafkaServer(runDir.resolve("kafka"), kafkaPort, Ports.freeOtherThan(postgresPort, kafkaPort),
                Boolean.getBoolean("devstack.kafka.logins"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(kafka, postgres), "devstack-stop"));

        postgres.start();
        for (String db : databases) {
            postgres.createDatabase(db.trim());
        }
        kafka.start();
        System.out.println("DEVSTACK READY postgres=" + postgresPort + " kafka=" + kafkaPort
                + " user=" + PostgresServer.USER + " password=" + PostgresServer.PASSWORD
                + (kafka.asksForLogins()
                        ? " kafka-user=" + KafkaServer.ADMIN + " kafka-password=" + KafkaServer.ADMIN_PASSWORD : ""));
        System.out.flush();

        serveCommands(postgres, kafka);
        stopQuietly(kafka, postgres);
        if (runDir.getFileName().toString().startsWith(RunNames.THROWAWAY_PREFIX)) {
            StaleRuns.deleteTree(runDir);
        }
        System.exit(0);
    }

    private static void serveCommands(PostgresServer postgres, KafkaServer kafka) throws Exception {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            var command = line.trim();
            if (command.equals("stop")) {
                return;
            }
            try {
                if (command.startsWith("createdb ")) {
                    postgres.createDatabase(command.substring("createdb ".length()).trim());
                } else if (command.equals("kafka stop")) {
                    kafka.stop();
                } else if (command.equals("kafka start")) {
                    kafka.start();
                } else if (command.equals("postgres stop")) {
                    postgres.stop();
                } else if (command.equals("postgres start")) {
                    postgres.start();
                } else if (command.equals("postgres stall")) {
                    postgres.stall();
                } else if (command.equals("postgres resume")) {
                    postgres.resumeStalled();
                } else {
                    throw new IllegalArgumentException("unknown command");
                }
                System.out.println("OK " + command);
            } catch (Exception e) {
                System.out.println("ERROR " + command + ": " + e.getMessage());
            }
            System.out.flush();
        }
    }

    private static void stopQuietly(KafkaServer kafka, PostgresServer postgres) {
        try {
            kafka.stop();
        } catch (RuntimeException e) {
            System.err.println("devstack: stopping Kafka failed: " + e.getMessage());
        }
        try {
            postgres.stop();
        } catch (RuntimeException e) {
            System.err.println("devstack: stopping PostgreSQL failed: " + e.getMessage());
        }
    }
}
