// Compiler speed: compile time of a generated 48-layer GPT spec (parse → lower → optimize →
// codegen → prettier), with and without the pass pipeline and per phase (parse time and
// throughput: bench/front-end.ts). CPU time of this process (the compiler is single-threaded;
// V8's GC threads make it err slightly high), after untimed warm-up runs.
import { join } from "node:path";
import { compileFile } from "../compiler/compile.ts";
import { generateModule } from "../compiler/codegen/index.ts";
import { verifyGraph } from "../compiler/ir/verify.ts";
import { optimize } from "../compiler/passes/pipeline.ts";
import { buildProgram } from "../compiler/program.ts";
import { DEFAULT_GPT } from "./hand-written/gpt.ts";
import { gptSpec, REPO, writeSpec } from "./optimizer-programs.ts";
import {
  cpuSeconds,
  cpuTimesAsync,
  fmt,
  spread,
  stats,
  type Benchmark,
  type BenchRow,
} from "./types.ts";

function timeRuns(n: number, fn: () => unknown, warmups = 1): number[] {
  for (let i = 0; i < warmups; i++) fn(); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = cpuSeconds();
    fn();
    xs.push(cpuSeconds() - t0);
  }
  return xs;
}

export const benchmark: Benchmark = {
  name: "compiler-speed",
  title: "Compiler speed: 48-layer compile",
  order: 30,
  description:
    "Compile: `compileFile` of a generated 48-layer GPT spec (d 128, 4 heads; 48 × Layer of examples/gpt.arch), " +
    "to the formatted model.ts text, optimized (default) and `--no-opt`; phases timed separately (analyze = parse + " +
    "resolve + lower; phases of `buildProgram`, compiler/program.ts; codegen includes prettier): median of 7 runs " +
    "after a warm-up. CPU time of this process (single-threaded work; on this busy shared machine wall time mostly " +
    "measures the neighbours).",
  async run(ctx) {
    const n = ctx.quick ? 2 : 7;
    const rows: BenchRow[] = [];
    const file = writeSpec("gpt-48", gptSpec({ ...DEFAULT_GPT, layers: 48 }));
    const ms = (xs: number[]): BenchRow["value"] => stats(xs).median * 1000;
    const row = (name: string, xs: number[], note: string, ratio?: string): BenchRow => ({
      name,
      value: ms(xs),
      unit: "ms",
      spread: spread(stats(xs.map((x) => x * 1000))),
      ...(ratio === undefined ? {} : { ratio }),
      note,
    });
    // optimized and --no-opt compiles alternate, so that load and JIT state hit both alike
    const opt: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < n; i++) {
      opt.push(...(await cpuTimesAsync(1, () => compileFile(file, { cwd: REPO, optimize: true }))));
      plain.push(
        ...(await cpuTimesAsync(1, () => compileFile(file, { cwd: REPO, optimize: false }))),
      );
    }
    rows.push(
      row(
        "compile 48-layer GPT, optimized",
        opt,
        "target < 300 ms",
        `${fmt(stats(opt).median / stats(plain).median)}× --no-opt time`,
      ),
    );
    rows.push(row("compile 48-layer GPT, --no-opt", plain, ""));
    // the phases of compiler/program.ts's buildProgram, on the graphs it builds
    const build = (optimized: boolean) => () =>
      buildProgram(join(REPO, file), { cwd: REPO, optimize: optimized });
    const model = build(true)().model!;
    const input = model.trace[0]!.graph;
    rows.push(
      row(
        "  phase: analyze (parse, resolve, lower, verify)",
        timeRuns(n, build(false)),
        `${input.nodes.length} IR nodes`,
      ),
    );
    rows.push(
      row(
        "  phase: optimize (pass pipeline, verified after each pass)",
        timeRuns(n, () => optimize(input, model.passContext)),
        `${model.graph.nodes.length} IR nodes after`,
      ),
    );
    rows.push(
      row(
        "    of which: the verifier (after lowering and each pass)",
        timeRuns(n, () => model.trace.forEach((t) => verifyGraph(t.graph))),
        `${model.trace.length} graphs`,
      ),
    );
    rows.push(
      row(
        "  phase: codegen + prettier (optimized IR)",
        await cpuTimesAsync(n, () => generateModule({ graph: model.graph, locate: () => "" })),
        "",
      ),
    );
    ctx.log(`compile: ${fmt(ms(opt))} ms optimized, ${fmt(ms(plain))} ms --no-opt`);
    return rows;
  },
};
