import { test } from "node:test";
import assert from "node:assert/strict";
import { backoffDelay, refreshDelay, tokenExpiry, fromLog } from "../../dist/index.js";

test("backoff: full jitter below a ceiling that doubles up to the maximum", () => {
  const opts = { baseMs: 100, maxMs: 1000 };
  assert.equal(backoffDelay(0, opts, () => 0.999999), 99);
  assert.equal(backoffDelay(2, opts, () => 0.999999), 399);
  assert.equal(backoffDelay(10, opts, () => 0.999999), 999);
  assert.equal(backoffDelay(1000, opts, () => 0.999999), 999);
  assert.equal(backoffDelay(5, opts, () => 0), 0);
  for (let i = 0; i < 100; i++) {
    const d = backoffDelay(3, opts);
    assert.ok(d >= 0 && d < 800, String(d));
  }
});

test("token: exp read from the JWT; refreshed a minute early, or at half the life left", () => {
  const payload = Buffer.from(JSON.stringify({ sub: "u", exp: 2_000_000_000 })).toString("base64url");
  assert.equal(tokenExpiry(`h.${payload}.s`), 2_000_000_000_000);
  assert.equal(tokenExpiry("opaque"), undefined);
  assert.equal(refreshDelay(1_000_000 + 900_000, 1_000_000), 840_000);
  assert.equal(refreshDelay(1_000_000 + 30_000, 1_000_000), 15_000);
  assert.equal(refreshDelay(1_000_000, 1_000_000), 1000);
});

test("log entries become the socket events realtime-service sends", () => {
  const base = { chat_id: "c", seq: 4, time: "t" };
  assert.deepEqual(fromLog({ ...base, type: "message.created", data: { message: { id: "m" }, muted_by: [] } }),
    { chat_id: "c", event_seq: 4, timestamp: "t", type: "new_message", message: { id: "m" } });
  assert.equal(fromLog({ ...base, type: "chat.member_added", data: { user_id: "u", added_by: "o" } }).type, "user_joined");
  assert.equal(fromLog({ ...base, type: "chat.member_removed", data: { user_id: "u", removed_by: "o" } }).type, "user_left");
  assert.equal(fromLog({ ...base, type: "messages.read", data: { user_id: "u", seq: 3 } }).seq, 3);
  assert.equal(fromLog({ ...base, type: "message.updated", data: { message_id: "m", content: null } }).content, null);
  assert.equal(fromLog({ ...base, type: "something.new", data: {} }).event_seq, 4);
});
