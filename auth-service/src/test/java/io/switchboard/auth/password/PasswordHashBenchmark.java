package io.switchboard.auth.password;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

import com.sun.management.OperatingSystemMXBean;

import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * CPU per password hash and per check (what a login costs) for the scheme before, bcrypt 12 in
 * WildFly Elytron, and the candidates that replace it: bcrypt 10, Bouncy Castle's Argon2id, and
 * auth-service's Argon2id at each of OWASP's five settings. A program that prints figures, not a
 * test; see docs/benchmarks.md for how to run it (with the service's heap, {@code -Xmx1g}: the
 * heap's size changes what the collector costs Bouncy Castle's Argon2id).
 *
 * <p>One thread runs every operation; the figure is the whole JVM's CPU time per operation (the
 * garbage collector's share included), the median of {@code rounds} rounds of about
 * {@code seconds} each, the schemes taking turns so that a busy neighbour on the machine slows them
 * alike. Options: {@code -Dseconds=2 -Drounds=5 -Dwarmup=5} (seconds per scheme before measuring).
 */
public final class PasswordHashBenchmark {

    private static final String PASSWORD = "correct horse battery";
    /** OWASP's five Argon2id settings of equal strength, trading memory for passes. */
    private static final List<Argon2Cost> OWASP = List.of(new Argon2Cost(47104, 1, 1), new Argon2Cost(19456, 2, 1),
            new Argon2Cost(12288, 3, 1), new Argon2Cost(9216, 4, 1), new Argon2Cost(7168, 5, 1));

    private record Scheme(String name, Supplier<String> hash, Predicate<String> verify) {
    }

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final SecureRandom RANDOM = new SecureRandom();

    public static void main(String[] args) {
        double seconds = Double.parseDouble(System.getProperty("seconds", "2"));
        int rounds = Integer.getInteger("rounds", 5);
        double warmup = Double.parseDouble(System.getProperty("warmup", "5"));
        var schemes = new ArrayList<>(List.of(
                new Scheme("bcrypt 12, WildFly Elytron (before)", () -> BcryptUtil.bcryptHash(PASSWORD, 12),
                        h -> BcryptUtil.matches(PASSWORD, h)),
                new Scheme("bcrypt 10, WildFly Elytron", () -> BcryptUtil.bcryptHash(PASSWORD, 10),
                        h -> BcryptUtil.matches(PASSWORD, h)),
                new Scheme("bcrypt 10, Bouncy Castle", () -> OpenBSDBCrypt.generate("2b", PASSWORD.toCharArray(), salt(), 10),
                        h -> OpenBSDBCrypt.checkPassword(h, PASSWORD.toCharArray()))));
        for (var cost : List.of(OWASP.get(1), OWASP.get(4))) {
            schemes.add(new Scheme("Argon2id " + cost + ", Bouncy Castle", () -> bouncyCastleArgon2id(cost, salt()),
                    PasswordHashBenchmark::bouncyCastleArgon2idMatches));
        }
        for (var cost : OWASP) {
            var passwords = new Passwords(cost, Optional.of(1));
            schemes.add(new Scheme("Argon2id " + cost + ", auth-service", () -> passwords.hash(PASSWORD),
                    h -> passwords.matches(PASSWORD, h)));
        }

        System.out.printf("%s, %d processors; %.1f s warm-up per scheme, %d rounds of %.1f s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), warmup, rounds, seconds);
        var stored = new ArrayList<String>();
        for (var scheme : schemes) {
            stored.add(scheme.hash().get());
            run(warmup, () -> scheme.verify().test(stored.getLast()));
        }
        var verify = new double[schemes.size()][rounds];
        var verifyThread = new double[schemes.size()][rounds];
        var hash = new double[schemes.size()][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < schemes.size(); i++) {
                var scheme = schemes.get(i);
                var hashOfScheme = stored.get(i);
                var v = run(seconds, () -> scheme.verify().test(hashOfScheme));
                verify[i][round] = v[0];
                verifyThread[i][round] = v[1];
                hash[i][round] = run(seconds, () -> scheme.hash().get() != null)[0];
            }
        }
        double before = median(verify[0]);
        System.out.printf("%n%-44s %9s %12s %8s %14s %10s%n", "scheme", "check ms", "(thread ms)", "hash ms", "checks/s/core", "vs before");
        for (int i = 0; i < schemes.size(); i++) {
            double check = median(verify[i]);
            System.out.printf("%-44s %9.1f %12.1f %8.1f %14.1f %9.1fx%n", schemes.get(i).name(), check, median(verifyThread[i]),
                    median(hash[i]), 1000 / check, before / check);
        }
        System.out.println("""

                ms: CPU time per operation of the whole JVM (garbage collection included), median of the rounds;
                thread ms: the hashing thread's alone. checks/s/core: 1000 / check ms.""");
    }

    /** Runs the operation for about {@code seconds} (at least 3 times): {process CPU ms, thread CPU ms} per operation. */
    private static double[] run(double seconds, BooleanSupplier operation) {
        long process = OS.getProcessCpuTime();
        long thread = THREADS.getCurrentThreadCpuTime();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        int n = 0;
        while (n < 3 || System.nanoTime() < deadline) {
            if (!operation.getAsBoolean()) {
                throw new IllegalStateException("the right password did not match");
            }
            n++;
        }
        return new double[] {(OS.getProcessCpuTime() - process) / 1e6 / n, (THREADS.getCurrentThreadCpuTime() - thread) / 1e6 / n};
    }

    private static double median(double[] values) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static byte[] salt() {
        var salt = new byte[16];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /** Bouncy Castle's Argon2id, written in the same PHC format. */
    private static String bouncyCastleArgon2id(Argon2Cost cost, byte[] salt) {
        return new Argon2idHash(cost, salt, bouncyCastleArgon2idBytes(cost, salt)).encoded();
    }

    private static boolean bouncyCastleArgon2idMatches(String stored) {
        var hash = Argon2idHash.parse(stored).orElseThrow();
        return MessageDigest.isEqual(bouncyCastleArgon2idBytes(hash.cost(), hash.salt()), hash.hash());
    }

    private static byte[] bouncyCastleArgon2idBytes(Argon2Cost cost, byte[] salt) {
        var generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKib())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build());
        var out = new byte[32];
        generator.generateBytes(PASSWORD.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
