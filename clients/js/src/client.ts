import { backoffDelay, type BackoffOptions } from "./backoff.js";
import { fromLog, type LogEvent } from "./log.js";
import {
  CloseCodes, RETRYABLE_ERRORS, type ChatEvent, type Message, type ServerEvent, type ServerEventMap,
} from "./protocol.js";
import { parsePending, writer, type OutboxStore, type PendingSend, type SendOptions } from "./outbox.js";

export type { SendOptions } from "./outbox.js";
import { isOnline, pageOf, watchPage, type DocumentLike, type WindowLike } from "./page.js";
import { Sequencer } from "./sequencer.js";
import { refreshDelay, tokenExpiry } from "./token.js";

/** The part of the WebSocket API the client uses: the browsers' one, Node 22's global one, or the ws package's. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: { data: any }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: any) => void) | null;
}
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export interface ClientOptions {
  /** realtime-service sockets, e.g. ["wss://rt.example.com/ws"] or, locally, ws://localhost:8083/ws and :8093/ws. */
  realtimeUrls: string[];
  /** chat-service's base URL, e.g. http://localhost:8082: sends, the event log, chats. */
  chatUrl: string;
  /**
   * A valid access token from auth-service (log in or refresh there). Called on every connect,
   * before the current token expires, and after the server found it expired.
   */
  getToken: () => Promise<string>;
  /** Where there is no global WebSocket (Node 20): the ws package's constructor, for instance. */
  WebSocket?: WebSocketConstructor;
  fetch?: typeof fetch;
  /** How the token rides the upgrade: the Sec-WebSocket-Protocol carrier (default; keeps it out of URLs and logs) or ?token=. */
  tokenIn?: "protocol" | "query";
  backoff?: BackoffOptions;
  /** A gap in a chat's live events waits this long for the missing ones before the log is read (default 300 ms). */
  gapWaitMs?: number;
  /** How often an idle socket is pinged; with no frame for three times this long it is replaced (default 25 s). */
  heartbeatMs?: number;
  /** The last seq of each chat the app already holds: resume starts there. */
  seqs?: Record<string, number>;
  /** Connect at once (default true); else call connect(). */
  autoConnect?: boolean;
  /**
   * Keeps the sends not yet stored across page reloads (e.g. localStorageOutbox("outbox." + userId)):
   * the ones found there when the client is created are sent again, with the same client_message_id.
   * Default: in memory only.
   */
  outboxStore?: OutboxStore;
  /**
   * The window whose online and offline events the client follows (default: the page's; null: none).
   * Offline, it makes no reconnect attempts; back online, it reconnects at once.
   */
  window?: WindowLike | null;
  /**
   * The document whose visibilitychange the client follows (default: the page's; null: none). Shown
   * again, it reconnects at once when the socket is not open, and pings an open one that has been silent.
   */
  document?: DocumentLike | null;
}

export type ConnectionState = "connecting" | "open" | "closed" | "stopped";

export interface StateChange {
  state: ConnectionState;
  url?: string;
  /** For closed and stopped: the close code. */
  code?: number;
  reason?: string;
}

/** What the app can listen to: every server event by type, plus the connection's state. */
export interface ClientEventMap extends ServerEventMap {
  state: StateChange;
  /** The outbox changed (a send queued, stored, refused, or found in the outboxStore): what is still pending. */
  outbox: { pending: PendingSend[] };
  /** A send was refused for good (its promise rejects too): for sends found in the outboxStore, the only word of it. */
  send_failed: { chat_id: string; client_message_id: string; error: SwitchboardError | Error };
}

/** An error answered by a Switchboard service (problem+json), or a failed request. */
export class SwitchboardError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

interface Outgoing {
  chatId: string;
  body: Record<string, unknown> & { content: string; client_message_id: string };
  resolve: (message: Message) => void;
  reject: (error: unknown) => void;
}

type Listener = (event: any) => void;

const OPEN = 1;
const STOP_CODES: readonly number[] = [CloseCodes.PROTOCOL_ERROR, CloseCodes.TOO_BIG];

export interface SwitchboardClient {
  on<K extends keyof ClientEventMap>(type: K, listener: (event: ClientEventMap[K]) => void): () => void;
  /**
   * Sends a message: kept until chat-service stored it, retried (same client_message_id) until then.
   * Options add a reply, mentions and attachments (uploaded first with chatsApi's upload); content
   * may be "" when attachment_ids are given.
   */
  send(chatId: string, content: string, options?: SendOptions): Promise<Message>;
  /** Messages not yet acknowledged. */
  readonly pending: number;
  /** The sends not yet acknowledged, per chat in the order sent. */
  outbox(): PendingSend[];
  /** The app holds the chat up to seq (it loaded its history): events from there on. */
  track(chatId: string, seq: number): void;
  /** The last seq handed over per chat. */
  seqs(): Record<string, number>;
  typing(chatId: string, isTyping: boolean): void;
  markRead(chatId: string, seq?: number): void;
  /**
   * Follows these users' status (at most 500, each sharing a chat with the user; [] stops): a
   * presence event with all of them, then one with those that changed, at most once a second.
   * Asked again after every reconnect. For members of large groups, whose changes come as no
   * user_status.
   */
  watchPresence(userIds: string[]): void;
  /** Any client message of the protocol, sent when the socket is open; false when it is not. */
  sendFrame(frame: { type: string; [field: string]: unknown }): boolean;
  /**
   * A chat-service call with the current token, e.g. request("GET", "/api/chats"). A body is sent
   * as JSON, except a Blob (a File), which is sent as it is with its type as Content-Type; a JSON
   * answer comes parsed, any other (a file) as a Blob.
   */
  request<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  readonly state: ConnectionState;
  readonly url: string | undefined;
  connect(): void;
  /** Gives up the current socket at once (the app found it dead) and connects anew, resuming; after the network is back when it is down. */
  reconnect(): void;
  /** Closes the socket and stops following the page's network and visibility; sends still pending wait for the next connect(). */
  close(): void;
}

/**
 * A client for one user: connects (unless autoConnect is false) and keeps connected until close(),
 * handing each chat event to the app once and in order, and sending through its outbox.
 */
export function createClient(options: ClientOptions): SwitchboardClient {
  const Socket = socketConstructor(options);
  if (!options.realtimeUrls.length) throw new Error("realtimeUrls is empty");
  const http = options.fetch ?? globalThis.fetch.bind(globalThis);
  const chatUrl = options.chatUrl.replace(/\/$/, "");
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const gapWaitMs = options.gapWaitMs ?? 300;

  const listeners = new Map<string, Set<Listener>>();
  const emit = (type: string, event: unknown) => {
    for (const listener of listeners.get(type) ?? []) {
      try {
        listener(event);
      } catch (e) {
        setTimeout(() => { throw e; }); // the app's error, reported without breaking delivery
      }
    }
  };
  const sequencer = new Sequencer((event) => emit(event.type, event));
  for (const [chat, seq] of Object.entries(options.seqs ?? {})) sequencer.reset(chat, seq);

  let token: string | undefined;
  let tokenPromise: Promise<string> | undefined;
  let socket: WebSocketLike | undefined;
  let state: ConnectionState = "closed";
  let currentUrl: string | undefined;
  let urlIndex = 0;
  let attempt = 0;
  let stopped = true;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  let lastFrameAt = 0;
  let frames = 0;
  const gapTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const filling = new Set<string>();
  /** Chats listed in a resume not yet answered: their gaps wait for the replay. */
  let resuming = new Set<string>();
  /** The users watchPresence follows, subscribed again on every connect. */
  let watching: string[] = [];
  /** Per chat, the sends in order; the first of each is the one in flight. */
  const outbox = new Map<string, Outgoing[]>();
  const { win, doc } = pageOf(options.window, options.document);
  /** The window said the network is down: no reconnect attempts until it says it is back. */
  let networkDown = !isOnline(win);
  let opening = false;
  let probeTimer: ReturnType<typeof setTimeout> | undefined;
  let unwatch: (() => void) | undefined;
  /** Sends waiting to retry: woken when the network comes back. */
  const sleepers = new Set<() => void>();
  /** close() was called: sends that failed wait for connect() before they are retried. */
  let closed = false;
  const parked = new Set<() => void>();

  const setState = (next: ConnectionState, extra: Omit<StateChange, "state"> = {}) => {
    state = next;
    emit("state", { state: next, url: currentUrl, ...extra });
  };

  // --- tokens -------------------------------------------------------------------------------

  /** The current token, or a new one when there is none or it is about to expire. */
  function currentToken(fresh = false): Promise<string> {
    const exp = token ? tokenExpiry(token) : undefined;
    if (!fresh && token && (exp === undefined || exp - Date.now() > 5000)) return Promise.resolve(token);
    if (!tokenPromise) {
      tokenPromise = options.getToken()
        .then((t) => (token = t))
        .finally(() => (tokenPromise = undefined));
    }
    return tokenPromise;
  }

  function scheduleRefresh(expiresAt: number | undefined) {
    clearTimeout(refreshTimer);
    if (expiresAt === undefined || Number.isNaN(expiresAt)) return;
    refreshTimer = setTimeout(async () => {
      const open = socket;
      try {
        const fresh = await currentToken(true);
        if (open === socket && open?.readyState === OPEN) open.send(JSON.stringify({ type: "auth", token: fresh }));
      } catch {
        scheduleRefresh(Date.now() + 10_000); // try again in a few seconds; 4001 comes if it never works
      }
    }, refreshDelay(expiresAt, Date.now()));
  }

  // --- chat-service ---------------------------------------------------------------------------

  async function request<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
    const t = await currentToken();
    const file = isBlob(body);
    let response: Response;
    try {
      response = await http(chatUrl + path, {
        method,
        headers: {
          Authorization: `Bearer ${t}`,
          ...(body === undefined ? {} : { "Content-Type": file ? body.type || "application/octet-stream" : "application/json" }),
        },
        body: body === undefined ? undefined : file ? body : JSON.stringify(body),
      });
    } catch (e) {
      throw new SwitchboardError(0, "network_error", String(e));
    }
    if (response.status === 401 && !retried) {
      token = undefined;
      return request<T>(method, path, body, true);
    }
    const type = response.headers?.get?.("Content-Type");
    if (response.ok && type && !/json/i.test(type)) return (await response.blob()) as T; // a file
    const text = await response.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      throw new SwitchboardError(response.status, json?.code ?? "http_" + response.status, json?.detail ?? json?.title ?? text);
    }
    return json as T;
  }

  // --- delivery -------------------------------------------------------------------------------

  function onChatEvent(event: ChatEvent) {
    if (sequencer.offer(event) === "gap") scheduleFill(event.chat_id);
  }

  function scheduleFill(chatId: string) {
    if (gapTimers.has(chatId) || filling.has(chatId) || resuming.has(chatId)) return;
    gapTimers.set(chatId, setTimeout(() => {
      gapTimers.delete(chatId);
      void fill(chatId);
    }, gapWaitMs));
  }

  /** Reads the chat's log after its last seq until the held events follow on. */
  async function fill(chatId: string) {
    if (filling.has(chatId)) return;
    filling.add(chatId);
    try {
      let after = sequencer.gap(chatId);
      while (after !== undefined) {
        const page = await request<{ last_seq: number; events: LogEvent[] }>(
          "GET", `/api/chats/${encodeURIComponent(chatId)}/events?after_seq=${after}&limit=500`);
        sequencer.fill(chatId, page.events.map(fromLog));
        const newest = page.events.length ? page.events[page.events.length - 1].seq : after;
        if (newest >= page.last_seq || page.events.length === 0) sequencer.release(chatId);
        after = sequencer.gap(chatId);
      }
    } catch (e) {
      if (e instanceof SwitchboardError && e.code === "resync_required") {
        await resync(chatId);
      } else {
        setTimeout(() => scheduleFill(chatId), backoffDelay(3, options.backoff)); // try again
      }
    } finally {
      filling.delete(chatId);
    }
  }

  /** The events missed are gone: the seq restarts at the chat's newest, and the app reloads the chat. */
  async function resync(chatId: string, event?: ServerEventMap["resync_required"]) {
    for (;;) {
      try {
        const chat = await request<{ last_seq: number }>("GET", `/api/chats/${encodeURIComponent(chatId)}`);
        sequencer.reset(chatId, chat.last_seq);
        break;
      } catch (e) {
        if (e instanceof SwitchboardError && e.status === 404) {
          sequencer.forget(chatId);
          break;
        }
        await new Promise((r) => setTimeout(r, backoffDelay(3, options.backoff)));
      }
    }
    emit("resync_required", event ?? { type: "resync_required", chat_id: chatId, timestamp: new Date().toISOString() });
  }

  // --- the socket -----------------------------------------------------------------------------

  function connect() {
    stopped = false;
    closed = false;
    for (const resume of [...parked]) resume();
    parked.clear();
    unwatch ??= watchPage(win, doc, { online: onOnline, offline: onOffline, visible: onVisible });
    if (socket || reconnectTimer) return;
    void open();
  }

  /** A new socket now, with the backoff starting over (the network is back, or the page is seen again). */
  function reconnectNow() {
    if (stopped || socket) return;
    clearTimeout(reconnectTimer);
    reconnectTimer = undefined;
    attempt = 0;
    void open();
  }

  async function open() {
    reconnectTimer = undefined;
    if (opening || socket || stopped || networkDown) return; // offline: the online event reconnects
    opening = true;
    const url = options.realtimeUrls[urlIndex % options.realtimeUrls.length];
    currentUrl = url;
    setState("connecting");
    let t: string;
    try {
      t = await currentToken();
    } catch {
      opening = false;
      return retry(undefined);
    }
    opening = false;
    if (stopped || socket) return;
    let ws: WebSocketLike;
    try {
      ws = options.tokenIn === "query"
        ? new Socket(url + (url.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(t))
        : new Socket(url, ["bearer-token-carrier", encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${t}`)]);
    } catch {
      return retry(undefined);
    }
    socket = ws;
    let welcomed = false;
    ws.onmessage = (message) => {
      if (socket !== ws) return;
      lastFrameAt = Date.now();
      frames++;
      let event: ServerEvent;
      try {
        event = JSON.parse(typeof message.data === "string" ? message.data : String(message.data));
      } catch {
        return;
      }
      if (event.type === "connected") {
        welcomed = true;
        attempt = 0;
        onConnected(ws, event);
      }
      onEvent(event);
    };
    ws.onerror = () => {};
    ws.onclose = (close) => {
      if (socket !== ws) return;
      socket = undefined;
      stopHeartbeat();
      clearTimeout(refreshTimer);
      resuming = new Set();
      const code = close.code;
      setState(STOP_CODES.includes(code) ? "stopped" : "closed", { code, reason: close.reason });
      if (stopped) return;
      if (STOP_CODES.includes(code)) {
        stopped = true; // reconnecting would break the same way again; the app decides (connect())
        return;
      }
      if (!welcomed) token = undefined; // refused (401?) or unreachable: a fresh token next time
      retry(code);
    };
  }

  function retry(code: number | undefined) {
    if (stopped) return;
    urlIndex++; // the next URL: elsewhere, if there is an elsewhere
    if (code === CloseCodes.TOKEN_EXPIRED) token = undefined;
    if (networkDown) return; // no attempt can work: the online event reconnects, with the backoff reset
    let delay: number;
    if (code === CloseCodes.RESTARTING || code === CloseCodes.TOKEN_EXPIRED) {
      delay = 0;
    } else if (code === CloseCodes.SLOW_CONSUMER) {
      delay = backoffDelay(0, options.backoff);
    } else if (code === CloseCodes.POLICY_VIOLATION) {
      attempt = Math.max(attempt, 4); // a flood or too many sockets: not soon
      delay = backoffDelay(attempt++, options.backoff);
    } else {
      delay = backoffDelay(attempt++, options.backoff);
    }
    reconnectTimer = setTimeout(open, delay);
  }

  function onConnected(ws: WebSocketLike, event: ServerEventMap["connected"]) {
    setState("open");
    const seqs = sequencer.seqs();
    resuming = new Set(Object.keys(seqs));
    if (resuming.size) ws.send(JSON.stringify({ type: "resume", chats: seqs }));
    if (watching.length) ws.send(JSON.stringify({ type: "subscribe_presence", user_ids: watching }));
    scheduleRefresh(event.expires_at ? Date.parse(event.expires_at) : token ? tokenExpiry(token) : undefined);
    startHeartbeat(ws);
  }

  function onEvent(event: ServerEvent) {
    if (isPersisted(event)) {
      onChatEvent(event);
      return;
    }
    switch (event.type) {
      case "resumed": {
        const listed = resuming;
        resuming = new Set();
        for (const [chat, seq] of Object.entries(event.chats ?? {})) {
          const last = sequencer.last(chat);
          if (last === undefined || last < seq) void fill(chat); // the replay fell short: read the log
        }
        for (const chat of listed) if (sequencer.gap(chat) !== undefined) scheduleFill(chat);
        break;
      }
      case "resync_required":
        resuming.delete(event.chat_id);
        void resync(event.chat_id, event);
        return; // emitted once the seq is reset
      case "authenticated":
        scheduleRefresh(event.expires_at ? Date.parse(event.expires_at) : undefined);
        break;
      case "error":
        if (event.code === "token_invalid") {
          token = undefined;
          scheduleRefresh(Date.now() + 10_000);
        }
        break;
    }
    emit(event.type, event);
  }

  function startHeartbeat(ws: WebSocketLike) {
    stopHeartbeat();
    lastFrameAt = Date.now();
    heartbeatTimer = setInterval(() => beat(ws, heartbeatMs), Math.max(1000, heartbeatMs / 2));
  }

  /** Pings a socket silent for silentMs; replaces one silent for three heartbeats. */
  function beat(ws: WebSocketLike, silentMs: number) {
    if (Date.now() - lastFrameAt > 3 * heartbeatMs) {
      drop(ws, "no frame for too long"); // a dead peer: replace the socket
    } else if (Date.now() - lastFrameAt >= silentMs && ws.readyState === OPEN) {
      ws.send(JSON.stringify({ type: "ping" }));
    }
  }

  /** Gives up a socket without waiting for its closing handshake (which a dead network never completes). */
  function drop(ws: WebSocketLike, reason: string) {
    try {
      ws.close(4000, reason);
    } catch {
      // already closed
    }
    if (socket === ws) ws.onclose?.({ code: 1006, reason });
  }

  // --- the page: network and visibility ------------------------------------------------------

  function onOffline() {
    networkDown = true;
    clearTimeout(reconnectTimer); // waits for online instead of burning attempts
    reconnectTimer = undefined;
  }

  function onOnline() {
    networkDown = false;
    attempt = 0;
    for (const wake of [...sleepers]) wake(); // sends waiting to retry: now
    const ws = socket;
    if (!ws) return reconnectNow();
    if (ws.readyState !== OPEN) return;
    // The socket may have died with the old network without a word: it must answer a ping soon.
    const before = frames;
    ws.send(JSON.stringify({ type: "ping" }));
    clearTimeout(probeTimer);
    probeTimer = setTimeout(() => {
      if (socket === ws && frames === before) drop(ws, "no answer after the network came back");
    }, Math.min(5000, heartbeatMs));
  }

  function onVisible() {
    if (stopped) return;
    if (!socket) return reconnectNow(); // timers of hidden pages are throttled: no waiting out a backoff
    if (socket.readyState === OPEN) beat(socket, heartbeatMs);
  }

  function stopHeartbeat() {
    clearInterval(heartbeatTimer);
    heartbeatTimer = undefined;
  }

  // --- sends ----------------------------------------------------------------------------------

  function send(chatId: string, content: string, opts: SendOptions = {}): Promise<Message> {
    const body = { ...opts, content, client_message_id: opts.client_message_id ?? newId() };
    return new Promise<Message>((resolve, reject) => {
      const next = { chatId, body, resolve, reject };
      if (loading) void loading.then(() => enqueue(next)); // after the ones the store holds
      else enqueue(next);
    });
  }

  function enqueue(next: Outgoing) {
    let queue = outbox.get(next.chatId);
    if (!queue) outbox.set(next.chatId, (queue = []));
    queue.push(next);
    outboxChanged();
    if (queue.length === 1) void flush(next.chatId);
  }

  function pendingSends(): PendingSend[] {
    const list: PendingSend[] = [];
    for (const [chatId, queue] of outbox) for (const o of queue) list.push({ ...o.body, chat_id: chatId } as PendingSend);
    return list;
  }

  const save = options.outboxStore ? writer(options.outboxStore) : undefined;

  function outboxChanged() {
    const pending = pendingSends();
    save?.(JSON.stringify(pending));
    emit("outbox", { pending });
  }

  /** Queues the sends a store kept (a reload came before they were stored): same ids, same order. */
  function restore(text: string | null | undefined) {
    for (const { chat_id, ...body } of parsePending(text)) {
      enqueue({ chatId: chat_id, body, resolve: () => {}, reject: () => {} });
    }
  }

  /** Waits ms, or less when the network comes back. */
  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  }

  /** Sends a chat's messages one at a time, in order; each is retried with its client_message_id until stored or refused. */
  async function flush(chatId: string) {
    const queue = outbox.get(chatId)!;
    let failures = 0;
    while (queue.length) {
      const next = queue[0];
      try {
        const message = await request<Message>("POST", `/api/chats/${encodeURIComponent(chatId)}/messages`, next.body);
        failures = 0;
        queue.shift();
        if (!queue.length) outbox.delete(chatId);
        outboxChanged();
        next.resolve(message);
      } catch (e) {
        const retryable = e instanceof SwitchboardError && (e.status === 0 || e.status >= 500 || e.status === 401
          || e.status === 429 || RETRYABLE_ERRORS.includes(e.code));
        if (!retryable) {
          queue.shift();
          if (!queue.length) outbox.delete(chatId);
          outboxChanged();
          next.reject(e);
          emit("send_failed", { chat_id: chatId, client_message_id: next.body.client_message_id, error: e as Error });
          continue;
        }
        await sleep(backoffDelay(failures++, options.backoff));
        while (closed) await new Promise<void>((resume) => parked.add(resume));
      }
    }
  }

  function newId(): string {
    const c = (globalThis as any).crypto;
    if (c?.randomUUID) return c.randomUUID();
    return "c-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  // --- the client -----------------------------------------------------------------------------

  function sendFrame(frame: { type: string; [field: string]: unknown }): boolean {
    if (socket?.readyState !== OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  const client: SwitchboardClient = {
    on(type, listener) {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      set.add(listener);
      return () => set!.delete(listener);
    },
    send,
    get pending() {
      let n = 0;
      for (const queue of outbox.values()) n += queue.length;
      return n;
    },
    outbox: pendingSends,
    track: (chatId, seq) => sequencer.reset(chatId, seq),
    seqs: () => sequencer.seqs(),
    typing: (chatId, isTyping) => void sendFrame({ type: "typing", chat_id: chatId, is_typing: isTyping }),
    markRead: (chatId, seq) => void sendFrame({ type: "read_messages", chat_id: chatId, ...(seq === undefined ? {} : { seq }) }),
    watchPresence(userIds) {
      watching = [...userIds];
      sendFrame({ type: "subscribe_presence", user_ids: watching });
    },
    sendFrame,
    request: (method, path, body) => request(method, path, body),
    get state() {
      return state;
    },
    get url() {
      return currentUrl;
    },
    connect,
    reconnect() {
      if (socket) drop(socket, "reconnect asked by the app");
      reconnectNow();
    },
    close() {
      stopped = true;
      closed = true;
      for (const wake of [...sleepers]) wake(); // to wait for connect() instead, with no timer left running
      unwatch?.();
      unwatch = undefined;
      clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      clearTimeout(refreshTimer);
      clearTimeout(probeTimer);
      stopHeartbeat();
      for (const timer of gapTimers.values()) clearTimeout(timer);
      gapTimers.clear();
      const ws = socket;
      socket = undefined;
      ws?.close(1000, "closed by the app");
      if (state !== "stopped") setState("closed", { code: 1000 });
    },
  };
  // The sends a store kept from before a reload go first; sends made meanwhile wait for them.
  let loading: Promise<void> | undefined;
  if (options.outboxStore) {
    let kept: ReturnType<OutboxStore["get"]>;
    try {
      kept = options.outboxStore.get();
    } catch {
      kept = undefined;
    }
    if (kept && typeof (kept as Promise<unknown>).then === "function") {
      loading = (kept as Promise<string | null | undefined>).then(restore, () => {}).finally(() => (loading = undefined));
    } else {
      restore(kept as string | null | undefined);
    }
  }
  if (options.autoConnect !== false) connect();
  return client;
}

/**
 * An event of a chat's log: every event that carries chat_id and event_seq is one (CHAT_EVENT_TYPES),
 * also of a type this version does not know, which so keeps its place in the chat's sequence.
 */
function isPersisted(event: ServerEvent): event is ChatEvent {
  const e = event as Partial<ChatEvent>;
  return typeof e.chat_id === "string" && typeof e.event_seq === "number";
}

/** A file to send as it is (a File is a Blob too). */
function isBlob(body: unknown): body is Blob {
  return typeof Blob !== "undefined" && body instanceof Blob;
}

function socketConstructor(options: ClientOptions): WebSocketConstructor {
  const Socket: WebSocketConstructor | undefined = options.WebSocket ?? (globalThis as any).WebSocket;
  if (!Socket) throw new Error("no WebSocket here: pass options.WebSocket (e.g. the ws package's)");
  return Socket;
}
