package io.switchboard.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Every record of the contracts is registered for reflection, so native images can (de)serialize it. */
class NativeReflectionTest {

    @Test
    void everyRecordIsRegisteredDirectlyOrAsANestedClass() throws Exception {
        var targets = Arrays.asList(NativeReflection.class.getAnnotation(RegisterForReflection.class).targets());
        var records = records();
        assertThat(records).hasSizeGreaterThan(20);
        for (Class<?> record : records) {
            var outermost = record;
            while (outermost.getEnclosingClass() != null) {
                outermost = outermost.getEnclosingClass();
            }
            assertThat(targets).as(record.getName()).contains(outermost);
        }
    }

    private static List<Class<?>> records() throws IOException, URISyntaxException {
        var classes = Path.of(NativeReflection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (var files = Files.walk(classes)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .map(NativeReflectionTest::load)
                    .filter(c -> c.isRecord() && !Modifier.isPrivate(c.getModifiers())) // private ones are no payloads
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, NativeReflectionTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
