// The packed package as a user gets it: `npm pack` of this checkout (its `prepack` builds dist/)
// and `npm install` of the tarball into fresh temporary projects, from npm's cache where it can
// (`--prefer-offline`: the network is asked only for what the cache lacks). Child processes get
// the environment without the npm_* variables of an enclosing `npm test`.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "../codegen/support.ts";

export interface Ran {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** The environment for nested npm and node runs: ours, less what an enclosing npm script set. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^npm_/i.test(k) && k !== "NODE_OPTIONS" && !k.startsWith("VITEST")) env[k] = v;
  return { ...env, NO_COLOR: "1", ...extra };
}

/** Runs `cmd args` in `cwd` and waits (at most `timeoutS` seconds). */
export function sh(
  cmd: string,
  args: readonly string[],
  cwd: string,
  opts: { readonly timeoutS?: number; readonly env?: Record<string, string> } = {},
): Ran {
  const r = spawnSync(cmd, args, {
    cwd,
    env: childEnv(opts.env ?? {}),
    encoding: "utf8",
    timeout: (opts.timeoutS ?? 240) * 1000,
  });
  return { code: r.status, out: r.stdout ?? "", err: `${r.stderr ?? ""}${r.error?.message ?? ""}` };
}

/** Fails with the run's output unless it exited 0. */
export function ok(r: Ran, what: string): Ran {
  if (r.code !== 0) throw new Error(`${what}: exit ${r.code}\n${r.out}\n${r.err}`);
  return r;
}

/** `npm pack` of this checkout into `dir`; the tarball's path. */
export function packArchc(dir: string): string {
  ok(sh("npm", ["pack", "--pack-destination", dir, "--silent"], REPO), "npm pack");
  const tgz = readdirSync(dir).find((f) => /^archc-.*\.tgz$/.test(f));
  if (tgz === undefined) throw new Error(`npm pack wrote no tarball into ${dir}`);
  return join(dir, tgz);
}

/** An empty ESM project at `dir` (a package.json only). */
export function emptyProject(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "archc-user", private: true, type: "module" }, null, 2)}\n`,
  );
  return dir;
}

/** `npm install` in `dir` (of `specs`, or of what its package.json declares), from the cache. */
export function npmInstall(dir: string, ...specs: string[]): Ran {
  return ok(
    sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...specs], dir),
    `npm install in ${dir}`,
  );
}
