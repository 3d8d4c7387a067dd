// The SDK's lists against docs/asyncapi.yaml: a server event or close code added there fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CloseCodes, SERVER_EVENT_TYPES } from "../../dist/index.js";

const yaml = readFileSync(new URL("../../../../docs/asyncapi.yaml", import.meta.url), "utf8");
const lines = yaml.split("\n");

/** The lines of the block that starts at a line matching header, up to the next line indented as much or less. */
function block(header) {
  const start = lines.findIndex((l) => header.test(l));
  assert.ok(start >= 0, `asyncapi.yaml has ${header}`);
  const indent = lines[start].search(/\S/);
  const out = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() && line.search(/\S/) <= indent) break;
    out.push(line);
  }
  return out;
}

function serverEventTypes() {
  const channel = new Map(block(/^    messages:$/).map((l) => l.match(/^\s+(\w+): \{\$ref: '#\/components\/messages\/(\w+)'\}/))
    .filter(Boolean).map((m) => [m[1], m[2]]));
  const refs = block(/^  serverEvents:$/).map((l) => l.match(/#\/channels\/socket\/messages\/(\w+)/)).filter(Boolean);
  assert.ok(refs.length > 10, "serverEvents lists the events");
  return refs.map(([, name]) => {
    const component = channel.get(name);
    assert.ok(component, `channel message ${name}`);
    const constant = block(new RegExp(`^    ${component}:$`)).map((l) => l.match(/^\s+type: \{const: (\w+)\}/)).find(Boolean);
    assert.ok(constant, `${component} has a payload type const`);
    return constant[1];
  });
}

test("every server event of asyncapi.yaml is in SERVER_EVENT_TYPES (and so in ServerEventMap)", () => {
  const documented = serverEventTypes();
  const missing = documented.filter((t) => !SERVER_EVENT_TYPES.includes(t));
  assert.deepEqual(missing, [], "server events the SDK does not type");
  const extra = SERVER_EVENT_TYPES.filter((t) => !documented.includes(t));
  assert.deepEqual(extra, [], "types the SDK has that the protocol no longer sends");
});

test("every close code of asyncapi.yaml is in CloseCodes", () => {
  const documented = block(/^x-close-codes:$/).map((l) => l.match(/^\s+(\d{4}):/)).filter(Boolean).map((m) => Number(m[1]));
  assert.ok(documented.length >= 5);
  const known = Object.values(CloseCodes);
  assert.deepEqual(documented.filter((c) => !known.includes(c)), [], "close codes the SDK does not handle");
  assert.deepEqual(known.filter((c) => !documented.includes(c)), [], "close codes the protocol no longer has");
});
