// The REST helpers: which call each makes, with which token and body, and how refusals come back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { adminApi, authApi, chatsApi, notificationsApi } from "../../dist/rest.js";
import { SwitchboardError } from "../../dist/client.js";

/** A fetch that records each call and answers with the given status and body. */
function fakeFetch(status = 200, body = {}) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, method: init.method, headers: init.headers, body: init.body && JSON.parse(init.body) });
    return new Response(status === 204 ? null : JSON.stringify(body), {
      status, headers: { "Content-Type": "application/json" },
    });
  };
  return { calls, fetch };
}

test("login posts the credentials without a token and answers the pair", async () => {
  const { calls, fetch } = fakeFetch(200, { access_token: "a", refresh_token: "r" });
  const pair = await authApi("http://auth:8081/", fetch).login("alice", "secret");
  assert.equal(pair.access_token, "a");
  assert.deepEqual(calls, [{ url: "http://auth:8081/api/auth/login", method: "POST",
    headers: { "Content-Type": "application/json" }, body: { username: "alice", password: "secret" } }]);
});

test("log out everywhere carries the access token and no body", async () => {
  const { calls, fetch } = fakeFetch(204);
  await authApi("http://auth:8081", fetch).logoutEverywhere("tok");
  assert.equal(calls.length, 1);
  assert.equal(calls[0].url, "http://auth:8081/api/users/me/sessions/end");
  assert.equal(calls[0].method, "POST");
  assert.equal(calls[0].headers.Authorization, "Bearer tok");
});

test("a refusal is a SwitchboardError with the problem's code and status", async () => {
  const { fetch } = fakeFetch(429, { code: "rate_limited", detail: "Too many failed attempts" });
  await assert.rejects(authApi("http://auth", fetch).login("alice", "guess"),
    (e) => e instanceof SwitchboardError && e.status === 429 && e.code === "rate_limited");
});

test("chat calls go through the client's request with their paths, queries and bodies", async () => {
  const made = [];
  const chats = chatsApi(async (method, path, body) => (made.push([method, path, body]), []));
  await chats.list({ limit: 50, after: "c1" });
  await chats.history("c 1", { beforeSeq: 40, limit: 20 });
  await chats.read("c1");
  await chats.read("c1", 7);
  await chats.direct("u2");
  await chats.group("team", ["u2", "u3"]);
  await chats.edit("c1", "m1", "fixed");
  await chats.delete("c1", "m1");
  await chats.events("c1", 5, 100);
  await chats.block("u 2");
  await chats.unblock("u2");
  await chats.blocks();
  assert.deepEqual(made, [
    ["GET", "/api/chats?limit=50&after=c1", undefined],
    ["GET", "/api/chats/c%201/messages?before_seq=40&limit=20", undefined],
    ["POST", "/api/chats/c1/read", {}],
    ["POST", "/api/chats/c1/read", { seq: 7 }],
    ["POST", "/api/chats", { type: "direct", user_id: "u2" }],
    ["POST", "/api/chats", { type: "group", title: "team", member_ids: ["u2", "u3"] }],
    ["PATCH", "/api/chats/c1/messages/m1", { content: "fixed" }],
    ["DELETE", "/api/chats/c1/messages/m1", undefined],
    ["GET", "/api/chats/c1/events?after_seq=5&limit=100", undefined],
    ["PUT", "/api/blocks/u%202", undefined],
    ["DELETE", "/api/blocks/u2", undefined],
    ["GET", "/api/blocks", undefined],
  ]);
});

test("notifications carry the current token; 204 answers nothing", async () => {
  const { calls, fetch } = fakeFetch(204);
  let token = 0;
  const notifications = notificationsApi({ url: "http://n:8084", fetch, getToken: async () => `t${++token}` });
  assert.equal(await notifications.read("n1"), undefined);
  await notifications.readAll();
  assert.deepEqual(calls.map((c) => [c.method, c.url, c.headers.Authorization]), [
    ["POST", "http://n:8084/api/notifications/n1/read", "Bearer t1"],
    ["POST", "http://n:8084/api/notifications/read-all", "Bearer t2"],
  ]);
});

test("the unread count is the number", async () => {
  const { fetch } = fakeFetch(200, { unread: 3 });
  const notifications = notificationsApi({ url: "http://n", fetch, getToken: async () => "t" });
  assert.equal(await notifications.unreadCount(), 3);
});

test("an administrator ends a user's sessions, deactivates and reactivates the account with the admin's token", async () => {
  const { calls, fetch } = fakeFetch(204);
  const admin = adminApi({ url: "http://auth:8081/", getToken: async () => "admin-tok", fetch });
  await admin.endSessions("u/1");
  await admin.deactivate("u2");
  await admin.reactivate("u2");
  assert.deepEqual(calls.map((c) => [c.method, c.url]), [
    ["POST", "http://auth:8081/api/users/u%2F1/sessions/end"],
    ["POST", "http://auth:8081/api/users/u2/deactivate"],
    ["POST", "http://auth:8081/api/users/u2/reactivate"],
  ]);
  assert.ok(calls.every((c) => c.headers.Authorization === "Bearer admin-tok"));
});

test("deactivating your own account is refused with its code", async () => {
  const { fetch } = fakeFetch(409, { code: "cannot_deactivate_self", detail: "You cannot deactivate yourself" });
  await assert.rejects(adminApi({ url: "http://auth", getToken: async () => "t", fetch }).deactivate("me"),
    (e) => e instanceof SwitchboardError && e.status === 409 && e.code === "cannot_deactivate_self");
});
