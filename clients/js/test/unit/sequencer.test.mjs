import { test } from "node:test";
import assert from "node:assert/strict";
import { Sequencer } from "../../dist/index.js";

const ev = (seq, chat = "c") => ({ type: "new_message", chat_id: chat, event_seq: seq, timestamp: "", message: { seq } });
const collect = () => {
  const got = [];
  return { got, seq: new Sequencer((e) => got.push(`${e.chat_id}:${e.event_seq}`)) };
};

test("the first event of a chat starts its seq; the next ones follow", () => {
  const { got, seq } = collect();
  assert.equal(seq.offer(ev(5)), "delivered");
  assert.equal(seq.offer(ev(6)), "delivered");
  assert.deepEqual(got, ["c:5", "c:6"]);
  assert.deepEqual(seq.seqs(), { c: 6 });
});

test("a repeat by (chat, seq) is dropped; the same seq in another chat is not", () => {
  const { got, seq } = collect();
  seq.offer(ev(1));
  seq.offer(ev(2));
  assert.equal(seq.offer(ev(2)), "duplicate");
  assert.equal(seq.offer(ev(1)), "duplicate");
  assert.equal(seq.offer(ev(2, "d")), "delivered");
  assert.deepEqual(got, ["c:1", "c:2", "d:2"]);
});

test("a skipped seq holds later events back until the gap is filled, then all come in order", () => {
  const { got, seq } = collect();
  seq.offer(ev(1));
  assert.equal(seq.offer(ev(4)), "gap");
  assert.equal(seq.offer(ev(3)), "gap");
  assert.equal(seq.offer(ev(4)), "duplicate");
  assert.equal(seq.gap("c"), 1);
  assert.deepEqual(seq.gaps(), ["c"]);
  seq.fill("c", [ev(3), ev(2)]);
  assert.deepEqual(got, ["c:1", "c:2", "c:3", "c:4"]);
  assert.equal(seq.gap("c"), undefined);
});

test("a gap the log cannot fill is released in order", () => {
  const { got, seq } = collect();
  seq.offer(ev(1));
  seq.offer(ev(5));
  seq.offer(ev(3));
  seq.release("c");
  assert.deepEqual(got, ["c:1", "c:3", "c:5"]);
  assert.equal(seq.offer(ev(4)), "duplicate");
});

test("a reset (resync, or history the app loaded) drops what it covers and hands over what follows", () => {
  const { got, seq } = collect();
  seq.offer(ev(1));
  seq.offer(ev(8));
  seq.offer(ev(11));
  seq.reset("c", 10);
  assert.deepEqual(got, ["c:1", "c:11"]);
  assert.deepEqual(seq.seqs(), { c: 11 });
});

test("a chat the app tracked resumes from its seq and treats what it has as repeats", () => {
  const { got, seq } = collect();
  seq.reset("c", 7);
  assert.equal(seq.offer(ev(7)), "duplicate");
  assert.equal(seq.offer(ev(9)), "gap");
  assert.deepEqual(got, []);
});
