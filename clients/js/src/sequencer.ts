import type { ChatEvent } from "./protocol.js";

interface ChatState {
  /** The newest seq handed over (or known to the app); undefined until the first event. */
  last?: number;
  /** Events that came after a gap, by seq, until the gap is filled. */
  pending: Map<number, ChatEvent>;
}

/** What became of an event offered to the sequencer. */
export type Offered = "delivered" | "duplicate" | "gap";

/**
 * Per chat: the last seq, repeats dropped by (chat, seq), events after a gap held back until the
 * gap is filled, and everything handed over in seq order. Pure: fetching the missing events is the
 * caller's part ({@link gap}, {@link fill}, {@link release}).
 */
export class Sequencer {
  private readonly chats = new Map<string, ChatState>();

  constructor(private readonly deliver: (event: ChatEvent) => void) {}

  /** The last seq of every chat that has one: what resume sends. */
  seqs(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [chat, state] of this.chats) if (state.last !== undefined) out[chat] = state.last;
    return out;
  }

  last(chatId: string): number | undefined {
    return this.chats.get(chatId)?.last;
  }

  /**
   * The app has everything of the chat up to seq (it loaded the chat, or reloaded it after
   * resync_required): held events up to it are dropped, later ones handed over if now in order.
   */
  reset(chatId: string, seq: number): void {
    const state = this.state(chatId);
    state.last = seq;
    for (const held of state.pending.keys()) if (held <= seq) state.pending.delete(held);
    this.drain(chatId, state);
  }

  /** Forgets a chat (the user left it). */
  forget(chatId: string): void {
    this.chats.delete(chatId);
  }

  offer(event: ChatEvent): Offered {
    const state = this.state(event.chat_id);
    const seq = event.event_seq;
    if (state.last === undefined) {
      state.last = seq;
      this.deliver(event);
      this.drain(event.chat_id, state);
      return "delivered";
    }
    if (seq <= state.last || state.pending.has(seq)) return "duplicate";
    if (seq === state.last + 1) {
      state.last = seq;
      this.deliver(event);
      this.drain(event.chat_id, state);
      return "delivered";
    }
    state.pending.set(seq, event);
    return "gap";
  }

  /** The seq after which events are missing, or undefined when nothing is held back. */
  gap(chatId: string): number | undefined {
    const state = this.chats.get(chatId);
    return state && state.pending.size > 0 ? state.last : undefined;
  }

  /** The chats with events held back. */
  gaps(): string[] {
    return [...this.chats].filter(([, state]) => state.pending.size > 0).map(([chat]) => chat);
  }

  /** Events read from the log (any order, repeats allowed): each new one handed over in order with those held. */
  fill(chatId: string, events: ChatEvent[]): void {
    for (const event of [...events].sort((a, b) => a.event_seq - b.event_seq)) this.offer(event);
  }

  /** The log holds nothing more before the held events: hand them over in order. */
  release(chatId: string): void {
    const state = this.chats.get(chatId);
    if (!state) return;
    for (const seq of [...state.pending.keys()].sort((a, b) => a - b)) {
      const event = state.pending.get(seq)!;
      state.pending.delete(seq);
      if (state.last === undefined || seq > state.last) {
        state.last = seq;
        this.deliver(event);
      }
    }
  }

  private state(chatId: string): ChatState {
    let state = this.chats.get(chatId);
    if (!state) this.chats.set(chatId, (state = { pending: new Map() }));
    return state;
  }

  private drain(chatId: string, state: ChatState): void {
    while (state.last !== undefined && state.pending.has(state.last + 1)) {
      const next = state.pending.get(state.last + 1)!;
      state.pending.delete(state.last + 1);
      state.last += 1;
      this.deliver(next);
    }
    void chatId;
  }
}
