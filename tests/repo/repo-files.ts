// The repository's own files, as git sees them: tracked plus untracked-but-not-ignored, so
// node_modules, runs/, out/ and the other .gitignore entries are left out by .gitignore itself.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** Repository-relative paths (forward slashes) of the files that exist, sorted. */
export function repoFiles(): string[] {
  const out = execFileSync(
    "git",
    ["ls-files", "--cached", "--others", "--exclude-standard", "-z"],
    {
      cwd: REPO,
      encoding: "utf8",
    },
  );
  return out
    .split("\0")
    .filter((p) => p !== "" && existsFile(p))
    .sort();
}

/** Tracked files deleted in the working tree are still listed by git; they are not files. */
function existsFile(rel: string): boolean {
  return statSync(join(REPO, rel), { throwIfNoEntry: false })?.isFile() ?? false;
}

/** package.json, parsed. */
export interface PackageJson {
  readonly name: string;
  readonly scripts?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

export function packageJson(): PackageJson {
  return JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as PackageJson;
}
