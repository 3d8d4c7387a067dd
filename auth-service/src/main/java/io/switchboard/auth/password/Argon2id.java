package io.switchboard.auth.password;

import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2id, version 0x13 (RFC 9106), with no secret and no associated data: the password hash
 * OWASP recommends.
 *
 * <p>Written here rather than taken from Bouncy Castle for the garbage collector's sake: Bouncy
 * Castle's {@code Argon2BytesGenerator} allocates an object per 1 KiB block (7,168 per hash at the
 * default cost), all alive until the hash ends, and with the service's heap its hashes cost about
 * the CPU of these in some runs and twice that in others, as the collector happened to treat those
 * objects (docs/benchmarks.md). Here the memory is one {@code long[]} per hash, and the cost stays
 * put. The outputs are checked against Bouncy Castle's for many parameter sets and against hashes
 * made by the reference implementation, libargon2 (Argon2idTest). BLAKE2b, needed only at the
 * start and the end, is Bouncy Castle's.
 */
final class Argon2id {

    static final int VERSION = 0x13;
    static final int TYPE = 2; // Argon2id
    /** BLAKE2b's longest digest. */
    private static final int DIGEST_BYTES = 64;

    private Argon2id() {
    }

    /** The {@code length}-byte hash of the password. */
    static byte[] hash(byte[] password, byte[] salt, Argon2Cost cost, int length) {
        var blocks = new Argon2Blocks(cost);
        var seed = new byte[DIGEST_BYTES + 8];
        initialHash(password, salt, cost, length, seed);
        var block = new byte[Argon2Blocks.BLOCK_BYTES];
        for (int lane = 0; lane < cost.parallelism(); lane++) {
            for (int column = 0; column < 2; column++) {
                putInt(seed, DIGEST_BYTES, column);
                putInt(seed, DIGEST_BYTES + 4, lane);
                variableLengthHash(seed, block);
                blocks.set(lane, column, block);
            }
        }
        blocks.fill();
        var tag = new byte[length];
        variableLengthHash(blocks.lastColumnXor(), tag);
        return tag;
    }

    /** H0: BLAKE2b-512 of the parameters and inputs, into the first 64 bytes of {@code out}. */
    private static void initialHash(byte[] password, byte[] salt, Argon2Cost cost, int length, byte[] out) {
        var digest = new Blake2bDigest(512);
        update(digest, cost.parallelism());
        update(digest, length);
        update(digest, cost.memoryKib());
        update(digest, cost.iterations());
        update(digest, VERSION);
        update(digest, TYPE);
        update(digest, password.length);
        digest.update(password, 0, password.length);
        update(digest, salt.length);
        digest.update(salt, 0, salt.length);
        update(digest, 0); // no secret
        update(digest, 0); // no associated data
        digest.doFinal(out, 0);
    }

    /** H': BLAKE2b stretched to {@code out.length} bytes by chaining 64-byte digests, keeping 32 bytes of each. */
    private static void variableLengthHash(byte[] in, byte[] out) {
        int length = out.length;
        var prefix = new byte[4];
        putInt(prefix, 0, length);
        if (length <= DIGEST_BYTES) {
            var digest = new Blake2bDigest(length * 8);
            digest.update(prefix, 0, 4);
            digest.update(in, 0, in.length);
            digest.doFinal(out, 0);
            return;
        }
        var v = new byte[DIGEST_BYTES];
        var digest = new Blake2bDigest(512);
        digest.update(prefix, 0, 4);
        digest.update(in, 0, in.length);
        digest.doFinal(v, 0);
        int chained = (length + 31) / 32 - 2;
        System.arraycopy(v, 0, out, 0, 32);
        for (int i = 1; i < chained; i++) {
            digest.update(v, 0, v.length); // doFinal has reset the digest
            digest.doFinal(v, 0);
            System.arraycopy(v, 0, out, i * 32, 32);
        }
        int rest = length - 32 * chained;
        var last = new Blake2bDigest(rest * 8);
        last.update(v, 0, v.length);
        var tail = new byte[rest];
        last.doFinal(tail, 0);
        System.arraycopy(tail, 0, out, 32 * chained, rest);
    }

    private static void update(Blake2bDigest digest, int value) {
        var bytes = new byte[4];
        putInt(bytes, 0, value);
        digest.update(bytes, 0, 4);
    }

    private static void putInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >>> 8);
        bytes[offset + 2] = (byte) (value >>> 16);
        bytes[offset + 3] = (byte) (value >>> 24);
    }
}
