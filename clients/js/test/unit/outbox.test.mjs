// The outbox with a store: sends not yet stored survive a reload (a second client on the same store)
// and are made again with the same client_message_id.
import { test } from "node:test";
import assert from "node:assert/strict";
import { localStorageOutbox } from "../../dist/index.js";
import { chatService, memoryStore, tick, world } from "./fakes.mjs";

const down = () => new TypeError("fetch failed");
const quick = { baseMs: 5, maxMs: 5 };

test("a pending send is in the store with its id; after a reload it is sent again with that id, then removed", async () => {
  const store = memoryStore();
  const first = chatService(down); // chat-service unreachable: the send stays pending
  const before = world({ outboxStore: store, fetch: first.fetch, backoff: quick, autoConnect: false }).client;
  void before.send("c1", "hello", { client_message_id: "id-1" });
  void before.send("c1", "again");
  await tick(20);
  const kept = JSON.parse(store.value);
  assert.deepEqual(kept.map((p) => [p.chat_id, p.content]), [["c1", "hello"], ["c1", "again"]]);
  assert.equal(kept[0].client_message_id, "id-1");
  assert.deepEqual(before.outbox().map((p) => p.client_message_id), kept.map((p) => p.client_message_id));
  before.close();

  // The reload: a new client on the same store, chat-service reachable.
  const second = chatService();
  const after = world({ outboxStore: store, fetch: second.fetch, backoff: quick, autoConnect: false }).client;
  const changes = [];
  after.on("outbox", (e) => changes.push(e.pending.length));
  assert.equal(after.pending, 2, "restored at creation");
  await tick(20);
  assert.deepEqual(second.posts.map((p) => [p.url, p.body.client_message_id, p.body.content]),
    [["http://chat/api/chats/c1/messages", "id-1", "hello"], ["http://chat/api/chats/c1/messages", kept[1].client_message_id, "again"]]);
  assert.equal(after.pending, 0);
  assert.deepEqual(JSON.parse(store.value), []);
  assert.deepEqual(changes, [1, 0]);
  after.close();
});

test("an async store: sends made while it loads go after the ones it kept", async () => {
  const store = memoryStore(JSON.stringify([{ chat_id: "c", content: "kept", client_message_id: "k" }]), { async: true });
  const service = chatService();
  const { client } = world({ outboxStore: store, fetch: service.fetch, backoff: quick, autoConnect: false });
  const sent = client.send("c", "new", { client_message_id: "n" });
  const message = await sent;
  assert.equal(message.client_message_id, "n");
  assert.deepEqual(service.posts.map((p) => p.body.client_message_id), ["k", "n"]);
  await tick(5);
  assert.equal(store.value, "[]");
  client.close();
});

test("a refused send found in the store is dropped from it, with send_failed", async () => {
  const store = memoryStore(JSON.stringify([{ chat_id: "c", content: "", client_message_id: "bad" }]));
  const service = chatService(() => ({ status: 400, json: { code: "validation_failed", detail: "content is empty" } }));
  const { client } = world({ outboxStore: store, fetch: service.fetch, backoff: quick, autoConnect: false });
  const failed = [];
  client.on("send_failed", (e) => failed.push([e.client_message_id, e.error.code]));
  await tick(10);
  assert.deepEqual(failed, [["bad", "validation_failed"]]);
  assert.equal(store.value, "[]");
  client.close();
});

test("without a store the outbox is in memory; an unreadable store counts as empty", async () => {
  const service = chatService(down);
  const plain = world({ fetch: service.fetch, backoff: quick, autoConnect: false }).client;
  void plain.send("c", "x");
  await tick(5);
  assert.equal(plain.pending, 1);
  plain.close();
  const broken = memoryStore("{not json");
  const client = world({ outboxStore: broken, fetch: service.fetch, backoff: quick, autoConnect: false }).client;
  assert.equal(client.pending, 0);
  client.close();
});

test("a network back online wakes sends waiting out their backoff", async (t) => {
  const { FakeTarget } = await import("./fakes.mjs");
  const random = Math.random;
  Math.random = () => 0.99; // every backoff about its ceiling: a minute here
  t.after(() => (Math.random = random));
  const window = new FakeTarget({ navigator: { onLine: true } });
  let up = false;
  const service = chatService((body) => (up ? { status: 201, json: { id: "m", seq: 1, ...body } } : down()));
  const { client } = world({ window, document: null, fetch: service.fetch, backoff: { baseMs: 60_000, maxMs: 60_000 } });
  const sent = client.send("c", "hi");
  await tick(10);
  const tries = service.posts.length;
  up = true;
  await tick(30);
  assert.equal(service.posts.length, tries, "waiting out a backoff of up to a minute");
  window.dispatch("online");
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("not sent within 1 s of online")), 1000)));
  await Promise.race([sent, late]);
  clearTimeout(timer);
  client.close();
});

test("localStorageOutbox keeps the outbox under its key in the given Storage, and removes it when empty", () => {
  const items = new Map();
  const storage = {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => items.set(k, String(v)),
    removeItem: (k) => items.delete(k),
  };
  const store = localStorageOutbox("outbox.u1", storage);
  assert.equal(store.get(), null);
  store.set('[{"chat_id":"c"}]');
  assert.equal(items.get("outbox.u1"), '[{"chat_id":"c"}]');
  assert.equal(store.get(), '[{"chat_id":"c"}]');
  store.set("[]");
  assert.equal(items.has("outbox.u1"), false);
  const nowhere = localStorageOutbox("k"); // Node: no localStorage
  assert.equal(nowhere.get(), undefined);
  nowhere.set("[]");
});
