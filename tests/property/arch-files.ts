// The `.arch` sources of the repository (examples/, stdlib/, tests/cases/), found at test time so
// that files added by others are covered too; sorted for stable test names.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function walk(dir: string, out: string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (e.endsWith(".arch")) out.push(p);
  }
}

/** Repository-relative paths of the `.arch` files under the given top folders. */
export function archFiles(
  folders: readonly string[] = ["examples", "stdlib", "tests/cases"],
): string[] {
  const out: string[] = [];
  for (const f of folders) walk(join(ROOT, f), out);
  return out.map((p) => relative(process.cwd(), p)).sort();
}
