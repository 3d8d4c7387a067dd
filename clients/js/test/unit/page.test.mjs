// The client in a page: the window's online/offline and the document's visibilitychange, with stand-ins
// for both; and without either (Node).
import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeTarget, tick, world } from "./fakes.mjs";

function page(onLine = true) {
  return { window: new FakeTarget({ navigator: { onLine } }), document: new FakeTarget({ visibilityState: "visible" }) };
}

/** Math.random pinned high: every backoff is about its ceiling (10 s here), so nothing reconnects by itself within a test. */
function slowBackoff(t) {
  const random = Math.random;
  Math.random = () => 0.99;
  t.after(() => (Math.random = random));
}

test("offline: no reconnect attempts however long; online: a new socket at once", async (t) => {
  slowBackoff(t);
  const p = page();
  const { client, sockets, next } = world({ ...p, backoff: { baseMs: 1, maxMs: 1 } }); // 1 ms: attempts would be many
  const states = [];
  client.on("state", (s) => states.push(s.state));
  const a = await next();
  a.welcome();
  a.event({ type: "new_message", chat_id: "c", event_seq: 7, message: {} });
  p.window.navigator.onLine = false;
  p.window.dispatch("offline");
  a.drop(1006);
  await tick(100); // 1 ms backoff: about a hundred attempts in this time were the client not waiting for the network
  assert.equal(sockets.length, 1, "no socket opened while offline");
  assert.ok(!states.includes("connecting"), "no attempt made while offline");
  p.window.navigator.onLine = true;
  p.window.dispatch("online");
  const b = await next();
  assert.ok(b, "a new socket right after online");
  b.welcome();
  assert.deepEqual(b.sent[0], { type: "resume", chats: { c: 7 } });
  client.close();
});

test("online cuts a pending backoff short and starts the backoff over", async (t) => {
  slowBackoff(t);
  const p = page();
  const { client, next } = world(p);
  const a = await next();
  a.welcome();
  a.drop(1008); // a long backoff (about 10 s here)
  assert.equal(await next(), undefined, "waiting out the backoff");
  p.window.dispatch("online");
  const b = await next();
  assert.ok(b, "reconnected at once when the network came back");
  client.close();
});

test("a client created offline connects when the network comes back", async () => {
  const p = page(false);
  const { client, next } = world(p);
  assert.equal(await next(), undefined);
  p.window.navigator.onLine = true;
  p.window.dispatch("online");
  assert.ok(await next());
  client.close();
});

test("online with an open socket: a ping, and the socket is replaced when nothing answers", async () => {
  const p = page();
  const { client, next } = world({ ...p, heartbeatMs: 200 }); // the probe waits min(5 s, heartbeat)
  const a = await next();
  a.welcome();
  p.window.dispatch("online");
  assert.deepEqual(a.sent.at(-1), { type: "ping" });
  await tick(300);
  assert.equal(a.readyState, 3, "given up: no pong after the network came back");
  client.close();
});

test("visible again with no socket (waiting out a backoff): reconnects at once", async (t) => {
  slowBackoff(t);
  const p = page();
  const { client, next } = world(p);
  const a = await next();
  a.welcome();
  a.drop(1006);
  assert.equal(await next(), undefined, "waiting out the backoff");
  p.document.visibilityState = "hidden";
  p.document.dispatch("visibilitychange");
  assert.equal(await next(), undefined, "hidden: nothing");
  p.document.visibilityState = "visible";
  p.document.dispatch("visibilitychange");
  assert.ok(await next(), "a socket as soon as the page is seen again");
  client.close();
});

test("visible again with an open socket silent past the heartbeat: a ping; not silent: nothing", async (t) => {
  const p = page();
  const { client, next } = world(p); // heartbeat 60 s: its own timer does not fire in this test
  const a = await next();
  a.welcome();
  p.document.dispatch("visibilitychange");
  assert.equal(a.sent.filter((f) => f.type === "ping").length, 0, "heard from just now: no ping");
  const now = Date.now;
  t.after(() => (Date.now = now));
  Date.now = () => now() + 61_000; // the page was hidden for a minute, its timers throttled
  p.document.dispatch("visibilitychange");
  assert.deepEqual(a.sent.at(-1), { type: "ping" });
  assert.equal(a.readyState, 1, "pinged, not replaced");
  client.close();
});

test("close() stops listening to the page; connect() listens again", async () => {
  const p = page();
  const { client, next } = world(p);
  await next();
  assert.equal(p.window.count(), 2);
  assert.equal(p.document.count(), 1);
  client.close();
  assert.equal(p.window.count() + p.document.count(), 0);
  client.connect();
  assert.equal(p.window.count(), 2);
  client.close();
});

test("Node: no window, no document; nothing to listen to and the client works", async () => {
  assert.equal(typeof globalThis.window, "undefined");
  assert.equal(typeof globalThis.document, "undefined");
  const { client, next } = world();
  const a = await next();
  a.welcome();
  assert.equal(client.state, "open");
  client.close();
});

test("reconnect(): the socket is given up at once and a new one opens, resuming", async () => {
  const { client, next } = world();
  const a = await next();
  a.welcome();
  a.event({ type: "new_message", chat_id: "c", event_seq: 2, message: {} });
  a.close = () => {}; // a dead network: the closing handshake never completes
  client.reconnect();
  const b = await next();
  assert.ok(b, "a new socket without waiting for the old one's close");
  b.welcome();
  assert.deepEqual(b.sent[0], { type: "resume", chats: { c: 2 } });
  client.close();
});
