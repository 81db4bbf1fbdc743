// Which files the compiler may read as .arch sources, decided before any is opened: the entry file
// and its imports must be regular files of at most MAX_SOURCE_BYTES, and imports must lie inside the
// project root or the standard library once symlinks are followed (docs/language.md §2).
import { existsSync, realpathSync, statSync } from "node:fs";
import * as path from "node:path";

/** The largest source file read (1 MiB): an .arch file is text a person writes. */
export const MAX_SOURCE_BYTES = 1 << 20;

/**
 * The project root of an entry file: the nearest folder up from the entry's folder that holds a
 * `package.json` or a `.git`, else the entry's folder.
 */
export function projectRoot(entryAbs: string): string {
  const start = path.dirname(entryAbs);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json")) || existsSync(path.join(dir, ".git")))
      return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/** Why a file cannot be read as a source (never opening it), or undefined when it can. */
export function unreadableSource(abs: string): string | undefined {
  // stat follows symlinks: this is the file a read would open
  const stat = statSync(abs, { throwIfNoEntry: false });
  if (stat === undefined) return undefined; // the read reports the missing file
  if (stat.isDirectory()) return "is a directory";
  if (!stat.isFile()) return "is not a regular file";
  if (stat.size > MAX_SOURCE_BYTES)
    return `is larger than ${MAX_SOURCE_BYTES / (1 << 20)} MiB (${stat.size.toLocaleString("en-US")} bytes)`;
  return undefined;
}

/** The real path of a file or folder (symlinks followed); a missing tail is kept after its real parent. */
function real(p: string): string {
  const abs = path.resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(real(parent), path.basename(abs));
  }
}

/** True when `abs`, with symlinks followed, lies inside one of `roots` (themselves resolved). */
export function insideRoots(abs: string, roots: readonly string[]): boolean {
  const target = real(abs);
  return roots.some((root) => {
    const rel = path.relative(real(root), target);
    return (
      rel === "" || (!rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel))
    );
  });
}
