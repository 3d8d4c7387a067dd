package io.switchboard.auth.password;

import java.util.Arrays;

/**
 * Argon2's memory (RFC 9106, section 3.4): {@code parallelism} lanes of 1 KiB blocks, filled pass
 * by pass and, within a pass, in four slices; each new block is compressed from the one before it
 * and one chosen earlier one. Argon2id chooses that one from a counter during the first half of the
 * first pass (so that timing does not depend on the password there) and from the previous block's
 * content afterwards. All lanes are filled on the calling thread: with one lane, the default,
 * there is nothing to run in parallel, and CPU per login is what counts.
 */
final class Argon2Blocks {

    static final int BLOCK_BYTES = 1024;
    private static final int BLOCK_LONGS = BLOCK_BYTES / 8;
    private static final int SLICES = 4;

    private final int lanes;
    private final int passes;
    private final int segmentLength;
    private final int laneLength;
    private final int blockCount;
    /** Every block, one after another: one array for the collector, instead of an object per block. */
    private final long[] memory;
    private final Argon2Compression compression = new Argon2Compression();
    private final long[] zero = new long[BLOCK_LONGS];
    private final long[] addressInput = new long[BLOCK_LONGS];
    private final long[] addresses = new long[BLOCK_LONGS];

    Argon2Blocks(Argon2Cost cost) {
        lanes = cost.parallelism();
        passes = cost.iterations();
        segmentLength = cost.memoryKib() / (SLICES * lanes);
        laneLength = segmentLength * SLICES;
        blockCount = laneLength * lanes;
        memory = new long[blockCount * BLOCK_LONGS];
    }

    /** Sets one of the first two blocks of a lane, which come from the initial hash. */
    void set(int lane, int column, byte[] block) {
        int offset = (lane * laneLength + column) * BLOCK_LONGS;
        for (int i = 0; i < BLOCK_LONGS; i++) {
            memory[offset + i] = getLong(block, i * 8);
        }
    }

    void fill() {
        for (int pass = 0; pass < passes; pass++) {
            for (int slice = 0; slice < SLICES; slice++) {
                for (int lane = 0; lane < lanes; lane++) {
                    fillSegment(pass, slice, lane);
                }
            }
        }
    }

    /** The last block of every lane XORed together, as bytes: what the tag is hashed from. */
    byte[] lastColumnXor() {
        var xor = new long[BLOCK_LONGS];
        for (int lane = 0; lane < lanes; lane++) {
            int offset = (lane * laneLength + laneLength - 1) * BLOCK_LONGS;
            for (int i = 0; i < BLOCK_LONGS; i++) {
                xor[i] ^= memory[offset + i];
            }
        }
        var bytes = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_LONGS; i++) {
            putLong(bytes, i * 8, xor[i]);
        }
        return bytes;
    }

    private void fillSegment(int pass, int slice, int lane) {
        boolean dataIndependent = pass == 0 && slice < SLICES / 2;
        if (dataIndependent) {
            Arrays.fill(addressInput, 0);
            addressInput[0] = pass;
            addressInput[1] = lane;
            addressInput[2] = slice;
            addressInput[3] = blockCount;
            addressInput[4] = passes;
            addressInput[5] = Argon2id.TYPE;
        }
        int first = 0;
        if (pass == 0 && slice == 0) {
            first = 2; // the first two blocks of each lane come from the initial hash
            if (dataIndependent) {
                nextAddresses();
            }
        }
        int current = lane * laneLength + slice * segmentLength + first;
        int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
        for (int index = first; index < segmentLength; index++, current++, previous++) {
            if (current % laneLength == 1) {
                previous = current - 1;
            }
            long pseudoRandom;
            if (dataIndependent) {
                if (index % BLOCK_LONGS == 0) {
                    nextAddresses();
                }
                pseudoRandom = addresses[index % BLOCK_LONGS];
            } else {
                pseudoRandom = memory[previous * BLOCK_LONGS];
            }
            int referenceLane = pass == 0 && slice == 0 ? lane : (int) ((pseudoRandom >>> 32) % lanes);
            int referenceIndex = referenceIndex(pass, slice, index, pseudoRandom & 0xFFFFFFFFL, referenceLane == lane);
            compression.compress(memory, previous * BLOCK_LONGS, memory, (referenceLane * laneLength + referenceIndex) * BLOCK_LONGS,
                    memory, current * BLOCK_LONGS, pass > 0);
        }
    }

    /** The next 128 pseudo-random numbers of data-independent addressing: G(0, G(0, counter block)). */
    private void nextAddresses() {
        addressInput[6]++;
        compression.compress(zero, 0, addressInput, 0, addresses, 0, false);
        compression.compress(zero, 0, addresses, 0, addresses, 0, false);
    }

    /** Maps a 32-bit pseudo-random number to a block of the reference lane that may be referenced (section 3.4.2). */
    private int referenceIndex(int pass, int slice, int index, long pseudoRandom, boolean sameLane) {
        long areaSize;
        if (pass == 0) {
            if (slice == 0) {
                areaSize = index - 1;
            } else if (sameLane) {
                areaSize = (long) slice * segmentLength + index - 1;
            } else {
                areaSize = (long) slice * segmentLength + (index == 0 ? -1 : 0);
            }
        } else if (sameLane) {
            areaSize = laneLength - segmentLength + index - 1;
        } else {
            areaSize = laneLength - segmentLength + (index == 0 ? -1 : 0);
        }
        long relative = (pseudoRandom * pseudoRandom) >>> 32;
        relative = areaSize - 1 - ((areaSize * relative) >>> 32);
        long start = pass == 0 || slice == SLICES - 1 ? 0 : (long) (slice + 1) * segmentLength;
        return (int) ((start + relative) % laneLength);
    }

    private static long getLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    private static void putLong(byte[] bytes, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            bytes[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
