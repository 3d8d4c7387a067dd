// A token that runs out while the socket is open (started by e2e's SdkTest): the client starts
// with an access token that expires in seconds (SHORT_TOKEN), fetches a fresh one before it runs
// out and hands it to the open socket with `auth`. Past the first token's expiry the socket is
// still the first one (realtime-service closes a socket whose token expired with 4001), and a
// message sent after it still arrives.
import { createClient } from "../../dist/index.js";
import { env, finish, login, until, WebSocket } from "./common.mjs";

const CHAT_ID = env("CHAT_ID");
const SHORT_TOKEN = env("SHORT_TOKEN");
const expiresAt = JSON.parse(Buffer.from(SHORT_TOKEN.split(".")[1], "base64url").toString()).exp * 1000;

let tokensAsked = 0;
const states = [];
const received = [];
const client = createClient({
  realtimeUrls: [env("RT_A")], chatUrl: env("CHAT_URL"), WebSocket, autoConnect: false,
  getToken: async () => (++tokensAsked === 1 ? SHORT_TOKEN : login(env("USERNAME"))),
});
client.on("state", (s) => states.push(s.state + (s.code ? ` ${s.code}` : "")));
client.on("new_message", (e) => e.chat_id === CHAT_ID && received.push(e.message.content));
const other = createClient({
  realtimeUrls: [env("RT_A")], chatUrl: env("CHAT_URL"), WebSocket, autoConnect: false,
  getToken: () => login(env("OTHER_USERNAME")),
});

try {
  client.connect();
  await until(20_000, "the socket opens", () => states.includes("open"));
  const lifeLeftMs = expiresAt - Date.now();
  await until(lifeLeftMs + 15_000, "the first token's expiry has passed by 5 s", () => Date.now() > expiresAt + 5_000);
  await other.send(CHAT_ID, "after the first token expired");
  await until(20_000, "the message sent after the expiry arrives", () => received.includes("after the first token expired"));
  const problems = [];
  if (states.filter((s) => s === "open").length !== 1) problems.push(`the socket was replaced: ${states.join(", ")}`);
  if (states.some((s) => s.startsWith("closed"))) problems.push(`the socket closed: ${states.join(", ")}`);
  if (tokensAsked < 2) problems.push("no fresh token was fetched");
  finish({ lifeLeftMs, tokensAsked, states, problems });
} catch (e) {
  finish({ states, tokensAsked, error: String(e?.stack ?? e) });
}
