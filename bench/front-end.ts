// Front-end speed, where users meet it: the parse time of every `.arch` file people have
// (examples/, stdlib/) and its share of `archc check` and `archc compile` of the same file, the
// first parse in a fresh process (what one archc run gets) beside that process's whole
// `archc check`; then parse and format throughput on a generated 10,000-line spec and the time of
// 8× the lines (linearity). FRONT_END_BASELINE=<git rev> also measures that revision's grammar/
// (extracted into bench/.work/) in the same run, after checking that both front ends give the
// same AST and diagnostics on the repository's files, a generated spec and random edits.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compileFile } from "../compiler/compile.ts";
import { diagnoseFile } from "../compiler/frontend.ts";
import { formatSource } from "../grammar/format/index.ts";
import { parse } from "../grammar/parse.ts";
import { archFiles } from "../tests/property/arch-files.ts";
import { mulberry32 } from "../tests/support/rng.ts";
import { bigSpec } from "./big-spec.ts";
import { REPO } from "./optimizer-programs.ts";
import {
  cpuSeconds,
  cpuTimesAsync,
  fmt,
  spread,
  stats,
  type Benchmark,
  type BenchRow,
  type Stats,
} from "./types.ts";

type Parse = (text: string, file: string) => unknown;
const WORK = join(REPO, "bench", ".work");

/**
 * Seconds per call of each function, steady state: after a warm-up, calls are batched until a
 * batch takes 20 ms (one parse of a small file is a few µs), and the functions' batches alternate,
 * so that load and GC state hit them alike.
 */
function perCall(fns: readonly (() => unknown)[], batches: number): Stats[] {
  const sizes = fns.map((fn) => {
    for (let i = 0; i < 3; i++) fn();
    let k = 1;
    for (;;) {
      const t0 = cpuSeconds();
      for (let i = 0; i < k; i++) fn();
      if (cpuSeconds() - t0 >= 0.02 || k >= 1 << 14) return k;
      k *= 2;
    }
  });
  const samples = fns.map((): number[] => []);
  for (let b = 0; b < batches; b++)
    fns.forEach((fn, j) => {
      const k = sizes[j]!;
      const t0 = cpuSeconds();
      for (let i = 0; i < k; i++) fn();
      samples[j]!.push((cpuSeconds() - t0) / k);
    });
  return samples.map((xs) => stats(xs));
}

/** A fresh process (bench/cold-front-end.mjs): CPU seconds, as it reports them. */
function cold(...args: string[]): Record<string, number> {
  const out = execFileSync(process.execPath, [join(REPO, "bench", "cold-front-end.mjs"), ...args], {
    cwd: REPO,
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").pop()!) as Record<string, number>;
}

/** `parse` of grammar/ at git revision `rev`, extracted once under bench/.work/. */
async function baselineFrontEnd(rev: string): Promise<{ parse: Parse; module: string }> {
  const hash = execFileSync("git", ["rev-parse", "--short", `${rev}^{commit}`], {
    cwd: REPO,
    encoding: "utf8",
  }).trim();
  const dir = join(WORK, `front-end-${hash}`);
  const module = join(dir, "grammar", "parse.ts");
  if (!existsSync(module)) {
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync("git", ["archive", hash, "grammar"], { cwd: REPO });
    execFileSync("tar", ["-x", "-C", dir], { input: tar });
  }
  return { parse: ((await import(pathToFileURL(module).href)) as { parse: Parse }).parse, module };
}

/** Inputs on which both front ends must agree: the files, a spec, and seeded random edits. */
function agreementInputs(sources: readonly string[]): string[] {
  const r = mulberry32(7);
  const pick = (n: number): number => Math.floor(r() * n);
  const junk = '{}()[],:;.=-><"/*@#!|\\\n 0123456789eEx_+%';
  const edits: string[] = [];
  for (let k = 0; k < 1000; k++) {
    let text = sources[pick(sources.length)]!;
    for (let e = 0, n = 1 + pick(4); e < n; e++) {
      const at = pick(text.length + 1);
      text =
        pick(2) === 0
          ? text.slice(0, at) + junk[pick(junk.length)]!.repeat(1 + pick(3)) + text.slice(at)
          : text.slice(0, at) + text.slice(at + 1 + pick(8));
    }
    edits.push(text);
  }
  return [...sources, bigSpec(2_000), ...edits];
}

const ms = (s: Stats): number => s.median * 1000;
const msSpread = (s: Stats): string =>
  spread({ ...s, median: ms(s), min: s.min * 1000, max: s.max * 1000 });
const pct = (part: number, whole: number): string => `${fmt((100 * part) / whole)}%`;

export const benchmark: Benchmark = {
  name: "front-end",
  title: "Front end: parse time of the real files, and throughput",
  order: 31,
  description:
    "Per `.arch` file of examples/ and stdlib/: `parse` time, steady state (calls batched to 20 ms, median of 7 " +
    "batches), and its share of `diagnoseFile` (what `archc check` runs) and `compileFile` (`archc compile`, to the " +
    "formatted model.ts text; files with a model) of the same file in this process. Cold: the first and second " +
    "parse in a fresh Node process (bench/cold-front-end.mjs), beside the CPU time of a whole `archc check` " +
    "process. Spec: `parse` and `formatSource` of a generated 10,000-line spec, median of 15 runs after 3 " +
    "warm-ups; its first parse in a fresh process; 8× the lines. CPU time throughout. With " +
    "FRONT_END_BASELINE=<git rev>, the ratio column is this front end's time over that revision's, measured in " +
    "the same run (interleaved), after an agreement check of the two.",
  async run(ctx) {
    const batches = ctx.quick ? 3 : 7;
    const rows: BenchRow[] = [];
    const rev = process.env["FRONT_END_BASELINE"];
    const base = rev === undefined ? undefined : await baselineFrontEnd(rev);
    const files = archFiles(["examples", "stdlib"]).map((p) => join(REPO, p));
    const texts = files.map((f) => readFileSync(f, "utf8"));

    if (base !== undefined) {
      const inputs = agreementInputs(archFiles().map((p) => readFileSync(join(REPO, p), "utf8")));
      const differ = inputs.filter(
        (t) => JSON.stringify(parse(t, "f.arch")) !== JSON.stringify(base.parse(t, "f.arch")),
      );
      if (differ[0] !== undefined) ctx.log(`differs from ${rev}: ${JSON.stringify(differ[0])}`);
      rows.push({
        name: `same AST and diagnostics as ${rev}`,
        value: inputs.length - differ.length,
        unit: `of ${inputs.length} inputs`,
        note: "repository .arch files, a 2,000-line spec, 1,000 seeded random edits",
      });
    }
    const ratio = (now: Stats, then: Stats | undefined): string | undefined =>
      then === undefined ? undefined : `${fmt(now.median / then.median)}× ${rev}`;

    let parseSum = 0;
    let checkSum = 0;
    for (const [i, file] of files.entries()) {
      const text = texts[i]!;
      const fns: (() => unknown)[] = [() => parse(text, file), () => diagnoseFile(file)];
      if (base !== undefined) fns.push(() => base.parse(text, file));
      const [p, check, old] = perCall(fns, batches);
      const out = join(WORK, "front-end-out");
      const compiled = await compileFile(file, { cwd: REPO, outDir: out });
      const compile =
        compiled.files === undefined
          ? undefined
          : stats(
              await cpuTimesAsync(batches, () => compileFile(file, { cwd: REPO, outDir: out })),
            );
      parseSum += p!.median;
      checkSum += check!.median;
      const lines = text.split("\n").length - 1;
      const shares = [`${pct(p!.median, check!.median)} of check (${fmt(ms(check!))} ms)`];
      if (compile !== undefined)
        shares.push(`${pct(p!.median, compile.median)} of compile (${fmt(ms(compile))} ms)`);
      rows.push({
        name: `parse ${file.slice(REPO.length + 1)}`,
        value: ms(p!),
        unit: "ms",
        spread: msSpread(p!),
        ...(old === undefined ? {} : { ratio: ratio(p!, old)! }),
        note: `${lines} lines; ${shares.join(", ")}`,
      });
    }
    rows.push({
      name: `  all ${files.length} files`,
      value: parseSum * 1000,
      unit: "ms",
      note: `${pct(parseSum, checkSum)} of checking them all (${fmt(checkSum * 1000)} ms)`,
    });
    ctx.log(`real files: ${fmt(parseSum * 1000)} ms parse, ${fmt(checkSum * 1000)} ms check`);

    // Cold: one archc run parses its file once, with the parser's code not yet optimized.
    const gpt = join(REPO, "examples", "gpt.arch");
    const parseModule = join(REPO, "grammar", "parse.ts");
    const coldNow = cold("parse", parseModule, gpt);
    const coldThen = base === undefined ? undefined : cold("parse", base.module, gpt);
    const checkProcess = cold("check", gpt)["total"]!;
    rows.push({
      name: "first parse in a fresh process, examples/gpt.arch",
      value: coldNow["first"]! * 1000,
      unit: "ms",
      ...(coldThen === undefined
        ? {}
        : { ratio: `${fmt(coldNow["first"]! / coldThen["first"]!)}× ${rev}` }),
      note:
        `second parse ${fmt(coldNow["second"]! * 1000)} ms; loading the front end ${fmt(coldNow["load"]! * 1000)} ms` +
        `${coldThen === undefined ? "" : ` (${rev}: ${fmt(coldThen["load"]! * 1000)} ms)`}; the whole ` +
        `\`archc check\` process ${fmt(checkProcess * 1000)} ms, of which the first parse is ` +
        pct(coldNow["first"]!, checkProcess),
    });

    const text = bigSpec(10_000);
    const bytes = Buffer.byteLength(text);
    const lines = text.split("\n").length - 1;
    const specFile = join(WORK, "front-end-spec.arch");
    mkdirSync(WORK, { recursive: true });
    writeFileSync(specFile, text);
    const runs = ctx.quick ? 3 : 15;
    const mbps = (s: Stats): number => bytes / 1e6 / s.median;
    const specFns: (() => unknown)[] = [() => parse(text, "big.arch")];
    if (base !== undefined) specFns.push(() => base.parse(text, "big.arch"));
    const [sp, spOld] = perCall(specFns, runs);
    const note = `${lines.toLocaleString("en-US")} lines, ${fmt(bytes / 1e6)} MB`;
    const throughput = (s: Stats): Stats => ({
      median: mbps(s),
      min: bytes / 1e6 / s.max,
      max: bytes / 1e6 / s.min,
      n: s.n,
    });
    rows.push({
      name: "parse throughput, 10,000-line spec",
      value: mbps(sp!),
      unit: "MB/s",
      spread: spread(throughput(sp!)),
      ...(spOld === undefined ? {} : { ratio: `${fmt(mbps(sp!) / mbps(spOld))}× ${rev} MB/s` }),
      note: `${note}; the old ≥ 5 MB/s target needed chevrotain internals (docs/architecture.md)`,
    });
    const firstNow = cold("parse", parseModule, specFile);
    const firstThen = base === undefined ? undefined : cold("parse", base.module, specFile);
    rows.push({
      name: "  first parse of the spec, fresh process",
      value: bytes / 1e6 / firstNow["first"]!,
      unit: "MB/s",
      ...(firstThen === undefined
        ? {}
        : { ratio: `${fmt(firstThen["first"]! / firstNow["first"]!)}× ${rev} MB/s` }),
      note: "one run: includes compiling the parser's code for this input",
    });
    // Linearity: 8× the lines should take about 8× the time (quadratic work would take 64×).
    const large = bigSpec(80_000);
    const [lg] = perCall([() => parse(large, "big.arch")], ctx.quick ? 2 : 5);
    rows.push({
      name: "  parse time, 8× the lines",
      value: lg!.median / sp!.median,
      unit: "× the 10,000-line time",
      note: `80,000 lines, ${fmt(Buffer.byteLength(large) / 1e6)} MB; linear ≈ 8×, quadratic ≈ 64×`,
    });
    const [fm] = perCall([() => formatSource(text, "big.arch")], runs);
    rows.push({
      name: "format throughput (parse + format), 10,000-line spec",
      value: mbps(fm!),
      unit: "MB/s",
      spread: spread(throughput(fm!)),
      note,
    });
    return rows;
  },
};
