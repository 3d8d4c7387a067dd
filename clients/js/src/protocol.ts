// The WebSocket protocol of realtime-service, as docs/asyncapi.yaml describes it.
// test/unit/drift.test.mjs fails when that file names a server event or a close code missing here.

/**
 * A message as chat-service returns it. A deleted one keeps its seq and has no content, and its
 * mentions, attachments and reactions are empty.
 */
export interface Message {
  id: string;
  chat_id: string;
  seq: number;
  sender_id: string;
  /** May be empty (or null) for a message of attachments only. */
  content?: string | null;
  message_type: string;
  created_at: string;
  edited_at?: string | null;
  deleted: boolean;
  client_message_id?: string;
  /** The message this one answers, as it is now; null when it answers none. */
  reply_to?: ReplyPreview | null;
  /** The members it mentions (by `@username` in its content, or by id when sent). */
  mentions?: string[];
  /** Its files, in the order they were given. */
  attachments?: Attachment[];
  /**
   * Each emoji with its count, and whether the reader is among them, the first used first. Empty
   * in new_message: reactions come as reaction_added and reaction_removed (see withReaction).
   */
  reactions?: ReactionCount[];
  [field: string]: unknown;
}

/** The message a reply answers, as it is now. */
export interface ReplyPreview {
  id: string;
  seq: number;
  sender_id: string;
  /** The first 100 characters of its content; null once it is deleted. */
  preview: string | null;
  deleted: boolean;
}

/**
 * A file uploaded to a chat (chatsApi's upload answers it; messages carry it). Its bytes come from
 * chatsApi's attachment, an image's thumbnail (when thumbnail is true) from its thumbnail.
 */
export interface Attachment {
  id: string;
  name: string;
  content_type: string;
  size: number;
  /** The content's SHA-256, in lower-case hex. */
  sha256: string;
  /** An image's size in pixels; null for other files. */
  width?: number | null;
  height?: number | null;
  /** Whether an image has a thumbnail. */
  thumbnail: boolean;
}

/** One emoji's reactions to a message: how many, and whether the reader is one of them. */
export interface ReactionCount {
  /** One emoji (one grapheme) or a `:shortcode:`. */
  emoji: string;
  count: number;
  me: boolean;
}

export interface Notification {
  id: string;
  /**
   * `chat_messages` (messages missed while offline, one per chat), `mention` (a message that
   * mentioned the user while offline, one per message; data: {chat_id, message_id, seq, sender_id}),
   * or the type a notice was sent with.
   */
  type: string;
  title?: string;
  body?: string;
  data?: unknown;
  chat_id?: string;
  unread_count?: number;
  read?: boolean;
  created_at?: string;
  updated_at?: string;
}

export type Status = "online" | "away" | "offline";

interface Base {
  timestamp: string;
}

/** An event from a persisted change: (chat_id, event_seq) identifies it. */
interface Sequenced extends Base {
  chat_id: string;
  event_seq: number;
}

export interface Connected extends Base { type: "connected"; user_id: string; connection_id: string; expires_at?: string }
export interface Authenticated extends Base { type: "authenticated"; user_id: string; expires_at?: string }
export interface Pong extends Base { type: "pong" }
export interface NewMessage extends Sequenced { type: "new_message"; message: Message }
export interface MessageSent extends Base { type: "message_sent"; chat_id: string; client_message_id?: string; message: Message }
/** In a replay, content is the message's current text, or null when it was deleted since. */
export interface MessageUpdated extends Sequenced { type: "message_updated"; message_id: string; content: string | null; edited_at: string }
export interface MessageDeleted extends Sequenced { type: "message_deleted"; message_id: string; deleted_by: string }
export interface MessagesRead extends Sequenced { type: "messages_read"; user_id: string; seq: number }
export interface UserJoined extends Sequenced { type: "user_joined"; user_id: string; added_by: string }
export interface UserLeft extends Sequenced { type: "user_left"; user_id: string; removed_by: string }
export interface ChatCreated extends Sequenced {
  type: "chat_created"; chat_type: "direct" | "group"; title?: string; owner_id?: string; member_ids: string[];
}
export interface ChatUpdated extends Sequenced { type: "chat_updated"; title?: string; owner_id?: string }
/** user_id reacted to message_id (whose own seq is seq) with emoji; count is how many now have. */
export interface ReactionAdded extends Sequenced {
  type: "reaction_added"; message_id: string; seq: number; emoji: string; user_id: string; count: number;
}
/** user_id took back their emoji reaction to message_id; count is how many are left. */
export interface ReactionRemoved extends Sequenced {
  type: "reaction_removed"; message_id: string; seq: number; emoji: string; user_id: string; count: number;
}
/** user_id pinned message_id (whose own seq is seq). */
export interface MessagePinned extends Sequenced { type: "message_pinned"; message_id: string; seq: number; user_id: string }
export interface MessageUnpinned extends Sequenced { type: "message_unpinned"; message_id: string; seq: number; user_id: string }
export interface Typing extends Base { type: "typing"; chat_id: string; user_id: string; is_typing: boolean }
export interface UserStatus extends Base { type: "user_status"; user_id: string; status: Status; last_seen?: string }
export interface MyChats extends Base { type: "my_chats"; chats: Record<string, unknown>[]; next_after: string | null }
export interface ChatStatus extends Base {
  type: "chat_status";
  chats: { chat_id: string; members: { user_id: string; status: Status; last_seen?: string }[] }[];
}
/** The users this socket follows (watchPresence): all of them at first, then those that changed. */
export interface Presence extends Base {
  type: "presence";
  users: { user_id: string; status: Status; last_seen?: string }[];
}
export interface Resumed extends Base { type: "resumed"; chats: Record<string, number> }
export interface ResyncRequired extends Base { type: "resync_required"; chat_id: string }
export interface NotificationEvent extends Base { type: "notification"; notification: Notification }
/** From another backend through the push API: event is its own name (e.g. todo:created). */
export interface PushedEvent extends Base { type: "event"; event: string; data: unknown }
export interface ErrorEvent extends Base {
  type: "error"; code: string; message: string; request_type?: string; chat_id?: string; client_message_id?: string;
}

/** Every server event, by its type. */
export interface ServerEventMap {
  connected: Connected;
  authenticated: Authenticated;
  pong: Pong;
  new_message: NewMessage;
  message_sent: MessageSent;
  message_updated: MessageUpdated;
  message_deleted: MessageDeleted;
  messages_read: MessagesRead;
  user_joined: UserJoined;
  user_left: UserLeft;
  chat_created: ChatCreated;
  chat_updated: ChatUpdated;
  reaction_added: ReactionAdded;
  reaction_removed: ReactionRemoved;
  message_pinned: MessagePinned;
  message_unpinned: MessageUnpinned;
  typing: Typing;
  user_status: UserStatus;
  my_chats: MyChats;
  chat_status: ChatStatus;
  presence: Presence;
  resumed: Resumed;
  resync_required: ResyncRequired;
  notification: NotificationEvent;
  event: PushedEvent;
  error: ErrorEvent;
}

export type ServerEvent = ServerEventMap[keyof ServerEventMap];

/** The events that come from a chat's event log: the client hands each over once, in order, per chat. */
export type ChatEvent = NewMessage | MessageUpdated | MessageDeleted | MessagesRead | UserJoined | UserLeft
  | ChatCreated | ChatUpdated | ReactionAdded | ReactionRemoved | MessagePinned | MessageUnpinned;

export const SERVER_EVENT_TYPES = [
  "connected", "authenticated", "pong", "new_message", "message_sent", "message_updated", "message_deleted",
  "messages_read", "user_joined", "user_left", "chat_created", "chat_updated", "reaction_added", "reaction_removed",
  "message_pinned", "message_unpinned", "typing", "user_status", "my_chats", "chat_status", "presence", "resumed",
  "resync_required", "notification", "event", "error",
] as const satisfies readonly (keyof ServerEventMap)[];

// Compile-time: the list above names every key of ServerEventMap.
type Missing = Exclude<keyof ServerEventMap, (typeof SERVER_EVENT_TYPES)[number]>;
const everyTypeListed: Missing extends never ? true : Missing = true;
void everyTypeListed;

export const CHAT_EVENT_TYPES: readonly ChatEvent["type"][] = [
  "new_message", "message_updated", "message_deleted", "messages_read", "user_joined", "user_left",
  "chat_created", "chat_updated", "reaction_added", "reaction_removed", "message_pinned", "message_unpinned",
];

/** The codes a socket may close with (x-close-codes), and what the client does about each. */
export const CloseCodes = {
  /** No pong for longer than the liveness timeout: reconnect with backoff. */
  NO_PONG: 1001,
  /** The client broke the WebSocket protocol: stop. */
  PROTOCOL_ERROR: 1002,
  /** A flood, or one socket too many for the user: back off. */
  POLICY_VIOLATION: 1008,
  /** A frame above 1 MiB: stop. */
  TOO_BIG: 1009,
  /** The instance is shutting down: reconnect at once, elsewhere, and resume. */
  RESTARTING: 1012,
  /** The access token expired: get a fresh one, then reconnect. */
  TOKEN_EXPIRED: 4001,
  /** The client read too slowly: reconnect and resume. */
  SLOW_CONSUMER: 4002,
} as const;

/** Error codes a send may be retried after: nothing was stored, or the same client_message_id makes it safe. */
export const RETRYABLE_ERRORS: readonly string[] = [
  "upstream_unavailable", "internal_error", "rate_limited", "overloaded", "send_outcome_unknown",
];
