package io.switchboard.auth.password;

/**
 * What one Argon2id hash costs: {@code memoryKib} KiB of memory, {@code iterations} passes over it,
 * in {@code parallelism} lanes.
 */
record Argon2Cost(int memoryKib, int iterations, int parallelism) {

    /** RFC 9106's bound on lanes. */
    static final int MAX_PARALLELISM = 0xFFFFFF;
    /** The memory is one {@code long[]} (128 per KiB), so it cannot pass an array's length. */
    static final int MAX_MEMORY_KIB = (Integer.MAX_VALUE - 8) / 128;

    Argon2Cost {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("Argon2 parallelism must be 1 to " + MAX_PARALLELISM + ": " + parallelism);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("Argon2 iterations must be at least 1: " + iterations);
        }
        if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2 memory must be 8 KiB per lane to " + MAX_MEMORY_KIB + " KiB: " + memoryKib);
        }
    }

    /** The parameters as the PHC string format writes them. */
    @Override
    public String toString() {
        return "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism;
    }
}
