// `npm run bench`: runs every benchmark file bench/<name>.ts that exports `benchmark` (see
// bench/types.ts) and writes one report, bench/results.md, headed by the machine, Node and tfjs
// versions, the date and the load average (other processes on a shared machine make timings noisy).
// Flags: --only a,b (benchmark names), --quick (fewer repeats), --out <file>.
import * as tf from "../runtime/tf.ts";
import { readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Benchmark, BenchRow } from "./types.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
/** Files in bench/ that are infrastructure, not benchmarks. */
const NOT_BENCHMARKS = new Set(["run.ts", "types.ts", "backends.ts"]);

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function discover(): Promise<Benchmark[]> {
  const found: Benchmark[] = [];
  for (const file of readdirSync(HERE).sort()) {
    if (
      !file.endsWith(".ts") ||
      file.endsWith(".d.ts") ||
      file.startsWith("_") ||
      NOT_BENCHMARKS.has(file)
    )
      continue;
    const mod = (await import(pathToFileURL(join(HERE, file)).href)) as { benchmark?: Benchmark };
    if (mod.benchmark !== undefined) found.push(mod.benchmark);
  }
  return found.sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.name.localeCompare(b.name));
}

function table(rows: readonly BenchRow[]): string {
  const esc = (s: string): string => s.replace(/\|/g, "\\|");
  const lines = ["| case | median | unit | spread | ratio | note |", "|---|---:|---|---|---|---|"];
  for (const r of rows) {
    const v = Number.isFinite(r.value)
      ? Math.abs(r.value) >= 100
        ? r.value.toFixed(0)
        : r.value.toPrecision(3)
      : "—";
    lines.push(
      `| ${esc(r.name)} | ${v} | ${r.unit} | ${r.spread ?? ""} | ${r.ratio ?? ""} | ${esc(r.note ?? "")} |`,
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const only = flag("only")?.split(",");
  const out = flag("out") ?? join(HERE, "results.md");
  const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);
  tf.env().set("PROD", true); // silences tfjs's "install tfjs-node" banner (IS_TEST would add leak checks)
  const all = await discover();
  const chosen = only === undefined ? all : all.filter((b) => only.includes(b.name));
  const started = new Date();
  const load0 = loadavg();
  const sections: string[] = [];
  for (const b of chosen) {
    log(`${b.name}: ${b.title}`);
    const t0 = performance.now();
    let body: string;
    try {
      body = table(await b.run({ quick, log: (m) => log(`  ${b.name}: ${m}`) }));
    } catch (err) {
      body = `**failed:** ${String((err as Error).stack ?? err)}`;
      log(`${b.name} failed: ${String(err)}`);
    }
    const secs = (performance.now() - t0) / 1000;
    sections.push(
      `## ${b.title}\n\n${b.description}\n\n${body}\n\n_${secs.toFixed(0)} s, load average after: ${loadavg()[0]!.toFixed(2)}_\n`,
    );
  }
  const cpu = cpus();
  const wasmVersion = (await import("@tensorflow/tfjs-backend-wasm")).version_wasm;
  const header = [
    "# archc benchmarks",
    "",
    `- date: ${started.toISOString()}`,
    `- machine: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `- Node ${process.version}, @tensorflow/tfjs-core ${tf.version_core}, @tensorflow/tfjs-backend-wasm ${wasmVersion}`,
    `- load average at start: ${load0.map((x) => x.toFixed(2)).join(", ")} (a busy shared machine makes absolute timings noisy; ratios are measured within this run)`,
    `- command: npm run bench${process.argv.slice(2).length > 0 ? " -- " + process.argv.slice(2).join(" ") : ""}`,
    "",
  ].join("\n");
  writeFileSync(out, header + "\n" + sections.join("\n"));
  log(`wrote ${out} in ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s`);
}

await main();
