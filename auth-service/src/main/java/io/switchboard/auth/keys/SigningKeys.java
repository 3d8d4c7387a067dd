package io.switchboard.auth.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.switchboard.auth.config.AuthConfig;

/**
 * The signing keys, read once at start-up from a folder of PEM files ({@code <kid>.pem}, PKCS#8).
 * Every key is published in the JWKS; only the active one signs. That split is what makes
 * rotation safe: a new key is published first and activated later (docs/operations.md).
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final String SUFFIX = ".pem";

    private final List<SigningKey> all;
    private final SigningKey active;

    @Inject
    public SigningKeys(AuthConfig config) {
        this(config.keys().dir().orElseThrow(() -> new IllegalStateException(
                        "auth.keys.dir (AUTH_KEYS_DIR) must name the folder of signing keys")),
                config.keys().activeKid().orElse(null), config.keys().generate());
    }

    SigningKeys(Path dir, String activeKid, boolean generate) {
        try {
            if (generate && !hasKeys(dir)) {
                generate(dir);
            }
            this.all = load(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signing keys from " + dir, e);
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("no signing key (*.pem) in " + dir);
        }
        this.active = chooseActive(all, activeKid, dir);
        LOG.infof("signing with key %s; publishing %s", active.kid(), all.stream().map(SigningKey::kid).toList());
    }

    public SigningKey active() {
        return active;
    }

    public Collection<SigningKey> published() {
        return all;
    }

    /** The JWKS document: every key's public half. */
    public Map<String, Object> jwks() {
        return Map.of("keys", all.stream().map(SigningKey::toJwk).toList());
    }

    private static SigningKey chooseActive(List<SigningKey> keys, String activeKid, Path dir) {
        if (activeKid == null) {
            if (keys.size() > 1) {
                throw new IllegalStateException("more than one key in " + dir
                        + ": set auth.keys.active-kid (AUTH_KEYS_ACTIVE_KID) to the one that signs");
            }
            return keys.getFirst();
        }
        return keys.stream().filter(k -> k.kid().equals(activeKid)).findFirst()
                .orElseThrow(() -> new IllegalStateException("active key " + activeKid + " is not in " + dir));
    }

    private static boolean hasKeys(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(SigningKeys::isKeyFile);
        }
    }

    private static boolean isKeyFile(Path p) {
        return p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p);
    }

    private static List<SigningKey> load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(SigningKeys::isKeyFile)
                    .sorted(Comparator.comparing(Path::toString))
                    .map(SigningKeys::read)
                    .toList();
        }
    }

    private static SigningKey read(Path file) {
        var name = file.getFileName().toString();
        var kid = name.substring(0, name.length() - SUFFIX.length());
        try {
            var pem = Files.readString(file)
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                    .replaceAll("\\s", "");
            var factory = KeyFactory.getInstance("RSA");
            var privateKey = (RSAPrivateCrtKey) factory.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            var publicKey = (RSAPublicKey) factory.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new SigningKey(kid, privateKey, publicKey);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException(file + " is not a PKCS#8 PEM RSA private key", e);
        }
    }

    /** Writes a new RSA-2048 key named after the current time, readable by its owner only. */
    static Path generate(Path dir) throws IOException {
        var kid = "k" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC));
        return generate(dir, kid);
    }

    /** Writes a new RSA-2048 key with the given kid; also how an operator's script may make one. */
    static Path generate(Path dir, String kid) throws IOException {
        try {
            Files.createDirectories(dir);
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            var pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            var file = dir.resolve(kid + SUFFIX);
            Files.writeString(file, pem);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            LOG.infof("generated signing key %s in %s", kid, dir);
            return file;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }
}
