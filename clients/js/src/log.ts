import type { ChatEvent } from "./protocol.js";

/** An entry of chat-service's event log (GET /api/chats/{id}/events). */
export interface LogEvent {
  type: string;
  chat_id: string;
  seq: number;
  time: string;
  data: Record<string, any>;
}

/**
 * The socket event a log entry becomes, as realtime-service writes it (its EventFrames). A type this
 * version does not know keeps its place in the sequence, under its log name with its data.
 */
export function fromLog(entry: LogEvent): ChatEvent {
  const head = { chat_id: entry.chat_id, event_seq: entry.seq, timestamp: entry.time };
  const d = entry.data ?? {};
  switch (entry.type) {
    case "message.created":
      return { ...head, type: "new_message", message: d.message };
    case "message.updated":
      return { ...head, type: "message_updated", message_id: d.message_id, content: d.content ?? null, edited_at: d.edited_at };
    case "message.deleted":
      return { ...head, type: "message_deleted", message_id: d.message_id, deleted_by: d.deleted_by };
    case "messages.read":
      return { ...head, type: "messages_read", user_id: d.user_id, seq: d.seq };
    case "chat.member_added":
      return { ...head, type: "user_joined", user_id: d.user_id, added_by: d.added_by };
    case "chat.member_removed":
      return { ...head, type: "user_left", user_id: d.user_id, removed_by: d.removed_by };
    case "chat.created":
      return { ...head, type: "chat_created", chat_type: d.chat_type, title: d.title, owner_id: d.owner_id, member_ids: d.member_ids };
    case "chat.updated":
      return { ...head, type: "chat_updated", title: d.title, owner_id: d.owner_id };
    case "reaction.added":
    case "reaction.removed":
      return {
        ...head, type: entry.type === "reaction.added" ? "reaction_added" : "reaction_removed", message_id: d.message_id,
        seq: d.message_seq, emoji: d.emoji, user_id: d.user_id, count: d.count,
      };
    case "message.pinned":
    case "message.unpinned":
      return {
        ...head, type: entry.type === "message.pinned" ? "message_pinned" : "message_unpinned", message_id: d.message_id,
        seq: d.message_seq, user_id: d.user_id,
      };
    default:
      return { ...head, type: entry.type, data: d } as unknown as ChatEvent;
  }
}
