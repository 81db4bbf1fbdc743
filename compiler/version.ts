// The archc version (package.json), recorded in every build (spec/build.ts) and printed by
// `archc --version`, and the dependencies a generated program declares (compile.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../spec/package-root.ts";

interface Manifest {
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
}

const manifest = (): Manifest =>
  JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as Manifest;

/** The package version, from package.json. */
export function archcVersion(): string {
  return manifest().version ?? "0.0.0";
}

/** A generated program's dependencies: this archc (compatible releases) and the tsx that runs it. */
export function programDependencies(): Record<string, string> {
  const m = manifest();
  const tsx = m.dependencies?.["tsx"];
  if (tsx === undefined) throw new Error("ICE: package.json declares no tsx dependency");
  return { archc: `^${m.version ?? "0.0.0"}`, tsx };
}
