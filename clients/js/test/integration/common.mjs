// What the integration scripts share: their settings from the environment (set by e2e's SdkTest),
// polling for what the clients have seen, and logging in.
import { authApi } from "../../dist/rest.js";

export const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

export const WebSocket = globalThis.WebSocket ?? (await import("ws")).default;

/** Polls check every 50 ms until it holds; throws "timed out: what" after ms. */
export const until = async (ms, what, check) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50)); // a poll of what the clients have seen
  }
};

/** A user's access token from auth-service's login. */
export async function login(username) {
  return (await authApi(env("AUTH_URL")).login(username, env("PASSWORD"))).access_token;
}

/** Prints the script's one JSON line and exits: 0 when nothing went wrong. */
export function finish(summary) {
  const ok = !summary.error && (summary.problems ?? []).length === 0;
  console.log(JSON.stringify({ ok, ...summary }));
  process.exit(ok ? 0 : 1);
}
