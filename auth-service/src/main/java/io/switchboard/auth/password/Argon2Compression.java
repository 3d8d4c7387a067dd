package io.switchboard.auth.password;

/**
 * Argon2's compression function G (RFC 9106, section 3.5): two 1 KiB blocks XORed, the BLAKE2b round
 * with multiplications added (BlaMka) applied to each of the eight rows and then each of the eight
 * columns, XORed with the input again. A hash spends nearly all its time here.
 *
 * <p>Each round reads its sixteen words into local variables, which the JIT keeps in registers, and
 * rows and columns have a method each with their offsets as constants: one method computing the
 * offsets from a stride measured a quarter slower.
 */
final class Argon2Compression {

    private static final int BLOCK_LONGS = 128;
    private static final long LOW_32 = 0xFFFFFFFFL;

    private final long[] r = new long[BLOCK_LONGS];

    /**
     * Writes G(previous, reference) to {@code out}, XORed with what {@code out} held when
     * {@code xorOut} (the passes after the first, in version 0x13). {@code out} may be
     * {@code reference}'s block: each word of it is read before it is written.
     */
    void compress(long[] previousBlocks, int previous, long[] referenceBlocks, int reference,
                  long[] outBlocks, int out, boolean xorOut) {
        for (int i = 0; i < BLOCK_LONGS; i++) {
            r[i] = previousBlocks[previous + i] ^ referenceBlocks[reference + i];
        }
        for (int row = 0; row < 8; row++) {
            rowRound(r, 16 * row);
        }
        for (int column = 0; column < 8; column++) {
            columnRound(r, 2 * column);
        }
        // The XOR of the inputs is read again rather than kept: fewer stores, measured faster.
        if (xorOut) {
            for (int i = 0; i < BLOCK_LONGS; i++) {
                outBlocks[out + i] ^= previousBlocks[previous + i] ^ referenceBlocks[reference + i] ^ r[i];
            }
        } else {
            for (int i = 0; i < BLOCK_LONGS; i++) {
                outBlocks[out + i] = previousBlocks[previous + i] ^ referenceBlocks[reference + i] ^ r[i];
            }
        }
    }

    /** The round on the sixteen consecutive words from {@code b}. */
    private static void rowRound(long[] v, int b) {
        long v0 = v[b], v1 = v[b + 1], v2 = v[b + 2], v3 = v[b + 3];
        long v4 = v[b + 4], v5 = v[b + 5], v6 = v[b + 6], v7 = v[b + 7];
        long v8 = v[b + 8], v9 = v[b + 9], v10 = v[b + 10], v11 = v[b + 11];
        long v12 = v[b + 12], v13 = v[b + 13], v14 = v[b + 14], v15 = v[b + 15];

        v0 = blaMka(v0, v4); v12 = Long.rotateRight(v12 ^ v0, 32); v8 = blaMka(v8, v12); v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = blaMka(v0, v4); v12 = Long.rotateRight(v12 ^ v0, 16); v8 = blaMka(v8, v12); v4 = Long.rotateRight(v4 ^ v8, 63);
        v1 = blaMka(v1, v5); v13 = Long.rotateRight(v13 ^ v1, 32); v9 = blaMka(v9, v13); v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = blaMka(v1, v5); v13 = Long.rotateRight(v13 ^ v1, 16); v9 = blaMka(v9, v13); v5 = Long.rotateRight(v5 ^ v9, 63);
        v2 = blaMka(v2, v6); v14 = Long.rotateRight(v14 ^ v2, 32); v10 = blaMka(v10, v14); v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = blaMka(v2, v6); v14 = Long.rotateRight(v14 ^ v2, 16); v10 = blaMka(v10, v14); v6 = Long.rotateRight(v6 ^ v10, 63);
        v3 = blaMka(v3, v7); v15 = Long.rotateRight(v15 ^ v3, 32); v11 = blaMka(v11, v15); v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = blaMka(v3, v7); v15 = Long.rotateRight(v15 ^ v3, 16); v11 = blaMka(v11, v15); v7 = Long.rotateRight(v7 ^ v11, 63);

        v0 = blaMka(v0, v5); v15 = Long.rotateRight(v15 ^ v0, 32); v10 = blaMka(v10, v15); v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = blaMka(v0, v5); v15 = Long.rotateRight(v15 ^ v0, 16); v10 = blaMka(v10, v15); v5 = Long.rotateRight(v5 ^ v10, 63);
        v1 = blaMka(v1, v6); v12 = Long.rotateRight(v12 ^ v1, 32); v11 = blaMka(v11, v12); v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = blaMka(v1, v6); v12 = Long.rotateRight(v12 ^ v1, 16); v11 = blaMka(v11, v12); v6 = Long.rotateRight(v6 ^ v11, 63);
        v2 = blaMka(v2, v7); v13 = Long.rotateRight(v13 ^ v2, 32); v8 = blaMka(v8, v13); v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = blaMka(v2, v7); v13 = Long.rotateRight(v13 ^ v2, 16); v8 = blaMka(v8, v13); v7 = Long.rotateRight(v7 ^ v8, 63);
        v3 = blaMka(v3, v4); v14 = Long.rotateRight(v14 ^ v3, 32); v9 = blaMka(v9, v14); v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = blaMka(v3, v4); v14 = Long.rotateRight(v14 ^ v3, 16); v9 = blaMka(v9, v14); v4 = Long.rotateRight(v4 ^ v9, 63);

        v[b] = v0; v[b + 1] = v1; v[b + 2] = v2; v[b + 3] = v3;
        v[b + 4] = v4; v[b + 5] = v5; v[b + 6] = v6; v[b + 7] = v7;
        v[b + 8] = v8; v[b + 9] = v9; v[b + 10] = v10; v[b + 11] = v11;
        v[b + 12] = v12; v[b + 13] = v13; v[b + 14] = v14; v[b + 15] = v15;
    }

    /** The same round on a column: pairs of words 16 apart, from {@code b}. */
    private static void columnRound(long[] v, int b) {
        long v0 = v[b], v1 = v[b + 1], v2 = v[b + 16], v3 = v[b + 17];
        long v4 = v[b + 32], v5 = v[b + 33], v6 = v[b + 48], v7 = v[b + 49];
        long v8 = v[b + 64], v9 = v[b + 65], v10 = v[b + 80], v11 = v[b + 81];
        long v12 = v[b + 96], v13 = v[b + 97], v14 = v[b + 112], v15 = v[b + 113];

        v0 = blaMka(v0, v4); v12 = Long.rotateRight(v12 ^ v0, 32); v8 = blaMka(v8, v12); v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = blaMka(v0, v4); v12 = Long.rotateRight(v12 ^ v0, 16); v8 = blaMka(v8, v12); v4 = Long.rotateRight(v4 ^ v8, 63);
        v1 = blaMka(v1, v5); v13 = Long.rotateRight(v13 ^ v1, 32); v9 = blaMka(v9, v13); v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = blaMka(v1, v5); v13 = Long.rotateRight(v13 ^ v1, 16); v9 = blaMka(v9, v13); v5 = Long.rotateRight(v5 ^ v9, 63);
        v2 = blaMka(v2, v6); v14 = Long.rotateRight(v14 ^ v2, 32); v10 = blaMka(v10, v14); v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = blaMka(v2, v6); v14 = Long.rotateRight(v14 ^ v2, 16); v10 = blaMka(v10, v14); v6 = Long.rotateRight(v6 ^ v10, 63);
        v3 = blaMka(v3, v7); v15 = Long.rotateRight(v15 ^ v3, 32); v11 = blaMka(v11, v15); v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = blaMka(v3, v7); v15 = Long.rotateRight(v15 ^ v3, 16); v11 = blaMka(v11, v15); v7 = Long.rotateRight(v7 ^ v11, 63);

        v0 = blaMka(v0, v5); v15 = Long.rotateRight(v15 ^ v0, 32); v10 = blaMka(v10, v15); v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = blaMka(v0, v5); v15 = Long.rotateRight(v15 ^ v0, 16); v10 = blaMka(v10, v15); v5 = Long.rotateRight(v5 ^ v10, 63);
        v1 = blaMka(v1, v6); v12 = Long.rotateRight(v12 ^ v1, 32); v11 = blaMka(v11, v12); v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = blaMka(v1, v6); v12 = Long.rotateRight(v12 ^ v1, 16); v11 = blaMka(v11, v12); v6 = Long.rotateRight(v6 ^ v11, 63);
        v2 = blaMka(v2, v7); v13 = Long.rotateRight(v13 ^ v2, 32); v8 = blaMka(v8, v13); v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = blaMka(v2, v7); v13 = Long.rotateRight(v13 ^ v2, 16); v8 = blaMka(v8, v13); v7 = Long.rotateRight(v7 ^ v8, 63);
        v3 = blaMka(v3, v4); v14 = Long.rotateRight(v14 ^ v3, 32); v9 = blaMka(v9, v14); v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = blaMka(v3, v4); v14 = Long.rotateRight(v14 ^ v3, 16); v9 = blaMka(v9, v14); v4 = Long.rotateRight(v4 ^ v9, 63);

        v[b] = v0; v[b + 1] = v1; v[b + 16] = v2; v[b + 17] = v3;
        v[b + 32] = v4; v[b + 33] = v5; v[b + 48] = v6; v[b + 49] = v7;
        v[b + 64] = v8; v[b + 65] = v9; v[b + 80] = v10; v[b + 81] = v11;
        v[b + 96] = v12; v[b + 97] = v13; v[b + 112] = v14; v[b + 113] = v15;
    }

    /** BLAKE2b's addition with the product of the low halves added twice: x + y + 2 * lo(x) * lo(y). */
    private static long blaMka(long x, long y) {
        return x + y + 2 * (x & LOW_32) * (y & LOW_32);
    }
}
