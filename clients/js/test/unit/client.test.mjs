// The connection's decisions with a stand-in socket: which URL next, how soon, with which token.
import { test } from "node:test";
import assert from "node:assert/strict";
import { world } from "./fakes.mjs";

const carrier = (socket) => decodeURIComponent(socket.protocols[1]);

test("1012: reconnect at once, to the next URL, and resume from the last seq", async () => {
  const { client, next } = world();
  const a = await next();
  assert.equal(a.url, "ws://a/ws");
  a.welcome();
  a.event({ type: "new_message", chat_id: "c", event_seq: 3, message: {} });
  a.drop(1012);
  const b = await next();
  assert.equal(b.url, "ws://b/ws");
  b.welcome();
  assert.deepEqual(b.sent[0], { type: "resume", chats: { c: 3 } });
  client.close();
});

test("4001: a fresh token, then reconnect at once", async () => {
  const { client, next, tokens } = world();
  const a = await next();
  assert.equal(carrier(a), "quarkus-http-upgrade#Authorization#Bearer t1");
  a.welcome();
  a.drop(4001);
  const b = await next();
  assert.equal(carrier(b), "quarkus-http-upgrade#Authorization#Bearer t2");
  assert.equal(tokens(), 2);
  client.close();
});

test("1009 and 1002: no reconnect loop", async () => {
  for (const code of [1009, 1002]) {
    const { client, sockets, next } = world();
    const states = [];
    client.on("state", (s) => states.push(s.state));
    const a = await next();
    a.welcome();
    a.drop(code);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(sockets.length, 1);
    assert.equal(client.state, "stopped");
    client.close();
  }
});

test("1008: backs off instead of reconnecting at once", async () => {
  const { client, sockets, next } = world();
  const a = await next();
  a.welcome();
  a.drop(1008);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(sockets.length, 1, "no new socket within 20 ms (the backoff is up to 10 s here)");
  client.close();
});

test("a repeated or out-of-order event reaches the app once, in order", async () => {
  const { client, next } = world();
  const got = [];
  client.on("new_message", (e) => got.push(e.event_seq));
  const a = await next();
  a.welcome();
  for (const seq of [1, 2, 2, 1, 3]) a.event({ type: "new_message", chat_id: "c", event_seq: seq, message: {} });
  assert.deepEqual(got, [1, 2, 3]);
  client.close();
});

test("the token is refreshed over the socket with auth before it expires", async () => {
  const { client, next } = world();
  const a = await next();
  a.welcome({ expires_at: new Date(Date.now() + 1500).toISOString() }); // refreshed 1 s from now at the earliest
  await new Promise((r) => setTimeout(r, 1100));
  assert.deepEqual(a.sent.find((f) => f.type === "auth"), { type: "auth", token: "t2" });
  client.close();
});

test("watchPresence subscribes now and again after a reconnect, behind the resume", async () => {
  const { client, next } = world();
  const a = await next();
  a.welcome();
  a.event({ type: "new_message", chat_id: "c", event_seq: 1, message: {} });
  client.watchPresence(["u1", "u2"]);
  assert.deepEqual(a.sent.at(-1), { type: "subscribe_presence", user_ids: ["u1", "u2"] });
  a.drop(1012);
  const b = await next();
  b.welcome();
  assert.deepEqual(b.sent.slice(0, 2), [
    { type: "resume", chats: { c: 1 } },
    { type: "subscribe_presence", user_ids: ["u1", "u2"] },
  ]);
  client.watchPresence([]);
  assert.deepEqual(b.sent.at(-1), { type: "subscribe_presence", user_ids: [] });
  b.drop(1012);
  const c = await next();
  c.welcome();
  assert.ok(!c.sent.some((f) => f.type === "subscribe_presence"), "nothing to follow after []");
  client.close();
});
