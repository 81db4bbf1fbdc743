#!/usr/bin/env node
// The `archc` executable. The installed package runs its compiled JavaScript (dist/cli/main.js) on
// plain Node; a checkout (cli/main.ts present) runs the TypeScript sources through tsx's ESM loader,
// with `archc/...` imports resolved to those sources (source-resolve.mjs). Paths resolve from this
// file, so any cwd works.
import { existsSync } from "node:fs";
import { register } from "node:module";

const source = new URL("../cli/main.ts", import.meta.url);
let main;
try {
  if (existsSync(source)) {
    const { register: registerTsx } = await import("tsx/esm/api");
    registerTsx();
    register("./source-resolve.mjs", import.meta.url);
    ({ main } = await import(source.href));
  } else {
    ({ main } = await import(new URL("../dist/cli/main.js", import.meta.url).href));
  }
} catch (e) {
  // The compiler itself failed to load: an internal error, never the user's.
  process.stderr.write(
    `ICE: internal compiler error: archc failed to start.\n${e instanceof Error ? e.stack : String(e)}\n\n` +
      "Please report it with the command line that caused it.\n",
  );
  process.exit(2);
}
process.exitCode = await main(process.argv.slice(2));
