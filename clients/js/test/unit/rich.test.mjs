// Rich messaging in the SDK: reactions and pins are chat events like the others (their seq resumes,
// repeats are dropped, gaps are read from the log), and the REST calls for reactions, pins,
// attachments and search make the requests chat-service expects.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chatsApi, fromLog, withReaction } from "../../dist/index.js";
import { chatService, tick, world } from "./fakes.mjs";

const at = { chat_id: "c", timestamp: "" };
const reactionAdded = (eventSeq, more = {}) => ({
  ...at, type: "reaction_added", event_seq: eventSeq, message_id: "m1", seq: 1, emoji: "👍", user_id: "u2", count: 1, ...more,
});
const rich = (eventSeq) => [
  reactionAdded(eventSeq),
  { ...at, type: "reaction_removed", event_seq: eventSeq + 1, message_id: "m1", seq: 1, emoji: "👍", user_id: "u2", count: 0 },
  { ...at, type: "message_pinned", event_seq: eventSeq + 2, message_id: "m1", seq: 1, user_id: "u2" },
  { ...at, type: "message_unpinned", event_seq: eventSeq + 3, message_id: "m1", seq: 1, user_id: "u2" },
];

test("reactions and pins move the chat's resume position and reach the app once each, in order", async () => {
  const { client, next } = world();
  const got = [];
  for (const type of ["new_message", "reaction_added", "reaction_removed", "message_pinned", "message_unpinned"]) {
    client.on(type, (e) => got.push(`${e.type}:${e.event_seq}`));
  }
  const a = await next();
  a.welcome();
  a.event({ ...at, type: "new_message", event_seq: 1, message: { id: "m1", seq: 1 } });
  const events = rich(2);
  for (const e of [...events, events[0], events[2]]) a.event(e); // the last two are repeats
  a.event({ ...at, type: "new_message", event_seq: 6, message: { id: "m2", seq: 2 } });
  assert.deepEqual(got, ["new_message:1", "reaction_added:2", "reaction_removed:3", "message_pinned:4",
    "message_unpinned:5", "new_message:6"]);
  assert.deepEqual(client.seqs(), { c: 6 });
  a.drop(1012);
  const b = await next();
  b.welcome();
  assert.deepEqual(b.sent[0], { type: "resume", chats: { c: 6 } });
  for (const e of events) b.event(e); // replayed by a server that resumed from earlier: repeats
  assert.equal(got.length, 6);
  client.close();
});

test("a reaction the socket missed is read from the log, as the socket would have given it, before what follows", async () => {
  const reads = [];
  const fetch = async (url) => {
    reads.push(url);
    return new Response(JSON.stringify({ chat_id: "c", last_seq: 3, events: [
      { type: "reaction.added", chat_id: "c", seq: 2, time: "t",
        data: { message_id: "m1", message_seq: 1, emoji: ":tada:", user_id: "u2", count: 2 } },
    ] }), { status: 200, headers: { "Content-Type": "application/json" } });
  };
  const { client, next } = world({ fetch, gapWaitMs: 1 });
  const got = [];
  client.on("reaction_added", (e) => got.push(e));
  const pinned = new Promise((resolve) => client.on("message_pinned", (e) => resolve(got.push(e))));
  const a = await next();
  a.welcome();
  a.event({ ...at, type: "new_message", event_seq: 1, message: { id: "m1", seq: 1 } });
  a.event({ ...at, type: "message_pinned", event_seq: 3, message_id: "m1", seq: 1, user_id: "u3" }); // 2 is missing
  assert.deepEqual(got, [], "held back until the gap is filled");
  await pinned;
  assert.deepEqual(reads, ["http://chat/api/chats/c/events?after_seq=1&limit=500"]);
  assert.deepEqual(got.map((e) => [e.type, e.event_seq]), [["reaction_added", 2], ["message_pinned", 3]]);
  assert.deepEqual({ ...got[0] }, { type: "reaction_added", chat_id: "c", event_seq: 2, timestamp: "t", message_id: "m1",
    seq: 1, emoji: ":tada:", user_id: "u2", count: 2 });
  assert.deepEqual(client.seqs(), { c: 3 });
  client.close();
});

test("an event of a type this version does not know still takes its place in the chat's sequence", async () => {
  const { client, next } = world();
  const got = [];
  client.on("new_message", (e) => got.push(e.event_seq));
  client.on("poll_closed", (e) => got.push(`poll_closed:${e.event_seq}`));
  const a = await next();
  a.welcome();
  a.event({ ...at, type: "new_message", event_seq: 1, message: {} });
  a.event({ ...at, type: "poll_closed", event_seq: 2 });
  a.event({ ...at, type: "new_message", event_seq: 3, message: {} }); // no gap: 2 came
  assert.deepEqual(got, [1, "poll_closed:2", 3]);
  assert.deepEqual(client.seqs(), { c: 3 });
  client.close();
});

test("the log's reaction and pin entries become the socket's events, with the message's seq as seq", () => {
  const entry = (type, data) => fromLog({ type, chat_id: "c", seq: 9, time: "t", data });
  const head = { chat_id: "c", event_seq: 9, timestamp: "t", message_id: "m", seq: 4 };
  const reaction = { message_id: "m", message_seq: 4, emoji: "🇺🇦", user_id: "u", count: 3 };
  assert.deepEqual(entry("reaction.added", reaction), { ...head, type: "reaction_added", emoji: "🇺🇦", user_id: "u", count: 3 });
  assert.deepEqual(entry("reaction.removed", { ...reaction, count: 0 }),
    { ...head, type: "reaction_removed", emoji: "🇺🇦", user_id: "u", count: 0 });
  assert.deepEqual(entry("message.pinned", { message_id: "m", message_seq: 4, user_id: "u" }),
    { ...head, type: "message_pinned", user_id: "u" });
  assert.deepEqual(entry("message.unpinned", { message_id: "m", message_seq: 4, user_id: "u" }),
    { ...head, type: "message_unpinned", user_id: "u" });
});

test("withReaction: the event's count wins, me follows my own events, a new emoji comes last, none left goes", () => {
  const start = [{ emoji: "👍", count: 1, me: false }];
  const mine = withReaction(start, reactionAdded(2, { user_id: "me", count: 2 }), "me");
  assert.deepEqual(mine, [{ emoji: "👍", count: 2, me: true }]);
  assert.deepEqual(start, [{ emoji: "👍", count: 1, me: false }], "the list given is left as it was");
  const other = withReaction(mine, reactionAdded(3, { emoji: ":tada:", user_id: "u3", count: 1 }), "me");
  assert.deepEqual(other, [{ emoji: "👍", count: 2, me: true }, { emoji: ":tada:", count: 1, me: false }]);
  const someoneElseLeft = withReaction(other, { ...reactionAdded(4, { user_id: "u2", count: 1 }), type: "reaction_removed" }, "me");
  assert.deepEqual(someoneElseLeft[0], { emoji: "👍", count: 1, me: true });
  const iLeft = withReaction(someoneElseLeft, { ...reactionAdded(5, { user_id: "me", count: 0 }), type: "reaction_removed" }, "me");
  assert.deepEqual(iLeft, [{ emoji: ":tada:", count: 1, me: false }]);
  assert.deepEqual(withReaction(undefined, reactionAdded(6), "me"), [{ emoji: "👍", count: 1, me: false }]);
});

test("reaction, pin, attachment and search calls: methods, paths (the emoji URL-encoded), queries and bodies", async () => {
  const made = [];
  const chats = chatsApi(async (method, path, body) => (made.push([method, path, body]), {}));
  const file = new Blob(["png"], { type: "image/png" });
  await chats.react("c1", "m1", "👍");
  await chats.react("c1", "m1", "👍🏽");
  await chats.unreact("c1", "m 1", ":+1:");
  await chats.pin("c1", "m1");
  await chats.unpin("c1", "m1");
  await chats.pins("c1");
  await chats.upload("c1", file, "cat & dog.png");
  await chats.attachment("c1", "a1");
  await chats.thumbnail("c1", "a1");
  await chats.search("привет мир");
  await chats.search("a&b", { chatId: "c1", limit: 10, before: "abc=" });
  assert.deepEqual(made, [
    ["PUT", "/api/chats/c1/messages/m1/reactions/%F0%9F%91%8D", undefined],
    ["PUT", "/api/chats/c1/messages/m1/reactions/%F0%9F%91%8D%F0%9F%8F%BD", undefined],
    ["DELETE", "/api/chats/c1/messages/m%201/reactions/%3A%2B1%3A", undefined],
    ["PUT", "/api/chats/c1/pins/m1", undefined],
    ["DELETE", "/api/chats/c1/pins/m1", undefined],
    ["GET", "/api/chats/c1/pins", undefined],
    ["POST", "/api/chats/c1/attachments?name=cat%20%26%20dog.png", file],
    ["GET", "/api/chats/c1/attachments/a1", undefined],
    ["GET", "/api/chats/c1/attachments/a1/thumbnail", undefined],
    ["GET", "/api/messages/search?q=%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82%20%D0%BC%D0%B8%D1%80", undefined],
    ["GET", "/api/messages/search?q=a%26b&chat_id=c1&limit=10&before=abc%3D", undefined],
  ]);
});

test("an upload names a File by its own name unless told another", async () => {
  const made = [];
  const chats = chatsApi(async (method, path) => (made.push(path), {}));
  await chats.upload("c1", new File(["x"], "photo.jpg", { type: "image/jpeg" }));
  await chats.upload("c1", new File(["x"], "photo.jpg", { type: "image/jpeg" }), "renamed.jpg");
  assert.deepEqual(made, ["/api/chats/c1/attachments?name=photo.jpg", "/api/chats/c1/attachments?name=renamed.jpg"]);
});

/** A fetch that records each call (its body as given) and answers what answer(url) gives. */
function recordingFetch(answer) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, method: init.method, headers: init.headers, body: init.body });
    return answer(url);
  };
  return { calls, fetch };
}

test("through the client: a file goes up as it is with its type and the token, a file comes down as a Blob", async () => {
  const attachment = { id: "a1", name: "cat.png", content_type: "image/png", size: 3, sha256: "ab", width: 1, height: 1, thumbnail: true };
  const { calls, fetch } = recordingFetch((url) => url.endsWith("/thumbnail")
    ? new Response(new Uint8Array([1, 2, 3]), { status: 200, headers: { "Content-Type": "image/png" } })
    : new Response(JSON.stringify(attachment), { status: 201, headers: { "Content-Type": "application/json" } }));
  const { client } = world({ fetch, autoConnect: false });
  const chats = chatsApi(client.request);
  const file = new File([new Uint8Array([137, 80, 78])], "cat.png", { type: "image/png" });
  assert.deepEqual(await chats.upload("c1", file), attachment);
  assert.equal(calls[0].url, "http://chat/api/chats/c1/attachments?name=cat.png");
  assert.equal(calls[0].method, "POST");
  assert.deepEqual(calls[0].headers, { Authorization: "Bearer t1", "Content-Type": "image/png" });
  assert.equal(calls[0].body, file, "the file itself, not JSON");
  const thumbnail = await chats.thumbnail("c1", "a1");
  assert.ok(thumbnail instanceof Blob);
  assert.equal(thumbnail.type, "image/png");
  assert.deepEqual([...new Uint8Array(await thumbnail.arrayBuffer())], [1, 2, 3]);
  client.close();
});

test("through the client: a file of no known type goes as application/octet-stream; a reaction answers the message", async () => {
  const message = { id: "m1", reactions: [{ emoji: "👍", count: 1, me: true }] };
  const { calls, fetch } = recordingFetch(() =>
    new Response(JSON.stringify(message), { status: 200, headers: { "Content-Type": "application/json" } }));
  const { client } = world({ fetch, autoConnect: false });
  const chats = chatsApi(client.request);
  await chats.upload("c1", new Blob(["raw"]), "notes");
  assert.equal(calls[0].headers["Content-Type"], "application/octet-stream");
  assert.deepEqual(await chats.react("c1", "m1", "👍"), message);
  assert.equal(calls[1].url, "http://chat/api/chats/c1/messages/m1/reactions/%F0%9F%91%8D");
  assert.equal(calls[1].method, "PUT");
  assert.deepEqual(calls[1].headers, { Authorization: "Bearer t1" });
  assert.equal(calls[1].body, undefined);
  client.close();
});

test("a send with a reply, mentions and attachments (and no text) posts them with its client_message_id", async () => {
  const service = chatService();
  const { client } = world({ fetch: service.fetch, autoConnect: false });
  const options = { reply_to: "m1", mentions: ["u2"], attachment_ids: ["a1", "a2"], client_message_id: "k1" };
  const message = await client.send("c1", "", options);
  assert.equal(message.id, "m-k1");
  assert.deepEqual(service.posts, [{ url: "http://chat/api/chats/c1/messages", body: { ...options, content: "" } }]);
  client.close();
});
