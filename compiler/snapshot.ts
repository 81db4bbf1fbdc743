// The source snapshot of a build (spec/build.ts): every .arch file the compiler read, as output
// files under `source/` (the user's files under `project/`, laid out as they were relative to each
// other so relative imports still resolve; imported stdlib files under `stdlib/`), and build.json
// listing them with their sha256, the entry and the compile settings. Compiling
// `source/<entry>` with `stdlibRoot: source/` rebuilds the same program (cli/runs/load.ts).
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { SourceFile } from "../grammar/core/source.ts";
import {
  BUILD_FILE,
  BUILD_FORMAT,
  BUILD_VERSION,
  SOURCE_DIR,
  type BuildInfo,
  type CompileSettings,
  type SourceEntry,
} from "../spec/build.ts";
import type { ModelDescription } from "../spec/describe.ts";
import { archcVersion } from "./version.ts";

/** One output file (as compile.ts writes them). */
interface SnapshotFile {
  readonly path: string;
  readonly text: string;
}

const posix = (p: string): string => p.split(sep).join("/");

/** The longest folder that holds every one of `files` (absolute paths). */
function commonFolder(files: readonly string[]): string {
  let folder = dirname(files[0]!);
  for (const f of files) {
    while (relative(folder, f).startsWith("..")) folder = dirname(folder);
  }
  return folder;
}

/**
 * build.json and the `source/…` files for a program compiled from `entry` (as given to the
 * compiler, relative to `cwd`), whose loader read `sources` (keyed by display path: stdlib files
 * as `stdlib/…` under `stdlibRoot`, the others relative to `cwd`).
 */
export function sourceSnapshot(
  entry: string,
  sources: ReadonlyMap<string, SourceFile>,
  settings: CompileSettings,
  cwd: string,
  stdlibRoot: string,
  models: readonly ModelDescription[] = [],
): SnapshotFile[] {
  const isStdlib = (key: string): boolean =>
    key.startsWith("stdlib/") && existsSync(join(stdlibRoot, key));
  const project = [...sources.keys()].filter((k) => !isStdlib(k)).map((k) => resolve(cwd, k));
  const entryAbs = resolve(cwd, entry);
  const base = commonFolder([entryAbs, ...project]);
  const placed = [...sources].map(([key, file]) => {
    const stdlib = isStdlib(key);
    const abs = stdlib ? join(stdlibRoot, key) : resolve(cwd, key);
    const path = stdlib ? key : `project/${posix(relative(base, abs))}`;
    return { path, origin: stdlib ? key : abs, text: file.text };
  });
  placed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const files: SourceEntry[] = placed.map(({ path, origin, text }) => ({
    path,
    origin,
    sha256: sha256(text),
    bytes: Buffer.byteLength(text, "utf8"),
  }));
  const build: BuildInfo = {
    format: BUILD_FORMAT,
    version: BUILD_VERSION,
    archc: archcVersion(),
    entry: `project/${posix(relative(base, entryAbs))}`,
    settings,
    files,
    models,
  };
  return [
    { path: BUILD_FILE, text: JSON.stringify(build, null, 2) + "\n" },
    ...placed.map(({ path, text }) => ({ path: `${SOURCE_DIR}/${path}`, text })),
  ];
}

/** Hex sha256 of a text's UTF-8 bytes (what build.json records). */
export function sha256(text: string | Uint8Array): string {
  return createHash("sha256").update(text).digest("hex");
}
