import type { ReactionAdded, ReactionCount, ReactionRemoved } from "./protocol.js";

/**
 * A message's reactions after a reaction_added or reaction_removed: the emoji's count is the event's
 * (how many have it after that change; none: the emoji goes), and `me` changes when the event is
 * the user's own (userId). A new emoji comes last, as chat-service orders them. Returns a new list.
 */
export function withReaction(reactions: readonly ReactionCount[] | undefined, event: ReactionAdded | ReactionRemoved,
  userId: string): ReactionCount[] {
  const list = [...(reactions ?? [])];
  const at = list.findIndex((r) => r.emoji === event.emoji);
  const me = event.user_id === userId ? event.type === "reaction_added" : at >= 0 && list[at].me;
  if (event.count <= 0) {
    if (at >= 0) list.splice(at, 1);
  } else if (at >= 0) {
    list[at] = { emoji: event.emoji, count: event.count, me };
  } else {
    list.push({ emoji: event.emoji, count: event.count, me });
  }
  return list;
}
