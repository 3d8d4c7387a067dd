// Kafka's broker restarts while two people chat on two realtime instances (started by e2e's
// SdkTest, which stops the broker when this prints "sending" and starts it again 5 s later):
// sending goes on (chat-service's outbox keeps what the broker cannot take yet), no socket
// closes, and each message reaches the other person once, in order, once the broker is back.
import { createClient } from "../../dist/index.js";
import { env, finish, login, until, WebSocket } from "./common.mjs";

const CHAT_ID = env("CHAT_ID");
const MESSAGES = 30;

function person(username, url) {
  const states = [];
  const received = [];
  const client = createClient({
    realtimeUrls: [url], chatUrl: env("CHAT_URL"), WebSocket, autoConnect: false,
    getToken: () => login(username),
  });
  client.on("state", (s) => states.push(s.state + (s.code ? ` ${s.code}` : "")));
  client.on("new_message", (e) => e.chat_id === CHAT_ID && received.push(e.message.content));
  client.connect();
  return { client, states, received };
}

const alice = person(env("ALICE_USERNAME"), env("RT_A"));
const bob = person(env("BOB_USERNAME"), env("RT_C"));
try {
  await until(20_000, "both sockets open", () => alice.states.includes("open") && bob.states.includes("open"));
  console.log("sending");
  const wanted = Array.from({ length: MESSAGES }, (_, i) => `through the broker's restart ${i}`);
  for (const content of wanted) {
    await alice.client.send(CHAT_ID, content);
    await new Promise((r) => setTimeout(r, 300)); // spread over the restart: before, during and after it
  }
  await until(90_000, "bob has every message", () => bob.received.length >= MESSAGES);
  await new Promise((r) => setTimeout(r, 500)); // repeats, if any, would come now
  const problems = [];
  if (bob.received.join("\n") !== wanted.join("\n")) problems.push(`bob got ${bob.received.length}: not each once in order`);
  for (const [who, p] of [["alice", alice], ["bob", bob]]) {
    if (p.states.some((s) => s.startsWith("closed"))) problems.push(`${who}'s socket closed: ${p.states.join(", ")}`);
  }
  finish({ messages: MESSAGES, bob: bob.received.length, problems });
} catch (e) {
  finish({ bob: bob.received.length, error: String(e?.stack ?? e) });
}
