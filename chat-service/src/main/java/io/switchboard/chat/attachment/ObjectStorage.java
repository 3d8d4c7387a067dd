package io.switchboard.chat.attachment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.switchboard.chat.ChatErrors;
import io.switchboard.chat.config.ChatConfig;
import io.switchboard.platform.http.ApiException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3-compatible store that holds attachments' bytes: AWS S3, MinIO, Ceph, or devstack's.
 * Whatever goes wrong talking to it becomes 503 {@code attachment_store_unavailable}, so a client
 * retries instead of seeing the SDK's error.
 */
@ApplicationScoped
public class ObjectStorage {

    private static final Logger LOG = Logger.getLogger(ObjectStorage.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final ChatConfig.Attachment config;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final AtomicBoolean bucketChecked = new AtomicBoolean();

    public ObjectStorage(ChatConfig chat) {
        this.config = chat.attachment();
        var store = config.store();
        var region = Region.of(store.region());
        // Checksums only where S3 asks for them: stores other than AWS's may not read the
        // trailing checksums of streamed uploads.
        var s3Config = S3Configuration.builder().pathStyleAccessEnabled(store.pathStyle()).build();
        this.s3 = S3Client.builder()
                .endpointOverride(store.endpoint())
                .region(region)
                .credentialsProvider(credentials(store))
                .serviceConfiguration(s3Config)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(30))
                        .maxConnections(50))
                .build();
        this.presigner = S3Presigner.builder()
                .endpointOverride(store.endpoint())
                .region(region)
                .credentialsProvider(credentials(store))
                .serviceConfiguration(s3Config)
                .build();
    }

    private static AwsCredentialsProvider credentials(ChatConfig.Attachment.Store store) {
        if (store.accessKey().isPresent() && store.secretKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(store.accessKey().get(), store.secretKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** Stores a file under {@code key}, with its length known, so it is streamed and never held whole. */
    public void put(String key, Path file, String contentType) {
        ensureBucket();
        try {
            s3.putObject(b -> b.bucket(config.bucket()).key(key).contentType(contentType), RequestBody.fromFile(file));
        } catch (NoSuchBucketException e) {
            bucketChecked.set(false);
            throw unavailable("put", e);
        } catch (SdkException e) {
            throw unavailable("put", e);
        }
    }

    /** The object's bytes, all or one range ({@code bytes=a-b}); the caller closes the stream. */
    public ResponseInputStream<GetObjectResponse> get(String key, String range) {
        try {
            return s3.getObject(b -> b.bucket(config.bucket()).key(key).range(range));
        } catch (NoSuchKeyException e) {
            throw new ApiException(404, ChatErrors.ATTACHMENT_NOT_FOUND, "No such file in this chat.");
        } catch (SdkException e) {
            throw unavailable("get", e);
        }
    }

    /**
     * Deletes objects; deleting one that is gone is no error. One request per object: the batch
     * call needs a content checksum that not every S3-compatible store reads.
     */
    public void delete(List<String> keys) {
        for (String key : keys) {
            try {
                s3.deleteObject(b -> b.bucket(config.bucket()).key(key));
            } catch (SdkException e) {
                throw unavailable("delete", e);
            }
        }
    }

    /** A URL that serves the object for {@code ttl} with the given headers, without our service. */
    public String presignedGet(String key, String contentType, String disposition, Duration ttl) {
        return presigner.presignGetObject(p -> p.signatureDuration(ttl).getObjectRequest(g -> g
                .bucket(config.bucket()).key(key)
                .responseContentType(contentType)
                .responseContentDisposition(disposition)))
                .url().toString();
    }

    /**
     * Creates the bucket unless it exists: once per process (again after the store lost it), one
     * upload at a time; another replica creating it at the same moment is no error.
     */
    void ensureBucket() {
        if (!config.createBucket() || bucketChecked.get()) {
            return;
        }
        synchronized (bucketChecked) {
            if (!bucketChecked.get()) {
                createBucket();
            }
        }
    }

    private void createBucket() {
        try {
            try {
                s3.headBucket(b -> b.bucket(config.bucket()));
            } catch (NoSuchBucketException e) {
                s3.createBucket(b -> b.bucket(config.bucket()));
                LOG.infof("created the attachments bucket %s", config.bucket());
            }
            bucketChecked.set(true);
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
            bucketChecked.set(true);
        } catch (SdkException e) {
            throw unavailable("create the bucket", e);
        }
    }

    private static ApiException unavailable(String what, Exception e) {
        LOG.warnf("the object store failed to %s: %s", what, e.getMessage());
        return new ApiException(503, ChatErrors.ATTACHMENT_STORE_UNAVAILABLE,
                "The file store is unavailable; try again shortly.", RETRY_AFTER);
    }

    @PreDestroy
    void close() {
        presigner.close();
        s3.close();
    }
}
