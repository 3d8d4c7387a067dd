package io.switchboard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.switchboard.devstack.DevStack;
import io.switchboard.devstack.KafkaLogin;

/**
 * The cluster's Kafka topics and users, read from the manifests as they stand
 * (k8s/base/topics.yaml, kafka-users.yaml), made on devstack's broker as Strimzi's operators make
 * them on the cluster: each KafkaTopic a topic (one replica: there is one broker), each KafkaUser
 * a SCRAM-SHA-512 login with a fresh password, allowed exactly its ACLs.
 */
final class KafkaAccounts {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private KafkaAccounts() {
    }

    /** Every KafkaUser's ACLs, by user name, as the broker will hold them. */
    static Map<String, List<AclBinding>> users(Path manifest) {
        var users = new LinkedHashMap<String, List<AclBinding>>();
        for (var user : resources(manifest, "KafkaUser")) {
            var name = user.path("metadata").path("name").asText();
            var spec = user.path("spec");
            require(spec.path("authentication").path("type").asText().equals("scram-sha-512"),
                    name + " logs in with SCRAM-SHA-512");
            require(spec.path("authorization").path("type").asText().equals("simple"), name + " has simple authorization");
            var acls = new ArrayList<AclBinding>();
            for (var rule : spec.path("authorization").path("acls")) {
                acls.addAll(bindings(name, rule));
            }
            users.put(name, acls);
        }
        return users;
    }

    /** Every KafkaTopic, on one broker. */
    static List<NewTopic> topics(Path manifest) {
        var topics = new ArrayList<NewTopic>();
        for (var topic : resources(manifest, "KafkaTopic")) {
            var spec = topic.path("spec");
            var name = spec.path("topicName").asText(topic.path("metadata").path("name").asText());
            var configs = new HashMap<String, String>();
            spec.path("config").properties().forEach(entry -> configs.put(entry.getKey(), entry.getValue().asText()));
            configs.remove("min.insync.replicas"); // one broker: one replica
            topics.add(new NewTopic(name, spec.path("partitions").asInt(), (short) 1).configs(configs));
        }
        return topics;
    }

    /**
     * Makes the topics and users on the broker, plus {@code bare} users with no ACL at all; each
     * user's login by name.
     */
    static Map<String, KafkaLogin> create(DevStack servers, List<NewTopic> topics, Map<String, List<AclBinding>> users,
                                          List<String> bare) {
        var logins = new LinkedHashMap<String, KafkaLogin>();
        users.keySet().forEach(user -> logins.put(user, new KafkaLogin(user, password())));
        bare.forEach(user -> logins.put(user, new KafkaLogin(user, password())));
        var admin = servers.kafkaAdmin().orElseThrow(() -> new IllegalStateException("the broker asks for no logins"));
        try (var kafka = Admin.create(client(servers, admin))) {
            kafka.createTopics(topics).all().get();
            var credentials = new ArrayList<UserScramCredentialAlteration>();
            for (var login : logins.values()) {
                credentials.add(new UserScramCredentialUpsertion(login.user(),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), login.password()));
            }
            kafka.alterUserScramCredentials(credentials).all().get();
            kafka.createAcls(users.values().stream().flatMap(List::stream).toList()).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("preparing Kafka failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return logins;
    }

    /** A Kafka client's settings to log in as {@code login} (timeouts short: refusals are what is tested). */
    static Properties client(DevStack servers, KafkaLogin login) {
        var properties = new Properties();
        properties.put("bootstrap.servers", servers.endpoints().kafkaBootstrapServers());
        properties.putAll(login.clientProperties());
        properties.putAll(Map.of("request.timeout.ms", "5000", "default.api.timeout.ms", "10000",
                "max.block.ms", "10000", "reconnect.backoff.max.ms", "1000"));
        return properties;
    }

    /** A Strimzi ACL rule as the broker's bindings: one per operation. */
    private static List<AclBinding> bindings(String user, JsonNode rule) {
        var resource = rule.path("resource");
        var type = switch (resource.path("type").asText()) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            case "cluster" -> ResourceType.CLUSTER;
            case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
            default -> throw new IllegalArgumentException(user + ": unknown resource " + resource);
        };
        var name = type == ResourceType.CLUSTER ? "kafka-cluster" : resource.path("name").asText();
        var pattern = switch (resource.path("patternType").asText("literal")) {
            case "literal" -> PatternType.LITERAL;
            case "prefix" -> PatternType.PREFIXED;
            default -> throw new IllegalArgumentException(user + ": unknown pattern type in " + resource);
        };
        var permission = switch (rule.path("type").asText("allow")) {
            case "allow" -> AclPermissionType.ALLOW;
            case "deny" -> AclPermissionType.DENY;
            default -> throw new IllegalArgumentException(user + ": unknown rule type in " + rule);
        };
        var operations = new ArrayList<String>();
        rule.path("operations").forEach(operation -> operations.add(operation.asText()));
        if (rule.has("operation")) {
            operations.add(rule.path("operation").asText());
        }
        require(!operations.isEmpty(), user + ": a rule names its operations: " + rule);
        return operations.stream().map(operation -> new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, rule.path("host").asText("*"), operation(operation), permission)))
                .toList();
    }

    /** Strimzi's spelling ({@code IdempotentWrite}) as Kafka's ({@code IDEMPOTENT_WRITE}). */
    private static AclOperation operation(String strimzi) {
        var kafka = strimzi.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        var operation = AclOperation.fromString(kafka);
        require(operation != AclOperation.UNKNOWN && operation != AclOperation.ANY, "unknown operation " + strimzi);
        return operation;
    }

    private static List<JsonNode> resources(Path manifest, String kind) {
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifest.toFile())) {
            return documents.readAll().stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + manifest, e);
        }
    }

    private static String password() {
        var bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("k8s manifests: expected " + what);
        }
    }
}
