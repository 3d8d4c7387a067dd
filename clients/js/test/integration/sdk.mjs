// The client against the real services (started by e2e's SdkTest, which passes their addresses):
//  1. two people on two realtime instances chat; each sees the other's messages once, in order;
//  2. SENDS (default 300) sends from one client while its socket dies three times (the test kills
//     or drains the instance it is on whenever it prints "sender connected N URL"): each message is
//     in the chat's event log once, and both clients see each of them once, in order.
// Prints one JSON line, {"ok": true, ...} when everything held; exits non-zero otherwise.
import { createClient } from "../../dist/index.js";
import { chatsApi } from "../../dist/rest.js";
import { env, until, WebSocket } from "./common.mjs";

const AUTH_URL = env("AUTH_URL");
const CHAT_URL = env("CHAT_URL");
const PASSWORD = env("PASSWORD");
const RT_A = env("RT_A");
const RT_C = env("RT_C");
const RT_D = env("RT_D");
const SENDS = Number(process.env.SENDS ?? 300);

const deadline = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref());
const within = (ms, what, promise) => Promise.race([promise, deadline(ms, what)]);

/** A getToken that logs in, and refreshes with the refresh token after that (as an app's would). */
function login(username) {
  let refresh;
  return async () => {
    const path = refresh ? "/api/auth/refresh" : "/api/auth/login";
    const body = refresh ? { refresh_token: refresh } : { username, password: PASSWORD };
    const response = await fetch(AUTH_URL + path, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    const answer = await response.json();
    refresh = answer.refresh_token;
    return answer.access_token;
  };
}

/** A client, and what it handed over per chat, in order. */
async function person(username, urls, chatId) {
  const client = createClient({
    realtimeUrls: urls, chatUrl: CHAT_URL, getToken: login(username), WebSocket,
    backoff: { baseMs: 100, maxMs: 1000 }, autoConnect: false,
  });
  const chat = await chatsApi(client.request).get(chatId);
  client.track(chatId, chat.last_seq); // the app loaded the chat: events from here on
  const seen = []; // every chat event of chatId handed over: [type, event_seq, content]
  const contents = [];
  const problems = [];
  const on = (type) => client.on(type, (e) => {
    if (e.chat_id !== chatId) return;
    if (seen.length && e.event_seq <= seen[seen.length - 1][1]) problems.push(`${username}: ${e.event_seq} after ${seen[seen.length - 1][1]}`);
    seen.push([type, e.event_seq]);
    if (type === "new_message") contents.push(e.message.content);
  });
  for (const type of ["new_message", "message_updated", "message_deleted", "messages_read", "user_joined", "user_left"]) on(type);
  client.on("resync_required", (e) => problems.push(`${username}: resync_required for ${e.chat_id}`));
  const open = new Promise((resolve) => client.on("state", (s) => s.state === "open" && resolve()));
  client.connect();
  await within(20_000, `${username} connects`, open);
  return { client, seen, contents, problems };
}

/** Each entry of `wanted` once in `got`, in the same order, and nothing else with the prefix. */
function onceInOrder(got, wanted, prefix) {
  const mine = got.filter((c) => typeof c === "string" && c.startsWith(prefix));
  if (mine.length !== wanted.length) return `${mine.length} of ${wanted.length}`;
  const first = mine.findIndex((c, i) => c !== wanted[i]);
  return first < 0 ? null : `at ${first}: ${mine[first]} instead of ${wanted[first]}`;
}

async function eventLog(client, chatId) {
  const chats = chatsApi(client.request);
  const events = [];
  let after = 0;
  for (;;) {
    const page = await chats.events(chatId, after, 1000);
    events.push(...page.events);
    if (!page.events.length || page.events[page.events.length - 1].seq >= page.last_seq) return events;
    after = page.events[page.events.length - 1].seq;
  }
}

async function twoPeopleChat() {
  const chatId = env("CHAT_ID");
  const alice = await person(env("ALICE_USERNAME"), [RT_A], chatId);
  const bob = await person(env("BOB_USERNAME"), [RT_C], chatId);
  const fromAlice = [];
  const fromBob = [];
  const sends = [];
  for (let i = 0; i < 20; i++) {
    fromAlice.push(`a-${i}`);
    fromBob.push(`b-${i}`);
    sends.push(alice.client.send(chatId, `a-${i}`), bob.client.send(chatId, `b-${i}`));
  }
  await within(30_000, "the sends of phase 1", Promise.all(sends));
  await until(20_000, "both see all 40", () => alice.contents.length >= 40 && bob.contents.length >= 40);
  await new Promise((r) => setTimeout(r, 300)); // repeats, if any, would come now
  const problems = [
    ...alice.problems, ...bob.problems,
    ...[["alice sees bob", onceInOrder(alice.contents, fromBob, "b-")],
      ["bob sees alice", onceInOrder(bob.contents, fromAlice, "a-")],
      ["alice sees herself", onceInOrder(alice.contents, fromAlice, "a-")],
      ["bob sees himself", onceInOrder(bob.contents, fromBob, "b-")]]
      .filter(([, p]) => p).map(([what, p]) => `${what}: ${p}`),
  ];
  alice.client.close();
  bob.client.close();
  return { messages: 40, alice: alice.contents.length, bob: bob.contents.length, problems };
}

async function sendsThroughFaults() {
  const chatId = env("CHAT2_ID");
  const receiver = await person(env("RECEIVER_USERNAME"), [RT_A], chatId);
  let connects = 0;
  let drops = 0;
  const codes = [];
  const senderName = env("SENDER_USERNAME");
  // the sender's own socket goes from one instance to the other as they die
  const sender = await person(senderName, [RT_C, RT_D], chatId);
  const report = (s) => {
    if (s.state === "open") console.log(`sender connected ${++connects} ${s.url}`);
    if (s.state === "closed" || s.state === "stopped") {
      drops++;
      codes.push(s.code);
    }
  };
  sender.client.on("state", report);
  console.log(`sender connected ${++connects} ${sender.client.url}`); // the first connect, before the listener

  const wanted = Array.from({ length: SENDS }, (_, i) => `m-${i}`);
  const acks = [];
  const chunk = SENDS / 4;
  const sendChunk = (n) => {
    for (const content of wanted.slice(n * chunk, (n + 1) * chunk)) acks.push(sender.client.send(chatId, content));
  };
  sendChunk(0);
  for (let fault = 1; fault <= 3; fault++) {
    await until(120_000, `fault ${fault} closes the sender's socket`, () => drops >= fault);
    sendChunk(fault); // while the socket is down
  }
  const messages = await within(90_000, "every send acknowledged", Promise.all(acks));
  await until(60_000, "both clients see every message", () =>
    receiver.contents.filter((c) => c.startsWith("m-")).length >= SENDS
    && sender.contents.filter((c) => c.startsWith("m-")).length >= SENDS);
  await new Promise((r) => setTimeout(r, 500)); // repeats, if any, would come now

  const log = await eventLog(receiver.client, chatId);
  const logged = log.filter((e) => e.type === "message.created").map((e) => e.data.message.content);
  const ids = new Set(messages.map((m) => m.id));
  const problems = [
    ...receiver.problems, ...sender.problems,
    ...[["event log", onceInOrder(logged, wanted, "m-")],
      ["receiver", onceInOrder(receiver.contents, wanted, "m-")],
      ["sender", onceInOrder(sender.contents, wanted, "m-")]]
      .filter(([, p]) => p).map(([what, p]) => `${what}: ${p}`),
  ];
  if (ids.size !== SENDS) problems.push(`${ids.size} distinct messages acknowledged for ${SENDS} sends`);
  if (drops < 3) problems.push(`the sender's socket closed ${drops} times`);
  receiver.client.close();
  sender.client.close();
  return {
    sends: SENDS, logged: logged.length, receiver: receiver.contents.length, sender: sender.contents.length,
    drops, codes, connects, problems,
  };
}

const started = Date.now();
try {
  const phase1 = await twoPeopleChat();
  console.log(`phase 1: ${JSON.stringify(phase1)}`);
  const phase2 = await sendsThroughFaults();
  const ok = phase1.problems.length === 0 && phase2.problems.length === 0;
  console.log(JSON.stringify({ ok, seconds: Math.round((Date.now() - started) / 1000), twoPeople: phase1, faults: phase2 }));
  process.exit(ok ? 0 : 1);
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e?.stack ?? e) }));
  process.exit(1);
}
