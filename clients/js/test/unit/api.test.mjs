// API.md against the type declarations: an export added, removed or changed without `npm run api` fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as sdk from "../../dist/index.js";
import { API_MD, renderApi } from "../../scripts/api.mjs";

const current = readFileSync(API_MD, "utf8");

test("API.md is what the declarations give (run `npm run api` after changing the exports)", () => {
  assert.ok(current === renderApi(), "API.md is out of date with the exports: run `npm run api`");
});

test("every runtime export has its section in API.md", () => {
  const headings = new Set([...current.matchAll(/^### (\w+)$/gm)].map((m) => m[1]));
  assert.deepEqual(Object.keys(sdk).filter((name) => !headings.has(name)), []);
});
