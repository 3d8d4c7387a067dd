package io.switchboard.realtime.config;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * {@link RealtimeConfig} without Quarkus, for unit tests: every setting its {@code @WithDefault},
 * unless given by its path of accessor names (such as {@code "rateLimit.closeAfter"}).
 */
public final class TestConfig {

    private TestConfig() {
    }

    public static RealtimeConfig defaults() {
        return with(Map.of());
    }

    public static RealtimeConfig with(Map<String, Object> settings) {
        return (RealtimeConfig) group(RealtimeConfig.class, "", settings);
    }

    private static Object group(Class<?> type, String prefix, Map<String, Object> settings) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> type.getSimpleName() + " for tests";
                };
            }
            var path = prefix + method.getName();
            if (settings.containsKey(path)) {
                return settings.get(path);
            }
            if (method.getReturnType().isInterface()) {
                return group(method.getReturnType(), path + ".", settings);
            }
            return byDefault(method, path);
        });
    }

    private static Object byDefault(Method method, String path) {
        var type = method.getReturnType();
        if (type == Optional.class) {
            return Optional.empty();
        }
        var value = method.getAnnotation(WithDefault.class);
        if (value == null) {
            throw new IllegalStateException(path + " has no default: give it");
        }
        var text = value.value();
        if (type == int.class) {
            return Integer.parseInt(text);
        } else if (type == long.class) {
            return Long.parseLong(text);
        } else if (type == short.class) {
            return Short.parseShort(text);
        } else if (type == boolean.class) {
            return Boolean.parseBoolean(text);
        } else if (type == Duration.class) {
            return Duration.parse("PT" + text);
        }
        return text;
    }
}
