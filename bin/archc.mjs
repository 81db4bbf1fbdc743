#!/usr/bin/env node
// The `archc` executable: registers tsx's ESM loader so the TypeScript sources run directly, then
// hands the command line to compiler/cli/main.ts. Paths resolve from this file, so any cwd works.
import { register } from "tsx/esm/api";

register();
const { main } = await import(new URL("../compiler/cli/main.ts", import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
