// Dependencies that ship a single-file ESM build beside their many-module one, mapped to that file.
// chevrotain's `exports` names lib/src/api.js, which pulls in ~100 of its own modules and ~600 of
// lodash-es; its lib/chevrotain.mjs (same version, same 39 exports) loads in a tenth of the time.
// Used when archc runs from its sources: by bin/source-resolve.mjs (the CLI under tsx) and
// vitest.config.ts (the test workers); the installed package imports the package entry as usual.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

/** The URL of chevrotain's single-file build, found from the package's own entry. */
const chevrotain = new URL("../chevrotain.mjs", pathToFileURL(require.resolve("chevrotain")));

/** Bare specifier → file URL of its single-file build. */
export const BUNDLED = Object.freeze({ chevrotain: chevrotain.href });
