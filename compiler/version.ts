// The archc version (package.json), recorded in every build (spec/build.ts) and printed by `archc --version`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "./lower/resolve.ts";

/** The package version, from package.json. */
export function archcVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as {
    version?: string;
  };
  return pkg.version ?? "0.0.0";
}
