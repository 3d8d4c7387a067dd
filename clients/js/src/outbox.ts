/**
 * Where the outbox keeps the sends not yet stored, so that they survive a page reload: one string,
 * read once when the client is created and written after each change. Either call may return a
 * promise (IndexedDB, a native app's storage) or answer at once (localStorage).
 */
export interface OutboxStore {
  get(): string | null | undefined | Promise<string | null | undefined>;
  set(value: string): void | Promise<void>;
}

/** What a send may carry besides its chat and content. */
export interface SendOptions {
  message_type?: string;
  /** The id of the message (of the same chat) this one answers. */
  reply_to?: string;
  /** Members to mention besides those its content names as `@username`. */
  mentions?: string[];
  /** Files uploaded to the chat first (chatsApi's upload), at most 10, in the order to show them. */
  attachment_ids?: string[];
  /** The id that makes retries safe; one is made up when absent. */
  client_message_id?: string;
}

/** A send waiting in the outbox: its chat, its content and options, and the client_message_id it is retried with. */
export type PendingSend = SendOptions & { chat_id: string; content: string; client_message_id: string };

/** What the client needs of the Web Storage API. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * An outbox store in the browser's localStorage (or another Storage, such as sessionStorage) under
 * key. Use a key per user: after a reload, the sends found there are made with the token of
 * whoever the client is created for. Where there is no storage (Node, a blocked one), it keeps
 * nothing.
 */
export function localStorageOutbox(key = "switchboard.outbox", storage?: StorageLike): OutboxStore {
  const area = (): StorageLike | undefined => {
    try {
      return storage ?? (globalThis as any).localStorage;
    } catch {
      return undefined; // access denied (a sandboxed frame, blocked cookies)
    }
  };
  return {
    get: () => area()?.getItem(key),
    set(value) {
      const s = area();
      if (value === "[]") s?.removeItem(key);
      else s?.setItem(key, value);
    },
  };
}

/** The pending sends a store holds; anything unreadable counts as none. */
export function parsePending(text: string | null | undefined): PendingSend[] {
  if (!text) return [];
  try {
    const list = JSON.parse(text);
    return Array.isArray(list)
      ? list.filter((p) => p && typeof p.chat_id === "string" && typeof p.content === "string"
        && typeof p.client_message_id === "string")
      : [];
  } catch {
    return [];
  }
}

/**
 * Writes to a store in order: a synchronous one at once, an asynchronous one a write at a time,
 * where only the newest value waiting is written next. A store that fails is left as it is: the
 * sends stay in memory.
 */
export function writer(store: OutboxStore): (value: string) => void {
  let busy = false;
  let waiting: string | undefined;
  const write = (value: string) => {
    let result: void | Promise<void>;
    try {
      result = store.set(value);
    } catch {
      return;
    }
    if (result && typeof (result as Promise<void>).then === "function") {
      busy = true;
      (result as Promise<void>).then(done, done);
    }
  };
  const done = () => {
    busy = false;
    if (waiting !== undefined) {
      const next = waiting;
      waiting = undefined;
      write(next);
    }
  };
  return (value) => {
    if (busy) waiting = value;
    else write(value);
  };
}
