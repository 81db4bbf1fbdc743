// `archc compare` as a library: train every .arch variant under one fixed budget (./budget.ts),
// measure each (./variant.ts), and write DIR/compare.html, DIR/compare.json and DIR/compare.md.
//   DIR/programs/<variant>/model.ts   the compiled programs
//   DIR/runs/<variant>/               each run directory (metrics.jsonl, checkpoint, report.svg)
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Budget } from "./budget.ts";
import { comparePage, markdownTable, normGrowth } from "./page.ts";
import { loadProgram, runVariant, type VariantResult } from "./variant.ts";

export { markdownTable, normGrowth } from "./page.ts";
export type { Budget } from "./budget.ts";
export type { VariantResult } from "./variant.ts";

export interface CompareOptions {
  readonly files: readonly string[];
  readonly steps: number;
  /** Default: the first variant's batch. */
  readonly batch?: number;
  readonly seed?: number;
  readonly backend?: string;
  readonly evalEvery?: number;
  readonly outDir: string;
  /** The command line, shown in the report. */
  readonly command: string;
  readonly log: (text: string) => void;
}

export class CompareError extends Error {
  override readonly name = "CompareError";
}

/** Labels from the file stems, made unique (`pre`, `post`, `pre-2`). */
export function labels(files: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return files.map((f) => {
    const stem = basename(f).replace(/\.arch$/, "");
    const n = (seen.get(stem) ?? 0) + 1;
    seen.set(stem, n);
    return n === 1 ? stem : `${stem}-${n}`;
  });
}

export async function compareFiles(o: CompareOptions): Promise<VariantResult[]> {
  if (existsSync(o.outDir) && readdirSync(o.outDir).length > 0)
    throw new CompareError(`\`${o.outDir}\` already exists and is not empty; choose another --out`);
  const names = labels(o.files);
  // Compile everything first: a broken variant stops the comparison before any training.
  const programs = [];
  for (const [i, file] of o.files.entries()) {
    const p = await loadProgram(file, join(o.outDir, "programs", names[i]!));
    if ("error" in p) throw new CompareError(`\`${file}\` ${p.error}`);
    programs.push(p);
  }
  const budget: Budget = {
    steps: o.steps,
    batch: o.batch ?? programs[0]!.config.batch,
    seed: o.seed ?? programs[0]!.config.seed ?? 1,
    evalEvery: o.evalEvery ?? Math.max(1, Math.floor(o.steps / 5)),
    ...(o.backend === undefined ? {} : { backend: o.backend }),
  };
  mkdirSync(join(o.outDir, "runs"), { recursive: true });
  const results: VariantResult[] = [];
  for (const [i, { model, config }] of programs.entries()) {
    const label = names[i]!;
    o.log(
      `[${i + 1}/${programs.length}] ${label}: ${model.meta.name}, ${model.meta.paramCount.toLocaleString("en-US")} parameters, ${budget.steps} steps\n`,
    );
    const r = await runVariant(
      o.files[i]!,
      label,
      model,
      config,
      budget,
      join(o.outDir, "runs", label),
      (t) => (t.startsWith("error") ? o.log(`  ${t}`) : undefined),
    );
    o.log(
      `  val loss ${r.valLoss.toFixed(4)}, bpb ${r.valBpb.toFixed(3)}, hidden norm ×${normGrowth(r).toFixed(2)} first→last block (${r.seconds.toFixed(0)} s)\n`,
    );
    results.push(r);
  }
  writeFileSync(join(o.outDir, "compare.html"), comparePage(results, budget, o.command));
  writeFileSync(
    join(o.outDir, "compare.json"),
    JSON.stringify({ command: o.command, budget, results }, null, 2) + "\n",
  );
  writeFileSync(join(o.outDir, "compare.md"), markdownTable(results));
  return results;
}
