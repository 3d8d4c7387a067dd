// Two people chat in two Chromium windows through the example web client (docs/examples/web), which
// runs on the SDK's browser bundle, served from an origin of its own: each logs in, opens their
// direct chat, and sees the other's messages arrive live over the WebSocket. Then:
//  - Alice replies to a message of Bob's, Bob reacts 👍 to one of hers, and Alice sends a picture:
//    each shows live on the other's page (the answered message quoted, the count, the thumbnail
//    fetched through chat-service), and Bob's search finds the picture's message, the word marked;
//  - Bob's network goes away with his connection: his page makes no attempts while offline, and
//    once the network is back it reconnects and resumes: what Alice said meanwhile arrives once,
//    in order;
//  - a send of Bob's whose answers never reach his page (chat-service stores it, the page sees a
//    network error) stays in his outbox across a page reload, and is sent again after it with the
//    same client_message_id: Alice and Bob see it once;
//  - Alice opens a second tab whose login answers an access token that expires in 20 s (signed
//    here with auth-service's key): the page renews it on the open socket (`auth`), with no
//    reconnect, and a message sent after the first token expired still arrives on that socket.
// Run by BrowserTest with the stack's addresses in the environment; prints one JSON line and exits
// 0 when everything happened, 1 otherwise.
import { createPrivateKey, sign } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const page = env("PAGE_URL");
const chat = env("CHAT_ID");
const people = [
  { name: "alice", username: env("ALICE_USERNAME"), password: env("PASSWORD") },
  { name: "bob", username: env("BOB_USERNAME"), password: env("PASSWORD") },
];
const TIMEOUT = 20_000;
/** A 1×1 PNG: a picture to attach, which chat-service makes a thumbnail of. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

const browser = await chromium.launch({
  executablePath: env("CHROMIUM"),
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
let expectErrors = false; // failed requests are expected then, and logged by the browser as errors
try {
  const windows = [];
  for (const person of people) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    tab.on("console", (message) => message.type() === "error" && !expectErrors
        && problems.push(`${person.name}: ${message.text()}`));
    tab.on("pageerror", (error) => problems.push(`${person.name}: ${error.message}`));
    const window = { ...person, tab };
    await tab.goto(page);
    await signIn(window);
    windows.push(window);
  }
  const [alice, bob] = windows;

  await say(alice, "hello from a browser");
  await bob.tab.locator("#messages li", { hasText: "hello from a browser" }).waitFor({ timeout: TIMEOUT });

  await bob.tab.fill("#text", "hello back");
  await alice.tab.locator("#typing", { hasText: "is typing" }).waitFor({ timeout: TIMEOUT });
  await bob.tab.click("#send");
  await alice.tab.locator("#messages li", { hasText: "hello back" }).waitFor({ timeout: TIMEOUT });

  // A reply, a reaction and a picture, each live on the other page; then a search finds the picture's message.
  await alice.tab.locator("#messages li", { hasText: "hello back" }).locator("button.reply-to").click();
  await alice.tab.locator("#replying", { hasText: "hello back" }).waitFor({ timeout: TIMEOUT });
  await say(alice, "an answer to that");
  await bob.tab.locator("#messages li", { hasText: "an answer to that" }).locator(".reply", { hasText: "hello back" })
    .waitFor({ timeout: TIMEOUT });
  await bob.tab.locator("#messages li", { hasText: "hello from a browser" }).locator("button.react").click();
  await alice.tab.locator("#messages li", { hasText: "hello from a browser" }).locator(".reactions", { hasText: "👍 1" })
    .waitFor({ timeout: TIMEOUT });
  await alice.tab.setInputFiles("#file", { name: "dot.png", mimeType: "image/png", buffer: PNG });
  await say(alice, "a picture of a dot");
  const picture = bob.tab.locator("#messages li", { hasText: "a picture of a dot" });
  await picture.locator(".attachment", { hasText: "dot.png" }).waitFor({ timeout: TIMEOUT });
  await bob.tab.waitForFunction(() => [...document.querySelectorAll("#messages .attachment img")]
    .some((image) => image.complete && image.naturalWidth > 0), null, { timeout: TIMEOUT });
  await bob.tab.fill("#query", "pictures");
  await bob.tab.press("#query", "Enter");
  await bob.tab.locator("#results mark", { hasText: "picture" }).waitFor({ timeout: TIMEOUT });

  // Bob's network goes away, and with it his connection (given up at once: a dead network never
  // completes a closing handshake). His page makes no attempt while offline; what Alice says in
  // that time reaches him by resume once the network is back, once each and in order.
  expectErrors = true;
  await bob.tab.context().setOffline(true);
  const attemptsBefore = await bob.tab.evaluate(() => window.switchboard.connects);
  await bob.tab.evaluate(() => window.switchboard.drop());
  await bob.tab.locator("#status", { hasText: "offline" }).waitFor({ timeout: TIMEOUT });
  const away = ["while you were away 1", "while you were away 2", "while you were away 3"];
  for (const text of away) await say(alice, text);
  // Long enough for a client that kept trying to have tried: its first retries come within 0.5 s and 1 s.
  await bob.tab.waitForTimeout(1_500);
  const offlineStatus = await bob.tab.textContent("#status");
  if (!offlineStatus.startsWith("offline")) throw new Error(`bob reconnected while offline: ${offlineStatus}`);
  const attemptsOffline = await bob.tab.evaluate(() => window.switchboard.connects) - attemptsBefore;
  if (attemptsOffline !== 0) throw new Error(`bob's page made ${attemptsOffline} connection attempts while offline`);
  await bob.tab.context().setOffline(false);
  await bob.tab.locator("#status", { hasText: "connected" }).waitFor({ timeout: TIMEOUT });
  expectErrors = false;
  await bob.tab.locator("#messages li", { hasText: away[2] }).waitFor({ timeout: TIMEOUT });
  const resumed = (await texts(bob)).filter((t) => t.includes("while you were away")).map((t) => t.replace(/^[^:]*: /, ""));
  if (JSON.stringify(resumed) !== JSON.stringify(away)) {
    throw new Error(`bob's page after the resume: ${JSON.stringify(resumed)}`);
  }

  // Bob's sends reach chat-service but its answers never reach his page: the send stays in his
  // outbox, shown as pending, and survives a reload of the page.
  expectErrors = true;
  const lostAnswers = async (route) => {
    if (route.request().method() !== "POST") return route.fallback();
    await route.fetch(); // stored by chat-service...
    // ...and the page never hears of it (unless it already gave up on the request, to the same effect)
    return route.abort("connectionreset").catch(() => {});
  };
  await bob.tab.route("**/api/chats/*/messages", lostAnswers);
  const kept = "kept across a reload";
  await bob.tab.fill("#text", kept);
  await bob.tab.click("#send");
  const pending = bob.tab.locator("#pending li", { hasText: kept });
  await pending.waitFor({ timeout: TIMEOUT });
  const id = await pending.getAttribute("data-client-message-id");
  await alice.tab.locator("#messages li", { hasText: kept }).waitFor({ timeout: TIMEOUT });
  await bob.tab.reload();
  await signIn(bob);
  const restored = bob.tab.locator("#pending li", { hasText: kept });
  await restored.waitFor({ timeout: TIMEOUT });
  const restoredId = await restored.getAttribute("data-client-message-id");
  if (restoredId !== id) throw new Error(`after the reload the send has id ${restoredId}, before it ${id}`);
  await bob.tab.unroute("**/api/chats/*/messages", lostAnswers);
  await bob.tab.locator("#pending li").first().waitFor({ state: "detached", timeout: TIMEOUT });
  expectErrors = false;
  // A message after it: per-chat order puts any duplicate of the kept one before it.
  await say(bob, "after the reload");
  await alice.tab.locator("#messages li", { hasText: "after the reload" }).waitFor({ timeout: TIMEOUT });
  for (const person of [alice, bob]) {
    const copies = (await texts(person)).filter((t) => t.endsWith(kept)).length;
    if (copies !== 1) throw new Error(`${person.name}'s page shows "${kept}" ${copies} times`);
  }

  // A token that runs out on an open socket: renewed with `auth`, no reconnect.
  const second = await browser.newContext();
  const tab = await second.newPage();
  tab.on("pageerror", (error) => problems.push(`alice's second tab: ${error.message}`));
  const shortLife = 20;
  let expiresAt = 0;
  await tab.route("**/api/auth/login", async (route) => {
    const response = await route.fetch();
    const answer = await response.json();
    answer.access_token = shortToken(env("ALICE_ID"), alice.username, shortLife);
    expiresAt = Date.now() + shortLife * 1000;
    await route.fulfill({ response, json: answer });
  });
  const sockets = [];
  tab.on("websocket", (socket) => {
    const seen = { auth: 0 };
    socket.on("framesent", (frame) => String(frame.payload).includes('"type":"auth"') && seen.auth++);
    sockets.push(seen);
  });
  await tab.goto(page);
  const aliceAgain = { ...alice, name: "alice's second tab", tab };
  await signIn(aliceAgain);
  await tab.waitForTimeout(Math.max(0, expiresAt + 5_000 - Date.now())); // until well past the first token's expiry
  await say(bob, "after the first token expired");
  await tab.locator("#messages li", { hasText: "after the first token expired" }).waitFor({ timeout: TIMEOUT });
  if (sockets.length !== 1) throw new Error(`the second tab opened ${sockets.length} sockets across its token's expiry`);
  if (sockets[0].auth < 1) throw new Error("the second tab never sent auth with a fresh token");

  await bob.tab.screenshot({ path: env("SCREENSHOT") });
  if (problems.length) throw new Error("the page reported errors: " + problems.join("; "));
  console.log(JSON.stringify({ ok: true }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error?.message ?? error), problems }));
  process.exitCode = 1;
} finally {
  await browser.close();
}

/**
 * An access token for the user that expires in `seconds`, signed as auth-service signs them (its key
 * in AUTH_KEYS), naming every service's audience as a user's token does.
 */
function shortToken(userId, username, seconds) {
  const dir = env("AUTH_KEYS");
  const pem = readdirSync(dir).filter((f) => f.endsWith(".pem")).sort()[0];
  const encode = (json) => Buffer.from(JSON.stringify(json)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const input = encode({ alg: "RS256", typ: "JWT", kid: pem.replace(/\.pem$/, "") }) + "." + encode({
    iss: "switchboard-auth", aud: ["switchboard-auth", "switchboard-chat", "switchboard-realtime", "switchboard-notification"],
    sub: userId, upn: username, preferred_username: username, groups: ["user"],
    jti: crypto.randomUUID(), iat: now, exp: now + seconds,
  });
  const key = createPrivateKey(readFileSync(join(dir, pem)));
  return input + "." + sign("sha256", Buffer.from(input), key).toString("base64url");
}

async function signIn(person) {
  await person.tab.fill("#username", person.username);
  await person.tab.fill("#password", person.password);
  await person.tab.click("#sign-in");
  await person.tab.locator("#status", { hasText: "connected" }).waitFor({ timeout: TIMEOUT });
  await person.tab.click(`#chats button[data-chat-id="${chat}"]`, { timeout: TIMEOUT });
}

/** The texts of the open chat's messages ("name: content"), as the page shows them. */
function texts(person) {
  return person.tab.locator("#messages li .text").allTextContents();
}

async function say(person, text) {
  await person.tab.fill("#text", text);
  await person.tab.click("#send");
  await person.tab.locator("#messages li", { hasText: text }).waitFor({ timeout: TIMEOUT });
}
