// How fast archc starts, in fresh Node processes: `archc --help` (the CLI registry without any
// command loaded), `archc check` of examples/gpt.arch (the front end loads, tfjs does not), and
// importing the programmatic API (api/index.ts: compiler and runtime, so tfjs) and runtime/tf.ts
// alone, from the checkout's sources through tsx. CPU seconds of the whole process (it includes
// Node's and tsx's own start) and wall seconds, medians over repeats. STARTUP_BASELINE=<dir of
// another archc checkout, with its node_modules> measures that checkout in the same run (e.g. the
// revision before the umbrella was dropped and the commands made lazy).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./optimizer-programs.ts";
import { fmt, spread, stats, type Benchmark, type BenchRow } from "./types.ts";

const PRELOAD = join(REPO, "bench", "_cpu-at-exit.mjs");

interface Case {
  readonly name: string;
  /** Node arguments after the preload, run in the checkout's root. */
  readonly args: (root: string) => readonly string[];
}

const importSource = (file: string): string[] => [
  "--import",
  "tsx/esm",
  "--input-type=module",
  "-e",
  `await import(${JSON.stringify(`./${file}`)});`,
];

/** tfjs as the checkout imports it: runtime/tf.ts, or the umbrella where there is none (before it). */
const tfjs = (root: string): readonly string[] =>
  existsSync(join(root, "runtime", "tf.ts"))
    ? importSource("runtime/tf.ts")
    : ["--import", "tsx/esm", "--input-type=module", "-e", 'await import("@tensorflow/tfjs");'];

const CASES: readonly Case[] = [
  { name: "archc --help", args: () => ["bin/archc.mjs", "--help"] },
  {
    name: "archc check examples/gpt.arch",
    args: () => ["bin/archc.mjs", "check", "examples/gpt.arch"],
  },
  {
    name: "import api/index.ts (import('archc') in a checkout)",
    args: () => importSource("api/index.ts"),
  },
  { name: "import tfjs (runtime/tf.ts; before it, @tensorflow/tfjs)", args: tfjs },
];

/** One fresh process: [cpu, wall] seconds. */
function once(root: string, c: Case): [number, number] {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", PRELOAD, ...c.args(root)], {
    cwd: root,
    encoding: "utf8",
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu = Number(/CPU ([\d.]+)\s*$/.exec(r.stderr)?.[1]);
  if (r.status !== 0 || !Number.isFinite(cpu))
    throw new Error(`${c.name} in ${root} failed (${r.status}): ${r.stderr.slice(-400)}`);
  return [cpu, wall];
}

export const benchmark: Benchmark = {
  name: "startup",
  title: "Startup: archc --help, archc check, importing the API",
  description:
    "CPU and wall seconds of a fresh Node process (bench/_cpu-at-exit.mjs reports its CPU time), " +
    "medians over repeats; the checkout's sources run through tsx, as bin/archc.mjs runs them. " +
    "STARTUP_BASELINE=<checkout> adds the same cases for another checkout, ratios against it.",
  order: 5,
  async run(ctx) {
    const n = ctx.quick ? 2 : 5;
    const baseline = process.env["STARTUP_BASELINE"];
    const roots: [string, string][] = [["this checkout", REPO]];
    if (baseline !== undefined) roots.push(["baseline", baseline]);
    const rows: BenchRow[] = [];
    for (const c of CASES) {
      for (const [, root] of roots) once(root, c); // warm the disk cache
      // rounds: each checkout once per round, so that load from other processes hits them alike
      const cpu = roots.map((): number[] => []);
      const wall = roots.map((): number[] => []);
      for (let i = 0; i < n; i++)
        roots.forEach(([, root], j) => {
          const [a, b] = once(root, c);
          cpu[j]!.push(a);
          wall[j]!.push(b);
        });
      const st = cpu.map((xs) => stats(xs));
      roots.forEach(([label], j) => {
        // the baseline's row: how many times this checkout's CPU time it takes
        const ratio = j === 0 ? undefined : `${fmt(st[j]!.median / st[0]!.median)}× this checkout`;
        rows.push({
          name: `${c.name} (${label})`,
          value: st[j]!.median,
          unit: "CPU s",
          spread: spread(st[j]!),
          ...(ratio === undefined ? {} : { ratio }),
          note: `wall ${fmt(stats(wall[j]!).median)} s`,
        });
        ctx.log(`${c.name} (${label}): ${fmt(st[j]!.median)} CPU s`);
      });
    }
    return rows;
  },
};
