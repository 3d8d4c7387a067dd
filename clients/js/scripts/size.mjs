// Prints the size of the browser bundle (dist/switchboard-client.min.js, made by scripts/bundle.mjs):
// minified, and minified + gzip as it goes over the wire. Fails above the budget (minified + gzip).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET = 15 * 1024;
const code = readFileSync(new URL("../dist/switchboard-client.min.js", import.meta.url))
  .toString("utf8").replace(/\n\/\/# sourceMappingURL=.*\n?$/, "");
const bytes = Buffer.byteLength(code);
const gzipped = gzipSync(code, { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1) + " KB";
console.log(`@switchboard/client: ${kb(bytes)} minified, ${kb(gzipped)} minified + gzip (budget ${kb(BUDGET)} minified + gzip)`);
if (gzipped > BUDGET) {
  console.error(`over budget: ${gzipped} bytes minified + gzip > ${BUDGET}`);
  process.exit(1);
}
