package io.switchboard.chat.event;

/**
 * Chat events were appended in the current transaction (fired once per transaction): whoever
 * publishes the log observes it after a successful commit, so that nothing waits for a sweep.
 */
public record EventsAppended() {

    static final EventsAppended ONCE = new EventsAppended();
}
