package io.switchboard.devstack.servers;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible object store: S3Proxy serving S3's REST API (signature V4, ranges,
 * pre-signed URLs) over jclouds' filesystem provider, so buckets are folders and objects files
 * under {@code home}, kept between runs of the same run folder. It listens on loopback only, with
 * one fixed key pair, as PostgreSQL does with its fixed password.
 */
final class ObjectStoreServer {

    static final String ACCESS_KEY = "devstack";
    static final String SECRET_KEY = "devstack-secret-key";

    private final Path home;
    private final int port;
    private S3Proxy proxy;
    private BlobStoreContext context;

    ObjectStoreServer(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    int port() {
        return port;
    }

    synchronized void start() throws Exception {
        if (proxy != null) {
            return;
        }
        Files.createDirectories(home);
        var properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", home.toString());
        context = ContextBuilder.newBuilder("filesystem")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .overrides(properties)
                .buildView(BlobStoreContext.class);
        var started = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        started.start(); // returns once its server listens, or throws
        if (!"STARTED".equals(started.getState())) {
            throw new IOException("the object store did not start on port " + port + ": " + started.getState());
        }
        proxy = started;
    }

    /** Stops answering (connections are refused), keeping the objects. */
    synchronized void stop() throws Exception {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } finally {
            proxy = null;
            context.close();
        }
    }
}
