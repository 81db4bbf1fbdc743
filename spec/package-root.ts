// The package root (stdlib/, native/ and package.json live there), independent of the working
// directory: the nearest folder above this file with a package.json (spec/ in a checkout,
// dist/spec/ in the built package, where dist/ has no package.json of its own). Shared by the
// compiler (the stdlib) and the runtime (the native addon).
import { existsSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

function packageRootAbove(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, "package.json"))) return d + path.sep;
    if (path.dirname(d) === d) throw new Error(`ICE: no package.json above ${dir}`);
  }
}

/** The package root, with a trailing separator. */
export const PACKAGE_ROOT = packageRootAbove(path.dirname(fileURLToPath(import.meta.url)));
