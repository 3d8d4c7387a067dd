package io.switchboard.devstack;

import java.util.Map;

/** Where an S3-compatible object store answers, and the key pair that signs requests to it. */
public record ObjectStore(String endpoint, String accessKey, String secretKey) {

    /** The settings that point chat-service's attachments at this store. */
    public Map<String, String> chatServiceConfig() {
        return Map.of(
                "chat.attachment.store.endpoint", endpoint,
                "chat.attachment.store.access-key", accessKey,
                "chat.attachment.store.secret-key", secretKey);
    }
}
