// Prints the client's size as an app ships it (bundled, minified, gzipped) and fails above the budget.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";

const BUDGET = 15 * 1024;
const result = await build({
  entryPoints: [new URL("../dist/index.js", import.meta.url).pathname],
  bundle: true,
  minify: true,
  format: "esm",
  write: false,
  logLevel: "silent",
});
const code = result.outputFiles[0].contents;
const gzipped = gzipSync(code, { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1) + " KB";
console.log(`@switchboard/client: ${kb(code.length)} minified, ${kb(gzipped)} minified + gzip (budget ${kb(BUDGET)})`);
if (code.length > BUDGET) {
  console.error(`over budget: ${code.length} bytes minified > ${BUDGET}`);
  process.exit(1);
}
