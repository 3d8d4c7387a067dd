package io.switchboard.devstack.servers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one), running
 * in this JVM. Its log folder persists between runs that use the same run folder; it can be
 * stopped and started again to simulate a broker restart.
 *
 * <p>Plain by default. With logins, it asks as the cluster's brokers do (k8s/base/kafka.yaml):
 * a SASL_PLAINTEXT listener taking SCRAM-SHA-512 logins (no TLS), KRaft's StandardAuthorizer
 * refusing whatever no ACL allows, and no topic created by accident. {@value #ADMIN} is its one
 * super user, created when the log folder is formatted; it is the login devstack's owner uses
 * to create the others and their ACLs. The controller listener takes the same user over
 * SASL/PLAIN (KRaft keeps SCRAM credentials in its metadata, so the controller cannot check
 * them), so no listener lets anyone in unnamed.
 */
final class KafkaServer {

    /** The super user when the broker asks for logins. */
    static final String ADMIN = "devstack";
    /** Its password: the broker listens on loopback only, as PostgreSQL does with its fixed one. */
    static final String ADMIN_PASSWORD = "devstack-admin";
    private static final String SCRAM = "SCRAM-SHA-512";

    private final Path home;
    private final int port;
    private final int controllerPort;
    private final boolean logins;
    private KafkaRaftServer server;

    KafkaServer(Path home, int port, int controllerPort, boolean logins) {
        this.home = home;
        this.port = port;
        this.controllerPort = controllerPort;
        this.logins = logins;
    }

    synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        Files.createDirectories(home.resolve("logs"));
        var configFile = home.resolve("server.properties");
        try (var out = Files.newBufferedWriter(configFile)) {
            config().store(out, "written by devstack");
        }
        format(configFile);
        var kafka = new KafkaRaftServer(KafkaConfig.fromProps(config(), false), Time.SYSTEM);
        kafka.startup();
        server = kafka;
    }

    private void format(Path configFile) throws IOException {
        var clusterIdFile = home.resolve("cluster.id");
        // The super user's credential is written when the folder is formatted, and only then.
        var adminFile = home.resolve("admin.login");
        if (logins && Files.exists(clusterIdFile) && !Files.exists(adminFile)) {
            throw new IOException("this run's Kafka was formatted without logins; use another run for them");
        }
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
        }
        var command = new ArrayList<>(List.of("format", "--config", configFile.toString(),
                "--cluster-id", Files.readString(clusterIdFile).trim(), "--ignore-formatted"));
        if (logins) {
            command.addAll(List.of("--add-scram", SCRAM + "=[name=" + ADMIN + ",password=" + ADMIN_PASSWORD + "]"));
        }
        var output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(command.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IOException("formatting Kafka's log folder failed: " + output);
        }
        if (logins) {
            Files.writeString(adminFile, ADMIN + "\n");
        }
    }

    private Properties config() {
        var p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", home.resolve("logs").toString());
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.retention.hours", "168");
        if (logins) {
            askForLogins(p);
        }
        return p;
    }

    private void askForLogins(Properties p) {
        p.put("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        p.put("sasl.enabled.mechanisms", SCRAM);
        p.put("sasl.mechanism.inter.broker.protocol", SCRAM);
        p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"" + ADMIN + "\" password=\"" + ADMIN_PASSWORD + "\";");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"" + ADMIN + "\" password=\"" + ADMIN_PASSWORD + "\""
                        + " user_" + ADMIN + "=\"" + ADMIN_PASSWORD + "\";");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + ADMIN);
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("auto.create.topics.enable", "false");
    }

    boolean asksForLogins() {
        return logins;
    }

    synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }
}
