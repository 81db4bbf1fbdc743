// Which goldens changed between two copies of tests/baselines/reference, with the lines added and
// removed per file (git's own line diff, `git diff --no-index --numstat`), for `npm run accept`.
import { spawnSync } from "node:child_process";

export interface GoldenChange {
  /** Path inside the reference folder, forward slashes. */
  readonly file: string;
  readonly added: number;
  readonly removed: number;
  readonly status: "new" | "deleted" | "changed";
}

/** The files that differ between `parent/before` and `parent/after`, sorted by path. */
export function goldenChanges(parent: string, before = "before", after = "after"): GoldenChange[] {
  const r = spawnSync(
    "git",
    ["diff", "--no-index", "--no-renames", "--numstat", "-z", "--", before, after],
    { cwd: parent, encoding: "utf8" },
  );
  // --no-index exits 1 when the folders differ, 0 when they are equal.
  if (r.error !== undefined || (r.status !== 0 && r.status !== 1)) {
    throw new Error(`git diff --no-index failed: ${r.error?.message ?? r.stderr}`);
  }
  // With -z every record is "added\tremoved\t" NUL pre-image NUL post-image NUL.
  const fields = r.stdout.split("\0");
  const changes: GoldenChange[] = [];
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const [added = "0", removed = "0"] = fields[i]!.split("\t");
    const pre = fields[i + 1]!;
    const post = fields[i + 2]!;
    const status = pre === "/dev/null" ? "new" : post === "/dev/null" ? "deleted" : "changed";
    const path = status === "new" ? post.slice(after.length + 1) : pre.slice(before.length + 1);
    // Binary files count "-"; goldens are text, so this only keeps the sum a number.
    changes.push({ file: path, added: Number(added) || 0, removed: Number(removed) || 0, status });
  }
  return changes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** One line per changed golden and a total line; "no golden changed" when the list is empty. */
export function formatGoldenChanges(changes: readonly GoldenChange[]): string {
  if (changes.length === 0) return "goldens: no golden changed\n";
  const width = Math.max(...changes.map((c) => c.file.length));
  const lines = changes.map((c) => {
    const note = c.status === "changed" ? "" : ` (${c.status})`;
    return `  ${c.file.padEnd(width)}  +${c.added} -${c.removed}${note}`;
  });
  const added = changes.reduce((s, c) => s + c.added, 0);
  const removed = changes.reduce((s, c) => s + c.removed, 0);
  const files = changes.length === 1 ? "1 golden" : `${changes.length} goldens`;
  return `goldens changed:\n${lines.join("\n")}\ngoldens: ${files} changed, +${added} -${removed} lines\n`;
}
