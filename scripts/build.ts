// `npm run build`, run by `prepack` (so by `npm pack` and `npm publish`; a checkout runs the
// sources and needs no build): compiles the shipped TypeScript (tsconfig.build.json) to JavaScript
// with type declarations in dist/, so the installed package runs on plain Node. tsc rewrites
// `./x.ts` imports to `./x.js` in the JavaScript only; the declarations get the same rewrite here.
// Hand-written declaration files and the report's browser scripts are copied over.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../", import.meta.url));
/** Files the package needs that tsc does not emit: hand-written declarations, the report page's
 * browser scripts (runtime/report/client/, read at run time and inlined into report.html), and
 * tfjs-core's registrations (runtime/tf-registrations.generated.js, imported by runtime/tf.ts). */
const DECLARATIONS = [
  "grammar/cst.generated.d.ts",
  "runtime/tf-registrations.generated.js",
  "runtime/tf-registrations.generated.d.ts",
  "runtime/report/client/ema.js",
  "runtime/report/client/ema.d.ts",
  "runtime/report/client/report.js",
];

rmSync(join(REPO, "dist"), { recursive: true, force: true });
const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
  cwd: REPO,
  stdio: "inherit",
});
if (r.status !== 0) process.exit(r.status ?? 1);
for (const file of DECLARATIONS) {
  const target = join(REPO, "dist", file);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(REPO, file), target);
}

/** `from "./x.ts"` and `import("./x.ts")` → `.js` in every emitted declaration file. */
const RELATIVE_TS = /((?:from |import\()["']\.\.?\/[^"']*)\.ts(["'])/g;
for (const entry of readdirSync(join(REPO, "dist"), { recursive: true })) {
  const file = join(REPO, "dist", String(entry));
  if (!file.endsWith(".d.ts")) continue;
  const text = readFileSync(file, "utf8");
  const rewritten = text.replace(RELATIVE_TS, "$1.js$2");
  if (rewritten !== text) writeFileSync(file, rewritten);
}
