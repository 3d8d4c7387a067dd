package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** docker-compose.yml runs the images Jib builds, on the services' ports, with variables they know. */
class DockerComposeTest {

    private static final Map<String, List<String>> CONTAINERS = Map.of(
            "auth-service", List.of("auth-service"),
            "chat-service", List.of("chat-service"),
            "realtime-service", List.of("realtime-1", "realtime-2"),
            "notification-service", List.of("notification-service"));
    private static final Pattern URL = Pattern.compile("https?://([a-z0-9-]+):(\\d+)");

    private final JsonNode services = Yaml.documents(Service.ROOT.resolve("docker-compose.yml")).getFirst().path("services");

    @Test
    void eachServiceRunsItsImageOnItsPortWithAHealthCheck() {
        for (Service service : Service.all()) {
            for (String container : CONTAINERS.get(service.name())) {
                var spec = services.path(container);
                assertThat(spec.path("image").asText()).as(container).isEqualTo(service.image());
                assertThat(spec.path("environment").path("QUARKUS_HTTP_PORT").asInt()).as(container)
                        .isEqualTo(service.port());
                assertThat(spec.path("healthcheck").path("test").toString()).contains("/q/health/ready");
            }
        }
    }

    @Test
    void everyVariableIsOneTheServiceDocuments() {
        for (Service service : Service.all()) {
            for (String container : CONTAINERS.get(service.name())) {
                var given = new HashSet<String>();
                services.path(container).path("environment").fieldNames().forEachRemaining(given::add);
                assertThat(service.documentedVariables()).as(container).containsAll(given);
            }
        }
    }

    @Test
    void addressesDependenciesAndDatabasesPointAtWhatTheFileDeclares() throws IOException {
        var ports = new java.util.HashMap<String, Integer>();
        CONTAINERS.forEach((service, containers) -> containers.forEach(c -> ports.put(c, Service.of(service).port())));
        ports.put("realtime-service", Service.of("realtime-service").port()); // nginx in front of both replicas
        ports.put("object-store", 9000); // attachments' S3 endpoint
        var init = Files.readString(Service.ROOT.resolve("deploy/postgres/init.sql"));
        services.properties().forEach(entry -> {
            entry.getValue().path("depends_on").fieldNames().forEachRemaining(dependency ->
                    assertThat(services.has(dependency)).as(entry.getKey() + " depends on " + dependency).isTrue());
            entry.getValue().path("environment").properties().forEach(variable -> {
                var value = variable.getValue().asText();
                var url = URL.matcher(value);
                if (url.find()) {
                    assertThat(ports).as(variable.getKey()).containsEntry(url.group(1), Integer.parseInt(url.group(2)));
                }
                if (variable.getKey().equals("QUARKUS_DATASOURCE_JDBC_URL")) {
                    assertThat(init).contains("CREATE DATABASE " + value.substring(value.lastIndexOf('/') + 1) + ";");
                }
            });
        });
        var nginx = Files.readString(Service.ROOT.resolve("deploy/nginx/realtime.conf"));
        for (String replica : CONTAINERS.get("realtime-service")) {
            assertThat(nginx).contains("server " + replica + ":" + Service.of("realtime-service").port());
        }
        assertThat(nginx).contains("proxy_set_header Upgrade $http_upgrade;");
    }

    @Test
    void realtimeReplicasHaveTimeToDrain() {
        var grace = java.time.Duration.parse("PT" + Service.of("realtime-service").property("realtime.drain.grace"));
        for (String replica : CONTAINERS.get("realtime-service")) {
            var stop = java.time.Duration.parse("PT" + services.path(replica).path("stop_grace_period").asText().toUpperCase());
            assertThat(stop).as(replica).isGreaterThan(grace.plusSeconds(5));
        }
    }
}
