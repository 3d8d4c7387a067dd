package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.contracts.Scopes;

/**
 * Least privilege for the services' own tokens: wherever auth-service's clients are configured for
 * a whole stack (the local profile, which docker compose and ./switchboard start run; the
 * Kubernetes dev overlay; the production example in docs/operations.md), realtime-service and
 * notification-service are granted exactly the scopes of what they call with their tokens, and
 * every scope granted is one the services know.
 */
class ClientScopesTest {

    /** What each service calls with its own token: realtime-service reads chat members; notification-service asks presence, reads chat members and e-mail addresses. */
    private static final Map<String, List<String>> NEEDED = Map.of(
            "realtime-service", List.of(Scopes.MEMBERSHIPS),
            "notification-service", List.of(Scopes.PRESENCE, Scopes.MEMBERSHIPS, Scopes.CONTACTS));

    @Test
    void theLocalProfileGrantsTheServicesWhatTheyCallAndTheDemoBackendWhatThePushGuideShows() {
        var clients = scopes(Service.of("auth-service").property("%local.auth.clients"));
        assertServicesGetWhatTheyNeed(clients);
        assertThat(clients.get("demo-backend")).containsExactlyInAnyOrder(Scopes.PUSH, Scopes.NOTICES);
    }

    @Test
    void theDevOverlayGrantsTheServicesWhatTheyCallAndTheirSecretsMatch() {
        var generated = new LinkedHashMap<String, String>();
        for (JsonNode secret : Manifests.list(Yaml.documents(Manifests.K8S.resolve("overlays/dev/kustomization.yaml"))
                .getFirst().path("secretGenerator"))) {
            for (JsonNode literal : Manifests.list(secret.path("literals"))) {
                var text = literal.asText();
                generated.put(secret.path("name").asText() + "/" + text.substring(0, text.indexOf('=')),
                        text.substring(text.indexOf('=') + 1));
            }
        }
        var entries = generated.get("switchboard-auth-clients/clients");
        assertServicesGetWhatTheyNeed(scopes(entries));
        assertThat(secrets(entries)).containsEntry("notification-service", generated.get("switchboard-notification-client/secret"))
                .containsEntry("realtime-service", generated.get("switchboard-realtime-client/secret"));
    }

    @Test
    void theProductionExampleGrantsTheServicesWhatTheyCall() throws IOException {
        var operations = Files.readString(Service.ROOT.resolve("docs/operations.md"));
        var command = Pattern.compile("switchboard-auth-clients \\\\\\s+--from-literal=clients=\"([^\"]+)\"").matcher(operations);
        assertThat(command.find()).as("docs/operations.md shows how to create switchboard-auth-clients").isTrue();
        assertServicesGetWhatTheyNeed(scopes(command.group(1)));
    }

    private static void assertServicesGetWhatTheyNeed(Map<String, List<String>> clients) {
        NEEDED.forEach((service, needed) ->
                assertThat(clients.get(service)).as(service).containsExactlyInAnyOrderElementsOf(needed));
        clients.forEach((client, scopes) -> assertThat(Scopes.ALL).as(client).containsAll(scopes));
    }

    /** Each client's scopes, from {@code id:secret[:scope+scope],...}. */
    private static Map<String, List<String>> scopes(String entries) {
        var clients = new LinkedHashMap<String, List<String>>();
        for (String entry : entries.split(",")) {
            var parts = entry.strip().split(":", -1);
            clients.put(parts[0], parts.length < 3 || parts[2].isEmpty() ? List.of() : Arrays.asList(parts[2].split("\\+")));
        }
        return clients;
    }

    private static Map<String, String> secrets(String entries) {
        var secrets = new LinkedHashMap<String, String>();
        for (String entry : entries.split(",")) {
            var parts = entry.strip().split(":", -1);
            secrets.put(parts[0], parts[1]);
        }
        return secrets;
    }
}
