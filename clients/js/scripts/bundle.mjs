// The browser bundle: dist/switchboard-client.min.js, one minified ES module (with its source map)
// that a page imports as it is, without a build step of its own:
//   <script type="module">import { createClient } from "./switchboard-client.min.js";</script>
import { build } from "esbuild";

await build({
  entryPoints: [new URL("../dist/index.js", import.meta.url).pathname],
  outfile: new URL("../dist/switchboard-client.min.js", import.meta.url).pathname,
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
});
