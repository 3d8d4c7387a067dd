// Stand-ins for the client's surroundings: sockets, chat-service, the page's window and document, a store.
import { createClient } from "../../dist/index.js";

/** A client on stand-in sockets; next() waits for the next socket it opens. */
export function world(extra = {}) {
  const sockets = [];
  class FakeSocket {
    constructor(url, protocols) {
      this.url = url;
      this.protocols = protocols;
      this.readyState = 0;
      this.sent = [];
      sockets.push(this);
    }
    send(data) { this.sent.push(JSON.parse(data)); }
    close(code = 1000) { this.drop(code); }
    welcome(more = {}) {
      this.readyState = 1;
      this.onopen?.({});
      this.onmessage?.({ data: JSON.stringify({ type: "connected", user_id: "u", connection_id: "x", timestamp: "", ...more }) });
    }
    event(e) { this.onmessage?.({ data: JSON.stringify({ timestamp: "", ...e }) }); }
    drop(code) {
      if (this.readyState === 3) return;
      this.readyState = 3;
      this.onclose?.({ code, reason: "" });
    }
  }
  let tokens = 0;
  let seen = 0;
  const client = createClient({
    realtimeUrls: ["ws://a/ws", "ws://b/ws"], chatUrl: "http://chat", WebSocket: FakeSocket,
    getToken: async () => `t${++tokens}`, backoff: { baseMs: 10_000, maxMs: 10_000 }, heartbeatMs: 60_000,
    fetch: async () => { throw new Error("no REST here"); },
    ...extra,
  });
  /** The next socket the client opens, or undefined when none comes within about 50 ms. */
  const next = async () => {
    for (let i = 0; i < 50 && sockets.length === seen; i++) await tick(1);
    return sockets.length > seen ? sockets[seen++] : undefined;
  };
  return { client, sockets, next, tokens: () => tokens };
}

/** Lets pending promises and timers run (ms: how long; 0 for one round). */
export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** A window or document: an event target that records its listeners. */
export class FakeTarget {
  constructor(props = {}) {
    Object.assign(this, props);
    this.listeners = new Map();
  }
  addEventListener(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(listener);
  }
  removeEventListener(type, listener) { this.listeners.get(type)?.delete(listener); }
  dispatch(type) { for (const l of [...(this.listeners.get(type) ?? [])]) l(); }
  count() { let n = 0; for (const set of this.listeners.values()) n += set.size; return n; }
}

/** chat-service's POST /api/chats/{id}/messages: answers() decides each answer; posts records the bodies. */
export function chatService(answer = (body) => ({ status: 201, json: { id: "m-" + body.client_message_id, seq: 1, ...body } })) {
  const posts = [];
  const fetch = async (url, init) => {
    const body = JSON.parse(init.body);
    posts.push({ url, body });
    const a = await answer(body, posts.length);
    if (a instanceof Error) throw a;
    return { status: a.status, ok: a.status < 300, text: async () => JSON.stringify(a.json ?? {}) };
  };
  return { fetch, posts };
}

/** A store of one string, sync or async. */
export function memoryStore(initial, { async = false } = {}) {
  const store = { value: initial, writes: [] };
  store.get = () => (async ? Promise.resolve(store.value) : store.value);
  store.set = (value) => {
    store.value = value;
    store.writes.push(value);
    return async ? Promise.resolve() : undefined;
  };
  return store;
}
