// The compiler's public API: an .arch file → the files of a TypeScript training program
// (`model.ts`, a one-line `runtime.ts` shim, and a `package.json` that marks the folder as ESM).
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../grammar/core/diagnostic.ts";
import type { SourceFile, Span } from "../grammar/core/source.ts";
import { analyzeFile } from "./analyze.ts";
import { generateModule } from "./codegen/index.ts";
import { printGraph } from "./ir/print.ts";
import type { MoeStrategy } from "./ir/types.ts";
import { optimize } from "./passes/pipeline.ts";
import { applyDropoutOverride, trainConfigOf } from "./codegen/train-config.ts";
import { growDiagnostic, growStages } from "./lower/grow-diagnostic.ts";
import { GrowError } from "./lower/grow-stages.ts";

/** The package root (where `runtime/` and `stdlib/` live). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface CompileOptions {
  /** Run the IR optimization passes (compiler/passes/pipeline.ts) before codegen; default true. */
  readonly optimize?: boolean;
  /** Called after each pass with its name and the printed IR (`--dump-ir=after-all`). */
  readonly dumpIr?: (pass: string, ir: string) => void;
  /** The folder the files are meant for (the shim's import is relative to it); default `out/<stem>`. */
  readonly outDir?: string;
  /** Paths in comments and the header are shown relative to this folder (default: the cwd). */
  readonly cwd?: string;
  /** Forces the strategy of every MoE layer (default: the optimizer's cost estimate). */
  readonly moeStrategy?: MoeStrategy;
}

/** One output file, by its path relative to the output folder. */
export interface OutputFile {
  readonly path: string;
  readonly text: string;
}

export interface CompileResult {
  /** Absent when there are errors (or the file defines no model). */
  readonly files?: readonly OutputFile[];
  readonly outDir: string;
  /** The model name, when the file defines one. */
  readonly model?: string;
  /** Whether the program trains when run (the file has a train section). */
  readonly trains: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, SourceFile>;
}

/** `out/<stem>` under the cwd for `path/to/<stem>.arch`. */
export function defaultOutDir(path: string, cwd = process.cwd()): string {
  return join(cwd, "out", basename(path).replace(/\.arch$/, ""));
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

/** Compiles one file. Never throws for user errors: they come back as diagnostics. */
export async function compileFile(path: string, opts: CompileOptions = {}): Promise<CompileResult> {
  const cwd = opts.cwd ?? process.cwd();
  const outDir = resolve(cwd, opts.outDir ?? defaultOutDir(path, cwd));
  const analysis = analyzeFile(path, { cwd });
  const { diagnostics, sources } = analysis;
  const program = analysis.program;
  const hasErrors = diagnostics.some((d) => d.severity === "error");
  if (program === undefined || hasErrors) return { outDir, trains: false, diagnostics, sources };
  const source = displayPath(program.graph.source, cwd);
  const locate = (span: Span): string => {
    const line = sources.get(span.file)?.lineCol(span.start).line ?? 0;
    return `${displayPath(span.file, cwd)}:${line}`;
  };
  const trainConfig = program.train === undefined ? undefined : trainConfigOf(program.train);
  const lowered = applyDropoutOverride(program.graph, program.train);
  const printOpts = { sources: (p: string) => sources.get(p) };
  opts.dumpIr?.("lower", printGraph(lowered, printOpts));
  const graph =
    opts.optimize === false
      ? lowered
      : optimize(lowered, {
          ...(program.train === undefined ? {} : { batch: program.train.batch }),
          ...(opts.moeStrategy === undefined ? {} : { moeStrategy: opts.moeStrategy }),
          ...(opts.dumpIr === undefined
            ? {}
            : { trace: (pass, g) => opts.dumpIr?.(pass, printGraph(g, printOpts)) }),
        });
  // growth stages are built from the lowered graph (grow-stages.ts), then optimized like it
  const grown = growStages({ ...lowered, source }, program.grow);
  if (grown instanceof GrowError)
    return {
      outDir,
      trains: false,
      diagnostics: [...diagnostics, growDiagnostic(grown, lowered)],
      sources,
    };
  const stages = grown?.map((s) => ({
    ...s,
    stage: {
      ...s.stage,
      graph:
        opts.optimize === false
          ? s.stage.graph
          : optimize(
              s.stage.graph,
              program.train === undefined ? {} : { batch: program.train.batch },
            ),
    },
  }));
  const code = await generateModule({
    graph: { ...graph, source },
    locate,
    ...(stages === undefined ? {} : { stages }),
    ...(trainConfig === undefined ? {} : { trainConfig }),
  });
  const files: OutputFile[] = [
    { path: "model.ts", text: code },
    { path: "runtime.ts", text: runtimeShim(outDir) },
    { path: "package.json", text: '{ "type": "module" }\n' },
  ];
  return {
    files,
    outDir,
    model: program.model,
    trains: trainConfig !== undefined,
    diagnostics,
    sources,
  };
}

/** `export * from "<relative path to the package's runtime/index.ts>";` for a folder. */
export function runtimeShim(outDir: string): string {
  let rel = relative(outDir, join(PACKAGE_ROOT, "runtime", "index.ts"))
    .split(sep)
    .join("/");
  if (!rel.startsWith(".")) rel = `./${rel}`;
  return `export * from ${JSON.stringify(rel)};\n`;
}

/** Writes the files under `outDir`; returns the paths written. */
export function writeOutput(outDir: string, files: readonly OutputFile[]): string[] {
  mkdirSync(outDir, { recursive: true });
  return files.map((f) => {
    const target = join(outDir, f.path);
    writeFileSync(target, f.text);
    return target;
  });
}
