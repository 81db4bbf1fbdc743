#!/usr/bin/env node
// The `archc` executable: registers tsx's ESM loader so the TypeScript sources run directly, then
// hands the command line to cli/main.ts. Paths resolve from this file, so any cwd works.
import { register } from "tsx/esm/api";

register();
let main;
try {
  ({ main } = await import(new URL("../cli/main.ts", import.meta.url).href));
} catch (e) {
  // The compiler itself failed to load: an internal error, never the user's.
  process.stderr.write(
    `ICE: internal compiler error: archc failed to start.\n${e instanceof Error ? e.stack : String(e)}\n\n` +
      "Please report it with the command line that caused it.\n",
  );
  process.exit(2);
}
process.exitCode = await main(process.argv.slice(2));
