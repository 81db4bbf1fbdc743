// A compiled program imports `archc/runtime` by package name. Where the output folder cannot find
// an installed archc (a folder in an archc checkout, or anywhere outside a project that depends on
// archc), `archc compile` and `archc train` link DIR/node_modules/archc to the archc that compiled
// it, so `npx tsx DIR/model.ts` runs at once; a copy of DIR elsewhere runs after `npm install`.
import { lstatSync, mkdirSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../compiler/lower/resolve.ts";

/** True when `archc` resolves from `dir` the way Node resolves the program's import. */
export function findsArchc(dir: string): boolean {
  try {
    createRequire(join(dir, "package.json")).resolve("archc/package.json");
    return true;
  } catch {
    return false;
  }
}

/** Links DIR/node_modules/archc to this package unless DIR already finds one; returns the link made. */
export function linkPackage(dir: string): string | undefined {
  if (findsArchc(dir)) return undefined;
  const link = join(dir, "node_modules", "archc");
  try {
    lstatSync(link);
    return undefined; // a broken link or other entry the user made: left alone
  } catch {
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    symlinkSync(PACKAGE_ROOT, link, "junction");
    return link;
  }
}
