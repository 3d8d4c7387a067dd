package io.switchboard.devstack.servers;

/** Naming of run folders: throw-away runs (tests) are deleted when found stale. */
public final class RunNames {

    public static final String THROWAWAY_PREFIX = "tmp-";

    private RunNames() {
    }
}
