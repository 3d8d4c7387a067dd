package io.switchboard.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/** The Kubernetes resources of k8s/: the base as written, and each overlay as kustomize renders it. */
record Manifests(List<JsonNode> resources) {

    static final Path K8S = Service.ROOT.resolve("k8s");

    /** The base, read from the files its kustomization lists. */
    static Manifests base() {
        var resources = new ArrayList<JsonNode>();
        for (String file : resourcesOf(K8S.resolve("base"))) {
            resources.addAll(Yaml.documents(K8S.resolve("base").resolve(file)));
        }
        return new Manifests(resources);
    }

    /** An overlay as {@code kubectl kustomize} renders it; empty when kubectl is not installed. */
    static Optional<Manifests> rendered(String overlay) throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", K8S.resolve("overlays").resolve(overlay).toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException notInstalled) {
            return Optional.empty();
        }
        var output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + overlay + " failed");
        }
        return Optional.of(new Manifests(Yaml.documents(output)));
    }

    /** The entries of a kustomization's {@code resources}. */
    static List<String> resourcesOf(Path directory) {
        var kustomization = Yaml.documents(directory.resolve("kustomization.yaml")).getFirst();
        return StreamSupport.stream(kustomization.path("resources").spliterator(), false).map(JsonNode::asText).toList();
    }

    List<JsonNode> all(String kind) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
    }

    JsonNode get(String kind, String name) {
        return all(kind).stream().filter(r -> r.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    static boolean exists(Path path) {
        return Files.exists(path);
    }
}
