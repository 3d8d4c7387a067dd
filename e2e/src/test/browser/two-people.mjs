// Two people chat in two Chromium windows through the example web client (docs/examples/web),
// served from an origin of its own: each logs in, opens their direct chat, and sees the other's
// messages arrive live over the WebSocket. Run by BrowserTest with the stack's addresses in the
// environment; prints one JSON line and exits 0 when everything happened, 1 otherwise.
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

const browser = await chromium.launch({
  executablePath: env("CHROMIUM"),
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
let offline = false; // failed reconnects are expected then, and logged by the browser as errors
try {
  const windows = [];
  for (const person of people) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    tab.on("console", (message) => message.type() === "error" && !offline
        && problems.push(`${person.name}: ${message.text()}`));
    tab.on("pageerror", (error) => problems.push(`${person.name}: ${error.message}`));
    await tab.goto(page);
    await tab.fill("#username", person.username);
    await tab.fill("#password", person.password);
    await tab.click("#sign-in");
    await tab.locator("#status", { hasText: "connected" }).waitFor({ timeout: TIMEOUT });
    await tab.click(`#chats button[data-chat-id="${chat}"]`, { timeout: TIMEOUT });
    windows.push({ ...person, tab });
  }
  const [alice, bob] = windows;

  await say(alice, "hello from a browser");
  await bob.tab.locator("#messages li", { hasText: "hello from a browser" }).waitFor({ timeout: TIMEOUT });

  await bob.tab.fill("#text", "hello back");
  await alice.tab.locator("#typing", { hasText: "is typing" }).waitFor({ timeout: TIMEOUT });
  await bob.tab.click("#send");
  await alice.tab.locator("#messages li", { hasText: "hello back" }).waitFor({ timeout: TIMEOUT });

  // Bob's connection drops and his network stays away (his page's reconnects fail meanwhile);
  // what alice says in that time reaches him by resume once it is back.
  // The drop comes first, while the network is there (a closing handshake cut off by the
  // offline switch can take Chromium a minute to give up); the page reconnects only after 1 s.
  offline = true;
  await bob.tab.evaluate(() => window.switchboard.drop());
  await bob.tab.locator("#status", { hasText: "offline" }).waitFor({ timeout: TIMEOUT });
  await bob.tab.context().setOffline(true);
  await say(alice, "while you were away");
  await bob.tab.waitForTimeout(1_500); // a reconnect attempt or two
  const away = await bob.tab.textContent("#status");
  if (!away.startsWith("offline")) throw new Error(`bob reconnected while offline: ${away}`);
  await bob.tab.context().setOffline(false);
  await bob.tab.locator("#status", { hasText: "connected" }).waitFor({ timeout: TIMEOUT });
  offline = false;
  await bob.tab.locator("#messages li", { hasText: "while you were away" }).waitFor({ timeout: TIMEOUT });

  await bob.tab.screenshot({ path: env("SCREENSHOT") });
  if (problems.length) throw new Error("the page reported errors: " + problems.join("; "));
  console.log(JSON.stringify({ ok: true }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error?.message ?? error), problems }));
  process.exitCode = 1;
} finally {
  await browser.close();
}

async function say(person, text) {
  await person.tab.fill("#text", text);
  await person.tab.click("#send");
  await person.tab.locator("#messages li", { hasText: text }).waitFor({ timeout: TIMEOUT });
}
