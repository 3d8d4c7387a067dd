package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.contracts.chat.Topics;

/**
 * k8s/ cannot drift from the services: ports, probe paths, image names, environment variables,
 * topics and timeouts are checked against each service's own configuration and docs.
 */
class KubernetesManifestsTest {

    /** Secrets Strimzi writes itself: the cluster CA's (besides one per KafkaUser, named as the user). */
    private static final Set<String> STRIMZI_SECRETS = Set.of("switchboard-cluster-ca-cert");

    private static final Pattern URL = Pattern.compile("https?://([a-z0-9-]+):(\\d+)");
    private final Manifests base = Manifests.base();

    @Test
    void everyYamlFileIsCleanAndParsesWithoutDuplicateKeys() throws IOException {
        List<java.nio.file.Path> yaml;
        try (Stream<java.nio.file.Path> files = Files.walk(Manifests.K8S)) {
            yaml = new java.util.ArrayList<>(files.filter(f -> f.toString().endsWith(".yaml")).toList());
        }
        yaml.add(Service.ROOT.resolve("docker-compose.yml"));
        assertThat(yaml).hasSizeGreaterThan(10);
        for (var file : yaml) {
            assertThat(Yaml.documents(file)).as(file.toString()).isNotEmpty();
            var text = Files.readString(file);
            assertThat(text).as(file + " ends with a newline").endsWith("\n");
            var lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                var line = lines[i];
                var where = file.getFileName() + ":" + (i + 1);
                assertThat(line).as(where + " has no tab").doesNotContain("\t");
                assertThat(line).as(where + " has no trailing space").doesNotEndWith(" ");
                assertThat(line.length()).as(where + " is at most 160 characters").isLessThanOrEqualTo(160);
                int indent = line.length() - line.stripLeading().length();
                assertThat(indent % 2).as(where + " is indented by twos").isZero();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyKustomizationListsFilesThatExist(String directory) {
        var dir = Manifests.K8S.resolve(directory);
        for (String resource : Manifests.resourcesOf(dir)) {
            assertThat(Manifests.exists(dir.resolve(resource))).as(directory + " lists " + resource).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachOverlayRendersEveryService(String overlay) throws Exception {
        var rendered = Manifests.rendered(overlay);
        Assumptions.assumeTrue(rendered.isPresent(), "kubectl is not installed");
        for (Service service : Service.all()) {
            var container = rendered.get().get("Deployment", service.name()).path("spec").path("template").path("spec")
                    .path("containers").get(0);
            assertThat(container.path("image").asText()).endsWith(service.image());
        }
        assertThat(rendered.get().all("KafkaTopic")).hasSize(5);
        assertThat(rendered.get().all("KafkaUser")).hasSize(Service.NAMES.size());
        var ingress = rendered.get().get("Ingress", "switchboard").path("spec");
        assertThat(ingress.path("tls").get(0).path("hosts").get(0).asText()).as("the certificate names the host")
                .isEqualTo(ingress.path("rules").get(0).path("host").asText());
    }

    @Test
    void eachDeploymentServesTheServicePortWithItsImageAndHealthEndpoints() {
        for (Service service : Service.all()) {
            var pod = base.get("Deployment", service.name()).path("spec").path("template").path("spec");
            var container = pod.path("containers").get(0);
            assertThat(container.path("image").asText()).as(service.name()).isEqualTo(service.image());
            assertThat(container.path("ports").get(0).path("containerPort").asInt()).as(service.name())
                    .isEqualTo(service.port());
            assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/started");
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
            assertThat(container.path("resources").path("requests").path("memory").isMissingNode()).isFalse();
            assertThat(container.path("resources").path("limits").path("memory").isMissingNode()).isFalse();

            var port = base.get("Service", service.name()).path("spec").path("ports").get(0);
            assertThat(port.path("port").asInt()).isEqualTo(service.port());
            assertThat(port.path("targetPort").asText()).isEqualTo("http");
            assertThat(base.get("PodDisruptionBudget", service.name())).isNotNull();
        }
    }

    @Test
    void everyVariableGivenToAServiceIsOneItDocuments() {
        for (Service service : Service.all()) {
            var given = new HashSet<String>();
            base.get("ConfigMap", service.name()).path("data").fieldNames().forEachRemaining(given::add);
            var container = base.get("Deployment", service.name()).path("spec").path("template").path("spec")
                    .path("containers").get(0);
            Manifests.list(container.path("env")).forEach(env -> given.add(env.path("name").asText()));
            assertThat(service.documentedVariables()).as(service.name()).containsAll(given);
        }
    }

    /**
     * Nothing reaches a pod but what docs/architecture.md draws: a default deny, then per service
     * the callers it has (besides the ingress controller and Prometheus), and Kafka's listener only
     * for the services that use Kafka.
     */
    @Test
    void onlyTheDrawnCallsAreLetThrough() {
        var policies = base.all("NetworkPolicy");
        assertThat(policies).anySatisfy(p -> {
            assertThat(p.path("spec").path("podSelector").size()).as("selects every pod").isZero();
            assertThat(p.path("spec").has("ingress")).as("lets nothing in").isFalse();
        });
        var callers = Map.of(
                "auth-service", Set.of("chat-service", "realtime-service", "notification-service"),
                "chat-service", Set.of("realtime-service", "notification-service"),
                "realtime-service", Set.of("notification-service"),
                "notification-service", Set.<String>of());
        for (Service service : Service.all()) {
            var policy = base.get("NetworkPolicy", service.name());
            assertThat(policy.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())
                    .isEqualTo(service.name());
            var pods = new HashSet<String>();
            var namespaces = new HashSet<String>();
            for (JsonNode rule : Manifests.list(policy.path("spec").path("ingress"))) {
                assertThat(Manifests.list(rule.path("ports"))).extracting(port -> port.path("port").asInt())
                        .as(service.name()).containsExactly(service.port());
                for (JsonNode from : Manifests.list(rule.path("from"))) {
                    if (from.has("podSelector")) {
                        pods.add(from.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText());
                    }
                    if (from.has("namespaceSelector")) {
                        namespaces.add(from.path("namespaceSelector").path("matchLabels")
                                .path("kubernetes.io/metadata.name").asText());
                    }
                }
            }
            assertThat(pods).as(service.name() + "'s callers").isEqualTo(callers.get(service.name()));
            assertThat(namespaces).as(service.name()).isEqualTo(Set.of("ingress-nginx", "monitoring"));
        }
        var kafkaPeers = new HashSet<String>();
        for (JsonNode listener : Manifests.list(base.get("Kafka", "switchboard").path("spec").path("kafka").path("listeners"))) {
            Manifests.list(listener.path("networkPolicyPeers")).forEach(peer ->
                    kafkaPeers.add(peer.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText()));
        }
        assertThat(kafkaPeers).isEqualTo(Set.copyOf(Service.NAMES));
    }

    /**
     * Kafka takes only TLS with a SCRAM login, refuses what no ACL allows, and each service logs
     * in as its own user, allowed exactly its topics and its consumer group.
     */
    @Test
    void eachServiceReachesKafkaOverTlsAsItsOwnUserWithOnlyItsTopics() {
        var kafka = base.get("Kafka", "switchboard").path("spec").path("kafka");
        for (JsonNode listener : Manifests.list(kafka.path("listeners"))) {
            assertThat(listener.path("tls").asBoolean()).as(listener.path("name").asText()).isTrue();
            assertThat(listener.path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
        }
        assertThat(kafka.path("authorization").path("type").asText()).isEqualTo("simple");
        var revocations = Topics.SESSION_REVOCATIONS;
        var topics = Map.of(
                "auth-service", Set.of(revocations),
                "chat-service", Set.of(Topics.CHAT_EVENTS, Topics.USER_BLOCKS, revocations),
                "realtime-service", Set.of(Topics.CHAT_EVENTS, Topics.USER_EVENTS, "switchboard.realtime-inbox",
                        Topics.USER_BLOCKS, revocations),
                "notification-service", Set.of(Topics.CHAT_EVENTS, Topics.USER_EVENTS, revocations));
        var groups = Map.of("auth-service", Set.<String>of(), "chat-service", Set.<String>of(),
                "realtime-service", Set.of("switchboard-realtime-router"),
                "notification-service", Set.of("switchboard-notifications"));
        for (Service service : Service.all()) {
            var user = base.get("KafkaUser", service.name()).path("spec");
            assertThat(user.path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
            var allowed = new java.util.HashMap<String, Set<String>>();
            for (JsonNode acl : Manifests.list(user.path("authorization").path("acls"))) {
                allowed.computeIfAbsent(acl.path("resource").path("type").asText(), type -> new HashSet<>())
                        .add(acl.path("resource").path("name").asText());
                assertThat(acl.path("resource").path("patternType").asText("literal")).isEqualTo("literal");
            }
            assertThat(allowed.getOrDefault("topic", Set.of())).as(service.name()).isEqualTo(topics.get(service.name()));
            assertThat(allowed.getOrDefault("group", Set.of())).as(service.name()).isEqualTo(groups.get(service.name()));
            assertThat(allowed.keySet()).as(service.name()).isSubsetOf("topic", "group");

            var data = base.get("ConfigMap", service.name()).path("data");
            assertThat(data.path("KAFKA_SECURITY_PROTOCOL").asText()).isEqualTo("SASL_SSL");
            assertThat(data.path("KAFKA_SASL_MECHANISM").asText()).isEqualTo("SCRAM-SHA-512");
            assertThat(data.path("KAFKA_BOOTSTRAP_SERVERS").asText()).endsWith(":" + Manifests.list(kafka.path("listeners"))
                    .getFirst().path("port").asInt());
            var env = new java.util.HashMap<String, String>();
            Manifests.list(base.get("Deployment", service.name()).path("spec").path("template").path("spec")
                    .path("containers").get(0).path("env")).forEach(e ->
                    env.put(e.path("name").asText(), e.path("valueFrom").path("secretKeyRef").path("name").asText()));
            assertThat(env).as("the login of its own user").containsEntry("KAFKA_SASL_JAAS_CONFIG", service.name())
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_PASSWORD", "switchboard-cluster-ca-cert");
        }
    }

    /** Behind the Ingress, auth-service's throttles count the client's address, not the controller's. */
    @Test
    void authServiceReadsTheClientAddressTheIngressForwards() {
        var data = base.get("ConfigMap", "auth-service").path("data");
        assertThat(data.path("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING").asText()).isEqualTo("true");
        assertThat(data.path("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED").asText()).isEqualTo("true");
        assertThat(data.path("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES").asText()).as("only the cluster's own ranges")
                .isNotBlank().doesNotContain("0.0.0.0/0");
    }

    @Test
    void everyAddressInTheConfigurationIsAServiceOnItsPort() {
        var ports = Service.all().stream().collect(java.util.stream.Collectors.toMap(Service::name, Service::port));
        for (Service service : Service.all()) {
            base.get("ConfigMap", service.name()).path("data").properties().forEach(entry -> {
                var url = URL.matcher(entry.getValue().asText());
                if (url.find()) {
                    assertThat(ports).as(entry.getKey()).containsEntry(url.group(1), Integer.parseInt(url.group(2)));
                }
            });
        }
    }

    @Test
    void theRealtimePodOutlivesItsDrainAndTheAutoscalerFitsTheInbox() {
        var realtime = Service.of("realtime-service");
        var drain = Duration.parse("PT" + base.get("ConfigMap", "realtime-service").path("data")
                .path("REALTIME_DRAIN_GRACE").asText(realtime.property("realtime.drain.grace")));
        var grace = base.get("Deployment", "realtime-service").path("spec").path("template").path("spec")
                .path("terminationGracePeriodSeconds").asInt();
        assertThat(Duration.ofSeconds(grace)).as("drain, then Quarkus' own shutdown").isGreaterThan(drain.plusSeconds(10));

        var hpa = base.get("HorizontalPodAutoscaler", "realtime-service").path("spec");
        assertThat(hpa.path("maxReplicas").asInt()).isLessThanOrEqualTo(
                Integer.parseInt(realtime.property("realtime.cluster.inbox-partitions")));
        assertThat(hpa.path("metrics").toString()).contains("switchboard_ws_connections", "cpu");
    }

    @Test
    void theTopicsAreTheOnesTheServicesUseWithTheirPartitions() {
        var partitions = Map.of(
                Topics.CHAT_EVENTS, Service.of("chat-service").property("chat.outbox.topic-partitions"),
                Topics.USER_EVENTS, Service.of("notification-service").property("switchboard.kafka.user-events.partitions"),
                "switchboard.realtime-inbox", Service.of("realtime-service").property("realtime.cluster.inbox-partitions"),
                Topics.SESSION_REVOCATIONS, "1",
                Topics.USER_BLOCKS, "1");
        assertThat(Service.of("realtime-service").property("switchboard.kafka.user-events.partitions"))
                .isEqualTo(partitions.get(Topics.USER_EVENTS));
        var topics = base.all("KafkaTopic");
        assertThat(topics).extracting(t -> t.path("spec").path("topicName").asText())
                .containsExactlyInAnyOrderElementsOf(partitions.keySet());
        for (JsonNode topic : topics) {
            var spec = topic.path("spec");
            assertThat(spec.path("partitions").asText()).as(spec.path("topicName").asText())
                    .isEqualTo(partitions.get(spec.path("topicName").asText()));
        }
    }

    @Test
    void theIngressRoutesEachPathToTheServiceThatOwnsItWithLongSocketTimeouts() {
        var ingress = base.get("Ingress", "switchboard");
        var routes = new java.util.HashMap<String, String>();
        Manifests.list(ingress.path("spec").path("rules").get(0).path("http").path("paths")).forEach(p ->
                routes.put(p.path("path").asText(), p.path("backend").path("service").path("name").asText()));
        assertThat(routes).containsEntry("/ws", "realtime-service")
                .containsEntry("/api/auth", "auth-service").containsEntry("/api/users", "auth-service")
                .containsEntry("/.well-known", "auth-service").containsEntry("/api/chats", "chat-service")
                .containsEntry("/api/blocks", "chat-service")
                .containsEntry("/api/notifications", "notification-service")
                .containsEntry("/api/events", "notification-service");
        assertThat(Service.NAMES).containsAll(routes.values());
        var host = ingress.path("spec").path("rules").get(0).path("host").asText();
        assertThat(Manifests.list(ingress.path("spec").path("tls"))).as("TLS for the host clients use").anySatisfy(tls -> {
            assertThat(Manifests.list(tls.path("hosts"))).extracting(JsonNode::asText).contains(host);
            assertThat(tls.path("secretName").asText()).isNotBlank();
        });
        assertThat(ingress.path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/force-ssl-redirect")
                .asText()).isEqualTo("true");
        var liveness = Duration.parse("PT" + Service.of("realtime-service").property("realtime.liveness.timeout"));
        var annotations = ingress.path("metadata").path("annotations");
        assertThat(Duration.ofSeconds(annotations.path("nginx.ingress.kubernetes.io/proxy-read-timeout").asLong()))
                .isGreaterThan(liveness);
    }

    @Test
    void theDatabasesAndSecretsTheServicesUseAreDeclared() {
        var cluster = base.get("Cluster", "switchboard-postgres").path("spec");
        Set<String> databases = new HashSet<>();
        databases.add(cluster.path("bootstrap").path("initdb").path("database").asText());
        base.all("Database").forEach(d -> databases.add(d.path("spec").path("name").asText()));
        Set<String> roleSecrets = new HashSet<>();
        roleSecrets.add(cluster.path("bootstrap").path("initdb").path("secret").path("name").asText());
        Manifests.list(cluster.path("managed").path("roles")).forEach(r ->
                roleSecrets.add(r.path("passwordSecret").path("name").asText()));

        var devSecrets = new HashSet<String>();
        Manifests.list(Yaml.documents(Manifests.K8S.resolve("overlays/dev/kustomization.yaml")).getFirst()
                .path("secretGenerator")).forEach(s -> devSecrets.add(s.path("name").asText()));

        for (Service service : Service.all()) {
            var jdbc = base.get("ConfigMap", service.name()).path("data").path("QUARKUS_DATASOURCE_JDBC_URL").asText();
            assertThat(databases).as(service.name()).contains(jdbc.substring(jdbc.lastIndexOf('/') + 1));
            var container = base.get("Deployment", service.name()).path("spec").path("template").path("spec")
                    .path("containers").get(0);
            for (JsonNode env : Manifests.list(container.path("env"))) {
                var secret = env.path("valueFrom").path("secretKeyRef").path("name").asText();
                if (env.path("name").asText().startsWith("QUARKUS_DATASOURCE_")) {
                    assertThat(roleSecrets).as("a role's password for " + service.name()).contains(secret);
                }
                if (!STRIMZI_SECRETS.contains(secret) && !secret.equals(service.name())) { // Strimzi makes those
                    assertThat(devSecrets).as("the dev overlay generates " + secret).contains(secret);
                }
            }
        }
        assertThat(List.copyOf(roleSecrets)).allSatisfy(s -> assertThat(devSecrets).contains(s));
    }
}
