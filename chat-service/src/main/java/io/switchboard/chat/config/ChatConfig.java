package io.switchboard.chat.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every chat-service setting; each is overridable by its environment variable (CHAT_...). */
@ConfigMapping(prefix = "chat")
public interface ChatConfig {

    Message message();

    Send send();

    Group group();

    History history();

    Events events();

    Outbox outbox();

    Attachment attachment();

    /** Creates the demo direct chat of user1 and user2 at start-up (local profile only). */
    @WithDefault("false")
    boolean demoData();

    interface Message {
        /** Longest message content, in characters. */
        @WithDefault("4000")
        int maxLength();
    }

    interface Send {
        /** Most sends waiting to be stored; one more is refused at once with 503 overloaded. */
        @WithDefault("1000")
        int queueSize();

        /**
         * How long a send waits to be stored: then it answers 503 (overloaded if it was still
         * queued and nothing was stored, send_outcome_unknown if its batch was under way).
         */
        @WithDefault("10S")
        Duration timeout();
    }

    interface Group {
        @WithDefault("1000")
        int maxMembers();
    }

    interface History {
        /** Largest page of history one request may ask for. */
        @WithDefault("200")
        int maxLimit();
    }

    interface Events {
        /** How long published events stay in the log for resume; older gaps need a resync. */
        @WithDefault("30D")
        Duration retention();

        /** How often events past their retention are deleted (scheduler syntax). */
        @WithDefault("1h")
        String purgeInterval();

        /**
         * The most bytes of events one page of the events API holds (at least one event): a page of
         * 1,000 long messages would otherwise be 16 MB in the service's memory and the client's.
         */
        @WithDefault("1048576")
        int pageMaxBytes();
    }

    interface Outbox {
        @WithDefault("12")
        int topicPartitions();

        @WithDefault("1")
        short topicReplication();

        /** Most events the relay publishes in one pass. */
        @WithDefault("500")
        int batchSize();

        /** How often the relay looks for unpublished events when nothing woke it. */
        @WithDefault("1S")
        Duration sweepInterval();
    }

    interface Attachment {
        /** The largest file, in bytes. */
        @WithDefault("26214400")
        long maxBytes();

        /** The media types an upload may declare. */
        List<String> types();

        /** The bucket that holds files and thumbnails. */
        @WithDefault("switchboard-attachments")
        String bucket();

        /** Creates the bucket when it is missing (false where it is provisioned). */
        @WithDefault("true")
        boolean createBucket();

        /** Where an upload is written while it arrives (the JVM's temporary folder when unset). */
        Optional<Path> spoolDir();

        /** How long an upload that no message uses is kept. */
        @WithDefault("1D")
        Duration unusedTtl();

        /** How often unused uploads and deleted messages' files are removed (scheduler syntax). */
        @WithDefault("10m")
        String cleanupInterval();

        /** Files removed per cleanup transaction. */
        @WithDefault("200")
        int cleanupBatchSize();

        /** A thumbnail's longer side, in pixels. */
        @WithDefault("320")
        int thumbnailSize();

        /** Images with more pixels get no thumbnail (nor are decoded). */
        @WithDefault("40000000")
        long thumbnailMaxPixels();

        /** Answer {@code ?redirect=true} with a pre-signed URL of the store. */
        @WithDefault("false")
        boolean redirectEnabled();

        /** How long a pre-signed URL is valid. */
        @WithDefault("5M")
        Duration redirectTtl();

        Store store();

        /** The S3-compatible store. */
        interface Store {
            @WithDefault("http://localhost:9000")
            URI endpoint();

            @WithDefault("us-east-1")
            String region();

            /** Buckets addressed as {@code host/bucket/key}, as S3-compatible stores expect. */
            @WithDefault("true")
            boolean pathStyle();

            /** With no key pair, the SDK's default chain (environment, a pod's role, ...). */
            Optional<String> accessKey();

            Optional<String> secretKey();
        }
    }
}
