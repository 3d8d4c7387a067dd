import { SwitchboardError } from "./client.js";
import type { Attachment, Message, Notification } from "./protocol.js";

/** A call of a service's REST API with the user's token: the client's own `request` for chat-service. */
export type Request = <T = any>(method: string, path: string, body?: unknown) => Promise<T>;

export interface User {
  id: string;
  username: string;
  display_name?: string | null;
  [field: string]: unknown;
}

/** auth-service's answer to a login or a refresh. */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: "Bearer";
  expires_in: number;
  user?: User;
}

export interface ChatMember {
  user_id: string;
  role?: string;
  [field: string]: unknown;
}

export interface Chat {
  id: string;
  type: "direct" | "group";
  title?: string | null;
  members: ChatMember[];
  last_message?: Message | null;
  last_seq?: number;
  unread_count?: number;
  last_read_seq?: number;
  [field: string]: unknown;
}

/** One entry of a chat's event log, as `GET /api/chats/{id}/events` gives it. */
export interface LoggedEvent {
  seq: number;
  type: string;
  data: Record<string, any>;
  [field: string]: unknown;
}

export interface EventPage {
  chat_id: string;
  last_seq: number;
  events: LoggedEvent[];
}

/** A pinned message, who pinned it and when (`GET /api/chats/{id}/pins`). */
export interface Pin {
  message: Message;
  pinned_by: string;
  pinned_at: string;
}

/** One message a search found. */
export interface SearchHit {
  chat_id: string;
  message: Message;
  /**
   * The parts of its content that matched, HTML-escaped, the matching words in `<mark>`…`</mark>`:
   * safe to put into a page as HTML.
   */
  snippet: string;
  /** How well it matched (higher is better); only its order means something. */
  rank: number;
}

/** A page of search results, the best match first. */
export interface SearchPage {
  results: SearchHit[];
  /** The `before` that asks for the next page; null on the last one. */
  next_before: string | null;
}

async function call<T>(fetchImpl: typeof fetch, url: string, method: string, body?: unknown, token?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new SwitchboardError(0, "network_error", String(e));
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new SwitchboardError(response.status, problem.code ?? "http_" + response.status, problem.detail ?? response.statusText);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

const query = (params: Record<string, string | number | boolean | undefined>) => {
  const set = Object.entries(params).filter(([, v]) => v !== undefined);
  return set.length ? "?" + set.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join("&") : "";
};

/** auth-service: accounts and tokens (no token needed). getToken of createClient is usually built on these. */
export function authApi(authUrl: string, fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)) {
  const base = authUrl.replace(/\/$/, "");
  return {
    register: (user: { username: string; password: string; display_name?: string; email?: string }) =>
      call<User>(fetchImpl, base + "/api/auth/register", "POST", user),
    login: (username: string, password: string) =>
      call<TokenPair>(fetchImpl, base + "/api/auth/login", "POST", { username, password }),
    /** Spends the refresh token: keep the new pair's (presenting a spent one revokes its family). */
    refresh: (refreshToken: string) =>
      call<TokenPair>(fetchImpl, base + "/api/auth/refresh", "POST", { refresh_token: refreshToken }),
    /** Ends this session everywhere: its access tokens are refused and its sockets closed (4001) within seconds. */
    logout: (refreshToken: string) =>
      call<void>(fetchImpl, base + "/api/auth/logout", "POST", { refresh_token: refreshToken }),
    /** Log out everywhere: ends every session of the token's user, this one included. */
    logoutEverywhere: (accessToken: string) =>
      call<void>(fetchImpl, base + "/api/users/me/sessions/end", "POST", undefined, accessToken),
  };
}

/**
 * chat-service through a client's request (its token, refreshed on 401): chats, history, edits, read
 * state, reactions, pins, attachments and search. Messages are sent with the client's send.
 */
export function chatsApi(request: Request) {
  const chat = (chatId: string) => `/api/chats/${encodeURIComponent(chatId)}`;
  const message = (chatId: string, messageId: string) => `${chat(chatId)}/messages/${encodeURIComponent(messageId)}`;
  const reaction = (chatId: string, messageId: string, emoji: string) =>
    `${message(chatId, messageId)}/reactions/${encodeURIComponent(emoji)}`;
  const pin = (chatId: string, messageId: string) => `${chat(chatId)}/pins/${encodeURIComponent(messageId)}`;
  const attachment = (chatId: string, attachmentId: string) => `${chat(chatId)}/attachments/${encodeURIComponent(attachmentId)}`;
  return {
    /** My chats, most recent activity first: `limit` (1–500, default 100) after chat `after` (the last of the page before). */
    list: (page: { limit?: number; after?: string } = {}) =>
      request<Chat[]>("GET", "/api/chats" + query({ limit: page.limit, after: page.after })),
    get: (chatId: string) => request<Chat>("GET", chat(chatId)),
    /** The direct chat with this user (the existing one if there is one). */
    direct: (userId: string) => request<Chat>("POST", "/api/chats", { type: "direct", user_id: userId }),
    group: (title: string, memberIds: string[]) =>
      request<Chat>("POST", "/api/chats", { type: "group", title, member_ids: memberIds }),
    rename: (chatId: string, title: string) => request<Chat>("PATCH", chat(chatId), { title }),
    addMembers: (chatId: string, userIds: string[]) => request<unknown>("POST", `${chat(chatId)}/members`, { user_ids: userIds }),
    /** Leaves the chat (your own id), or removes a member (the group's owner). */
    removeMember: (chatId: string, userId: string) =>
      request<void>("DELETE", `${chat(chatId)}/members/${encodeURIComponent(userId)}`),
    /** History by seq: the newest `limit` before `beforeSeq`, or those after `afterSeq`. */
    history: (chatId: string, page: { beforeSeq?: number; afterSeq?: number; limit?: number } = {}) =>
      request<Message[]>("GET", `${chat(chatId)}/messages` + query({ before_seq: page.beforeSeq, after_seq: page.afterSeq, limit: page.limit })),
    edit: (chatId: string, messageId: string, content: string) => request<Message>("PATCH", message(chatId, messageId), { content }),
    delete: (chatId: string, messageId: string) => request<void>("DELETE", message(chatId, messageId)),
    /**
     * Adds my reaction (one emoji, or a `:shortcode:`; again changes nothing): the message with its
     * reactions as I see them. Members get reaction_added.
     */
    react: (chatId: string, messageId: string, emoji: string) => request<Message>("PUT", reaction(chatId, messageId, emoji)),
    /** Takes my reaction back (when there is none, changes nothing): the message as I see it. Members get reaction_removed. */
    unreact: (chatId: string, messageId: string, emoji: string) =>
      request<Message>("DELETE", reaction(chatId, messageId, emoji)),
    /** Pins a message (again changes nothing); members get message_pinned. */
    pin: (chatId: string, messageId: string) => request<void>("PUT", pin(chatId, messageId)),
    unpin: (chatId: string, messageId: string) => request<void>("DELETE", pin(chatId, messageId)),
    /** The chat's pinned messages. */
    pins: (chatId: string) => request<Pin[]>("GET", `${chat(chatId)}/pins`),
    /**
     * Uploads a file to the chat, to send with a message (send's attachment_ids): its type is the
     * Blob's (in Node: new Blob([bytes], { type })), its name a File's own unless given.
     */
    upload: (chatId: string, file: Blob, name?: string) =>
      request<Attachment>("POST", `${chat(chatId)}/attachments` + query({ name: name ?? (file as { name?: string }).name }), file),
    /** An attachment's bytes (in a page: URL.createObjectURL of it for an img or a link). */
    attachment: (chatId: string, attachmentId: string) => request<Blob>("GET", attachment(chatId, attachmentId)),
    /** An image's thumbnail, when its attachment says thumbnail: true. */
    thumbnail: (chatId: string, attachmentId: string) => request<Blob>("GET", `${attachment(chatId, attachmentId)}/thumbnail`),
    /**
     * The messages of my chats (or of one) that match q, the best match first: `limit` (1–50,
     * default 20) after the page whose next_before is `before`.
     */
    search: (q: string, filter: { chatId?: string; limit?: number; before?: string } = {}) =>
      request<SearchPage>("GET", "/api/messages/search"
        + query({ q, chat_id: filter.chatId, limit: filter.limit, before: filter.before })),
    /** Marks the chat read up to seq (default: its latest). */
    read: (chatId: string, seq?: number) => request<unknown>("POST", `${chat(chatId)}/read`, seq === undefined ? {} : { seq }),
    /** Blocks a user: neither of you may then open a direct chat with the other or add the other to a group. */
    block: (userId: string) => request<void>("PUT", `/api/blocks/${encodeURIComponent(userId)}`),
    unblock: (userId: string) => request<void>("DELETE", `/api/blocks/${encodeURIComponent(userId)}`),
    /** Whom I blocked, the latest first. */
    blocks: () => request<{ user_id: string; created_at: string }[]>("GET", "/api/blocks"),
    /** A page of the chat's event log after a seq (what resume replays; 410 once it is no longer kept). */
    events: (chatId: string, afterSeq: number, limit?: number) =>
      request<EventPage>("GET", `${chat(chatId)}/events` + query({ after_seq: afterSeq, limit })),
  };
}

/**
 * auth-service's administrator calls, with an access token of a user in the role admin: ending a
 * user's sessions (their tokens refused and sockets closed with 4001 within seconds everywhere),
 * and deactivating (the same, and no more logins: 403 account_deactivated) or reactivating an account.
 */
export function adminApi(options: { url: string; getToken: () => Promise<string>; fetch?: typeof fetch }) {
  const base = options.url.replace(/\/$/, "");
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const user = (userId: string, action: string) => async () =>
    call<void>(fetchImpl, `${base}/api/users/${encodeURIComponent(userId)}/${action}`, "POST", undefined,
      await options.getToken());
  return {
    endSessions: (userId: string) => user(userId, "sessions/end")(),
    /** 409 cannot_deactivate_self for the caller's own account. */
    deactivate: (userId: string) => user(userId, "deactivate")(),
    reactivate: (userId: string) => user(userId, "reactivate")(),
  };
}

/** notification-service: the user's notifications. */
export function notificationsApi(options: { url: string; getToken: () => Promise<string>; fetch?: typeof fetch }) {
  const base = options.url.replace(/\/$/, "");
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const authed = async <T>(method: string, path: string, body?: unknown) =>
    call<T>(fetchImpl, base + path, method, body, await options.getToken());
  return {
    /** Most recently updated first; `before` is the cursor of the page's next link. */
    list: (filter: { unread?: boolean; limit?: number; before?: string } = {}) =>
      authed<Notification[]>("GET", "/api/notifications" + query({ unread: filter.unread, limit: filter.limit, before: filter.before })),
    unreadCount: async () => (await authed<{ unread: number }>("GET", "/api/notifications/unread-count")).unread,
    read: (notificationId: string) => authed<void>("POST", `/api/notifications/${encodeURIComponent(notificationId)}/read`),
    readAll: () => authed<void>("POST", "/api/notifications/read-all"),
  };
}
