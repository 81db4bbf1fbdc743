// A compiled program imports `archc/runtime` by package name. Where the output folder cannot find
// an installed archc (a folder in an archc checkout, or anywhere outside a project that depends on
// archc), `archc compile` and `archc train` link DIR/node_modules/archc to the archc that compiled
// it, so `npx tsx DIR/model.ts` runs at once; a copy of DIR elsewhere runs after `npm install`.
// An installed archc is linked as it is (its exports name dist/). A checkout has no dist/ (it runs
// its sources), so there DIR/node_modules/archc is a two-file stand-in package whose
// `archc/runtime` re-exports the checkout's runtime/index.ts, which tsx runs.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { PACKAGE_ROOT } from "../../compiler/lower/resolve.ts";
import { archcVersion } from "../../compiler/version.ts";

/** This module runs from the TypeScript sources (a checkout), not from the built dist/. */
const FROM_SOURCES = import.meta.url.endsWith(".ts");

/** The root of the archc that `dir` resolves the way Node resolves the program's import, if any. */
function archcFrom(dir: string): string | undefined {
  try {
    const manifest = createRequire(join(dir, "package.json")).resolve("archc/package.json");
    return realpathSync(dirname(manifest));
  } catch {
    return undefined;
  }
}

/** True when `archc` resolves from `dir`. */
export function findsArchc(dir: string): boolean {
  return archcFrom(dir) !== undefined;
}

/** The stand-in package for a checkout: package.json and runtime.ts. */
function writeStandIn(link: string): void {
  mkdirSync(link, { recursive: true });
  const manifest = {
    name: "archc",
    version: archcVersion(),
    type: "module",
    exports: { "./runtime": "./runtime.ts", "./package.json": "./package.json" },
  };
  writeFileSync(join(link, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const runtime = pathToFileURL(join(PACKAGE_ROOT, "runtime", "index.ts")).href;
  writeFileSync(
    join(link, "runtime.ts"),
    `// archc/runtime of the checkout at ${PACKAGE_ROOT}\nexport * from ${JSON.stringify(runtime)};\n`,
  );
}

/** Links DIR/node_modules/archc to this archc unless DIR finds another one; returns the link made. */
export function linkPackage(dir: string): string | undefined {
  const link = join(dir, "node_modules", "archc");
  const entry = lstatSync(link, { throwIfNoEntry: false });
  if (FROM_SOURCES) {
    const standIn = entry?.isDirectory() === true && existsSync(join(link, "runtime.ts"));
    // a symlink to this checkout (made by an earlier archc) would need dist/: replaced
    const oldLink =
      entry?.isSymbolicLink() === true && archcFrom(dir) === realpathSync(PACKAGE_ROOT);
    if (standIn) writeStandIn(link); // refreshed (the checkout may have moved)
    if (standIn || (!oldLink && (findsArchc(dir) || entry !== undefined))) return undefined;
    rmSync(link, { force: true });
    writeStandIn(link);
    return link;
  }
  if (findsArchc(dir) || entry !== undefined) return undefined; // an entry the user made: left alone
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(PACKAGE_ROOT, link, "junction");
  return link;
}
