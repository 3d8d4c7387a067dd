export { createClient, SwitchboardError } from "./client.js";
export type {
  ClientEventMap, ClientOptions, ConnectionState, SendOptions, StateChange, SwitchboardClient, WebSocketConstructor,
  WebSocketLike,
} from "./client.js";
export { localStorageOutbox, type OutboxStore, type PendingSend, type StorageLike } from "./outbox.js";
export type { DocumentLike, WindowLike } from "./page.js";
export * from "./protocol.js";
export { backoffDelay, type BackoffOptions } from "./backoff.js";
export { Sequencer, type Offered } from "./sequencer.js";
export { fromLog, type LogEvent } from "./log.js";
export { refreshDelay, tokenExpiry } from "./token.js";
export {
  adminApi, authApi, chatsApi, notificationsApi, type Chat, type ChatMember, type EventPage, type LoggedEvent, type Pin,
  type Request, type SearchHit, type SearchPage, type TokenPair, type User,
} from "./rest.js";
export { withReaction } from "./reactions.js";
