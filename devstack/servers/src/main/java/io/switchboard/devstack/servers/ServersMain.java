package io.switchboard.devstack.servers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a real PostgreSQL, a real single-node KRaft Kafka broker and an S3-compatible object store until its standard input
 * closes (the owner is gone, however it ended) or it reads {@code stop}.
 *
 * <p>Arguments: {@code <run-dir> <postgres-port> <kafka-port> [databases,comma,separated]};
 * a port of 0 picks a free one. When both servers are up it prints one line,
 * {@code DEVSTACK READY postgres=<port> kafka=<port> s3=<port> s3-access-key=<key> s3-secret-key=<key>
 * user=<user> password=<password>} (followed by {@code kafka-user=<user> kafka-password=<password>}
 * when Kafka asks for logins), and then
 * answers commands, one per line:
 * {@code createdb NAME}, {@code kafka stop}, {@code kafka start}, {@code postgres stop},
 * {@code postgres start}, {@code postgres stall}, {@code postgres resume}, {@code s3 stop},
 * {@code s3 start}; each answered by
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
        int controllerPort = Ports.freeOtherThan(postgresPort, kafkaPort);
        var kafka = new KafkaServer(runDir.resolve("kafka"), kafkaPort, controllerPort,
                Boolean.getBoolean("devstack.kafka.logins"));
        var objects = new ObjectStoreServer(runDir.resolve("objects"),
                Ports.freeOtherThan(postgresPort, kafkaPort, controllerPort));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(kafka, postgres, objects), "devstack-stop"));

        objects.start();
        postgres.start();
        for (String db : databases) {
            postgres.createDatabase(db.trim());
        }
        kafka.start();
        System.out.println("DEVSTACK READY postgres=" + postgresPort + " kafka=" + kafkaPort
                + " s3=" + objects.port() + " s3-access-key=" + ObjectStoreServer.ACCESS_KEY
                + " s3-secret-key=" + ObjectStoreServer.SECRET_KEY
                + " user=" + PostgresServer.USER + " password=" + PostgresServer.PASSWORD
                + (kafka.asksForLogins()
                        ? " kafka-user=" + KafkaServer.ADMIN + " kafka-password=" + KafkaServer.ADMIN_PASSWORD : ""));
        System.out.flush();

        serveCommands(postgres, kafka, objects);
        stopQuietly(kafka, postgres, objects);
        if (runDir.getFileName().toString().startsWith(RunNames.THROWAWAY_PREFIX)) {
            StaleRuns.deleteTree(runDir);
        }
        System.exit(0);
    }

    private static void serveCommands(PostgresServer postgres, KafkaServer kafka, ObjectStoreServer objects)
            throws Exception {
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
                } else if (command.equals("s3 stop")) {
                    objects.stop();
                } else if (command.equals("s3 start")) {
                    objects.start();
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

    private static void stopQuietly(KafkaServer kafka, PostgresServer postgres, ObjectStoreServer objects) {
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
        try {
            objects.stop();
        } catch (Exception e) {
            System.err.println("devstack: stopping the object store failed: " + e.getMessage());
        }
    }
}
