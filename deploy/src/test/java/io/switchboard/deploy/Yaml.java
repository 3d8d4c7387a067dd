package io.switchboard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.yaml.snakeyaml.LoaderOptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * YAML files and multi-document streams, read strictly (a duplicated key is an error) and with
 * merge keys ({@code <<: *anchor}) resolved, as docker compose and kubectl read them.
 */
final class Yaml {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Yaml() {
    }

    static List<JsonNode> documents(Path file) {
        try {
            return documents(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new AssertionError(file + ": " + e.getMessage(), e);
        }
    }

    static List<JsonNode> documents(String text) {
        var options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        var documents = new ArrayList<JsonNode>();
        for (Object document : new org.yaml.snakeyaml.Yaml(options).loadAll(text)) {
            if (document != null) {
                documents.add(JSON.valueToTree(document));
            }
        }
        return documents;
    }
}
