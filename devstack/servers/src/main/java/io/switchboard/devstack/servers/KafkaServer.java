package io.switchboard.devstack.servers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
final class KafkaServer {

    private final Path home;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    KafkaServer(Path home, int port, int controllerPort) {
        this.home = home;
        this.port = port;
        this.controllerPort = controllerPort;
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
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
        }
        var output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[] {
                "format", "--config", configFile.toString(),
                "--cluster-id", Files.readString(clusterIdFile).trim(),
                "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IOException("formatting Kafka's log folder failed: " + output);
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
        return p;
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
