import { backoffDelay, type BackoffOptions } from "./backoff.js";
import { fromLog, type LogEvent } from "./log.js";
import {
  CHAT_EVENT_TYPES, CloseCodes, RETRYABLE_ERRORS,
  type ChatEvent, type Message, type ServerEvent, type ServerEventMap,
} from "./protocol.js";
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
}

export interface SendOptions {
  message_type?: string;
  reply_to?: string;
  mentions?: string[];
  attachment_ids?: string[];
  /** The id that makes retries safe; one is made up when absent. */
  client_message_id?: string;
}

/** An error answered by a Switchboard service (problem+json), or a failed request. */
export class SwitchboardError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

interface Outgoing {
  chatId: string;
  body: Record<string, unknown>;
  resolve: (message: Message) => void;
  reject: (error: unknown) => void;
}

type Listener = (event: any) => void;

const OPEN = 1;
const STOP_CODES: readonly number[] = [CloseCodes.PROTOCOL_ERROR, CloseCodes.TOO_BIG];

export interface SwitchboardClient {
  on<K extends keyof ClientEventMap>(type: K, listener: (event: ClientEventMap[K]) => void): () => void;
  /** Sends a message: kept until chat-service stored it, retried (same client_message_id) until then. */
  send(chatId: string, content: string, options?: SendOptions): Promise<Message>;
  /** Messages not yet acknowledged. */
  readonly pending: number;
  /** The app holds the chat up to seq (it loaded its history): events from there on. */
  track(chatId: string, seq: number): void;
  /** The last seq handed over per chat. */
  seqs(): Record<string, number>;
  typing(chatId: string, isTyping: boolean): void;
  markRead(chatId: string, seq?: number): void;
  /** Any client message of the protocol, sent when the socket is open; false when it is not. */
  sendFrame(frame: { type: string; [field: string]: unknown }): boolean;
  /** A chat-service call with the current token, e.g. request("GET", "/api/chats"). */
  request<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  readonly state: ConnectionState;
  readonly url: string | undefined;
  connect(): void;
  /** Closes the socket; sends still pending wait for the next connect(). */
  close(): void;
}

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
  const gapTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const filling = new Set<string>();
  /** Chats listed in a resume not yet answered: their gaps wait for the replay. */
  let resuming = new Set<string>();
  /** Per chat, the sends in order; the first of each is the one in flight. */
  const outbox = new Map<string, Outgoing[]>();

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
    let response: Response;
    try {
      response = await http(chatUrl + path, {
        method,
        headers: { Authorization: `Bearer ${t}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new SwitchboardError(0, "network_error", String(e));
    }
    if (response.status === 401 && !retried) {
      token = undefined;
      return request<T>(method, path, body, true);
    }
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
    if (socket || reconnectTimer) return;
    void open();
  }

  async function open() {
    reconnectTimer = undefined;
    const url = options.realtimeUrls[urlIndex % options.realtimeUrls.length];
    currentUrl = url;
    setState("connecting");
    let t: string;
    try {
      t = await currentToken();
    } catch {
      return retry(undefined);
    }
    if (stopped) return;
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
    let delay: number;
    if (code === CloseCodes.RESTARTING) {
      delay = 0;
    } else if (code === CloseCodes.TOKEN_EXPIRED) {
      token = undefined;
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
    scheduleRefresh(event.expires_at ? Date.parse(event.expires_at) : token ? tokenExpiry(token) : undefined);
    startHeartbeat(ws);
  }

  function onEvent(event: ServerEvent) {
    if ((CHAT_EVENT_TYPES as readonly string[]).includes(event.type) && "event_seq" in event) {
      onChatEvent(event as ChatEvent);
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
    heartbeatTimer = setInterval(() => {
      if (Date.now() - lastFrameAt > 3 * heartbeatMs) {
        ws.close(4000, "no frame for too long"); // a dead peer: replace the socket
        if (socket === ws) ws.onclose?.({ code: 1006, reason: "no frame for too long" });
      } else if (Date.now() - lastFrameAt >= heartbeatMs && ws.readyState === OPEN) {
        ws.send(JSON.stringify({ type: "ping" }));
      }
    }, Math.max(1000, heartbeatMs / 2));
  }

  function stopHeartbeat() {
    clearInterval(heartbeatTimer);
    heartbeatTimer = undefined;
  }

  // --- sends ----------------------------------------------------------------------------------

  function send(chatId: string, content: string, opts: SendOptions = {}): Promise<Message> {
    const body = { ...opts, content, client_message_id: opts.client_message_id ?? newId() };
    return new Promise<Message>((resolve, reject) => {
      let queue = outbox.get(chatId);
      if (!queue) outbox.set(chatId, (queue = []));
      queue.push({ chatId, body, resolve, reject });
      if (queue.length === 1) void flush(chatId);
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
        next.resolve(message);
      } catch (e) {
        const retryable = e instanceof SwitchboardError && (e.status === 0 || e.status >= 500 || e.status === 401
          || e.status === 429 || RETRYABLE_ERRORS.includes(e.code));
        if (!retryable) {
          queue.shift();
          next.reject(e);
          continue;
        }
        await new Promise((r) => setTimeout(r, backoffDelay(failures++, options.backoff)));
      }
    }
    outbox.delete(chatId);
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
    track: (chatId, seq) => sequencer.reset(chatId, seq),
    seqs: () => sequencer.seqs(),
    typing: (chatId, isTyping) => void sendFrame({ type: "typing", chat_id: chatId, is_typing: isTyping }),
    markRead: (chatId, seq) => void sendFrame({ type: "read_messages", chat_id: chatId, ...(seq === undefined ? {} : { seq }) }),
    sendFrame,
    request: (method, path, body) => request(method, path, body),
    get state() {
      return state;
    },
    get url() {
      return currentUrl;
    },
    connect,
    close() {
      stopped = true;
      clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      clearTimeout(refreshTimer);
      stopHeartbeat();
      for (const timer of gapTimers.values()) clearTimeout(timer);
      gapTimers.clear();
      const ws = socket;
      socket = undefined;
      ws?.close(1000, "closed by the app");
      if (state !== "stopped") setState("closed", { code: 1000 });
    },
  };
  if (options.autoConnect !== false) connect();
  return client;
}

function socketConstructor(options: ClientOptions): WebSocketConstructor {
  const Socket: WebSocketConstructor | undefined = options.WebSocket ?? (globalThis as any).WebSocket;
  if (!Socket) throw new Error("no WebSocket here: pass options.WebSocket (e.g. the ws package's)");
  return Socket;
}
