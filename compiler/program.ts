// The program driver, the compiler's table of contents: one .arch file and its options → the whole
// program, built one way for every command and benchmark. Read top to bottom it is the compiler:
//   parse, resolve, lower (analyze.ts; lowering verifies its graph)
//   → the train section's `dropout` (the model as it trains)
//   → optimize (passes/pipeline.ts; the verifier runs after every pass)
//   → growth stages (lower/grow-stages.ts), each verified and optimized with the same options
//   → codegen (compile.ts turns a Program into files).
// `archc ir --opt`, `--dump-ir=after-all`, `check --report --opt` and the benchmarks read the graphs
// here, so what they show is what codegen receives. The front end alone is analyzeProgram, the rest
// programOf: one analysis builds several models (`archc drop`'s source and new model).
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import type { Module } from "../grammar/ast.ts";
import type { Diagnostic } from "../grammar/core/diagnostic.ts";
import type { SourceFile } from "../grammar/core/source.ts";
import { analyzeFile, type AnalyzedProgram, type AnalyzeResult } from "./analyze.ts";
import { applyDropoutOverride } from "./codegen/train-config.ts";
import type { StageInput } from "./codegen/emit-stages.ts";
import type { Graph, MoeStrategy } from "./ir/types.ts";
import { printGraph } from "./ir/print.ts";
import { assertValidGraph } from "./ir/verify.ts";
import { growDiagnostic, growStages } from "./lower/grow-diagnostic.ts";
import { GrowError } from "./lower/grow-stages.ts";
import { PACKAGE_ROOT } from "./lower/resolve.ts";
import type { PassContext } from "./passes/pass.ts";
import { optimize } from "./passes/pipeline.ts";
import type { DropSpec } from "../spec/drop.ts";
import { dropLayers } from "./drop/apply.ts";
import { streamProbe } from "./drop/probe.ts";

export interface ProgramOptions {
  /** Directory that paths are shown against (spans, the graph's `source`); default the cwd. */
  readonly cwd?: string;
  /** Use this text instead of reading the file (editors, tests). */
  readonly text?: string;
  /** The folder whose `stdlib/` imports resolve in (default the package root; a run's source snapshot). */
  readonly stdlibRoot?: string;
  /** Run the optimization passes (compiler/passes/pipeline.ts); default true (`--no-opt`: false). */
  readonly optimize?: boolean;
  /** Forces the strategy of every MoE layer, base model and growth stages alike (`--moe`). */
  readonly moeStrategy?: MoeStrategy;
  /** Overrides the train section's batch for the passes' cost estimates (`check --report --batch`). */
  readonly batch?: number;
  /** `--set NAME=VALUE`: constants and train settings of the file, replaced before checking. */
  readonly overrides?: readonly string[];
  /** Do not check that data files exist (a run rebuilt for sample/eval). */
  readonly skipDataFiles?: boolean;
  /** Layers (attention sublayers) cut out after lowering (`archc drop`, drop/apply.ts); throws DropError. */
  readonly drop?: DropSpec;
  /** The model's output becomes the residual stream entering its first layer (`archc drop --suggest`, drop/probe.ts). */
  readonly probeStream?: boolean;
}

/** One entry of the pass trace: `lower` or a pass name, and the graph after it. */
export interface TracedGraph {
  readonly pass: string;
  readonly graph: Graph;
}

/** The model of a program that lowered without errors. */
export interface ProgramModel {
  /** Lowering's result: the lowered graph as written (`archc ir`, `archc graph`, the report), train and grow sections, the model's name. */
  readonly lowered: AnalyzedProgram;
  /** The options every pass ran with (batch, forced MoE strategy), base model and stages alike. */
  readonly passContext: PassContext;
  /** The graph after lowering (`lower`: with the train section's dropout) and after each pass; the last entry is `graph`. */
  readonly trace: readonly TracedGraph[];
  /** What codegen receives (`archc ir --opt`). */
  readonly graph: Graph;
  /** The growth stages (grow section), each optimized like `graph`. */
  readonly stages?: readonly StageInput[];
}

export interface Program {
  /** The entry file's AST (absent only when the file cannot be read). */
  readonly ast?: Module;
  /** Every diagnostic of the file, its imports and its growth stages. */
  readonly diagnostics: readonly Diagnostic[];
  /** Every source file read, by the path used in spans. */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** Present when the file has a model and no errors. */
  readonly model?: ProgramModel;
}

/** Builds the whole program of one file. Never throws for user errors: they are diagnostics. */
export function buildProgram(path: string, opts: ProgramOptions = {}): Program {
  return programOf(analyzeProgram(path, opts), opts);
}

/** buildProgram's front end: parse, resolve, lower (analyze.ts) with the options that read files. */
export function analyzeProgram(path: string, opts: ProgramOptions = {}): AnalyzeResult {
  return analyzeFile(path, {
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    ...(opts.text === undefined ? {} : { text: opts.text }),
    ...(opts.overrides === undefined ? {} : { overrides: opts.overrides }),
    ...(opts.stdlibRoot === undefined ? {} : { stdlibRoot: opts.stdlibRoot }),
    ...(opts.skipDataFiles === true ? { skipDataFiles: true } : {}),
  });
}

/**
 * The rest of buildProgram on an analysis made with the same file options (`cwd`, `text`,
 * `overrides`, `stdlibRoot`, `skipDataFiles`): one analysis serves several builds that differ in
 * the graph options (`drop`, `optimize`, …), as `archc drop` builds its source and its new model.
 * The analysis is not changed.
 */
export function programOf(analysis: AnalyzeResult, opts: ProgramOptions = {}): Program {
  const { diagnostics, sources, program: lowered } = analysis;
  const front = { ...(analysis.ast === undefined ? {} : { ast: analysis.ast }), sources };
  if (lowered === undefined || diagnostics.some((d) => d.severity === "error"))
    return { ...front, diagnostics };
  const batch = opts.batch ?? lowered.train?.batch;
  const passContext: PassContext = {
    ...(batch === undefined ? {} : { batch }),
    ...(opts.moeStrategy === undefined ? {} : { moeStrategy: opts.moeStrategy }),
  };
  const run = (g: Graph, trace?: TracedGraph[]): Graph =>
    opts.optimize === false
      ? g
      : optimize(g, {
          ...passContext,
          ...(trace === undefined
            ? {}
            : { trace: (pass, out) => trace.push({ pass, graph: out }) }),
        });
  const overridden = applyDropoutOverride(lowered.graph, lowered.train);
  // a trained model's layers dropped (archc drop), or its stream read at a layer (--suggest)
  const dropped = dropLayers(overridden, opts.drop, { grows: lowered.grow !== undefined });
  const probed = opts.probeStream === true ? streamProbe(dropped) : dropped;
  const shown = { ...probed, source: displayPath(lowered.graph.source, opts.cwd) };
  // lowering verified its graph; the dropout override, a drop or a probe change it, so verify again then
  const input = probed === lowered.graph ? shown : verified(shown);
  const trace: TracedGraph[] = [{ pass: "lower", graph: input }];
  const graph = run(input, trace);
  // growth stages grow the model as it trains (dropout applied), then run the same passes
  const grown = growStages(input, lowered.grow);
  if (grown instanceof GrowError)
    return { ...front, diagnostics: [...diagnostics, growDiagnostic(grown, input)] };
  const stages = grown?.map(({ stage, description }) => ({
    description,
    stage: { ...stage, graph: run(verified(stage.graph)) },
  }));
  return {
    ...front,
    diagnostics,
    model: { lowered, passContext, trace, graph, ...(stages === undefined ? {} : { stages }) },
  };
}

/** Hands the printed IR after lowering and after each pass to `dump` (`--dump-ir=after-all`). */
export function dumpTrace(program: Program, dump: (pass: string, ir: string) => void): void {
  const sources = (p: string): SourceFile | undefined => program.sources.get(p);
  for (const { pass, graph } of program.model?.trace ?? [])
    dump(pass, printGraph(graph, { sources }));
}

/** A path for people and goldens: project files relative to the cwd, the standard library relative to the package. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const abs = resolve(cwd, file);
  const under = (root: string): string | undefined => {
    const rel = relative(root, abs);
    return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel)
      ? rel.split(sep).join("/")
      : undefined;
  };
  return under(cwd) ?? under(PACKAGE_ROOT) ?? basename(abs);
}

/** The graph, after the verifier found nothing wrong with it (else an InternalCompilerError). */
function verified(g: Graph): Graph {
  assertValidGraph(g);
  return g;
}
