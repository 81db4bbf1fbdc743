// The compiler's public API: an .arch file → the files of a TypeScript training program
// (`model.ts`, a one-line `runtime.ts` shim that imports `archc/runtime` by package name, a
// `package.json` that declares what the program needs, so the folder can move, and the build
// record with its source snapshot, `build.json` + `source/…`, that runs keep: snapshot.ts).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Diagnostic } from "../grammar/core/diagnostic.ts";
import type { SourceFile, Span } from "../grammar/core/source.ts";
import { generateModule } from "./codegen/index.ts";
import { reasonOf } from "./frontend.ts";
import { trainConfigOf } from "./codegen/train-config.ts";
import { PACKAGE_ROOT } from "./lower/resolve.ts";
import { kebabCase } from "./lower/scope.ts";
import { programDependencies } from "./version.ts";
import { buildProgram, displayPath, dumpTrace, type ProgramOptions } from "./program.ts";
import { SOURCE_DIR, type CompileSettings } from "../spec/build.ts";
import { sourceSnapshot } from "./snapshot.ts";
import { describeStages } from "./describe.ts";
import { OutputWriteError } from "./file-errors.ts";
import { dropsNothing } from "../spec/drop.ts";

export interface CompileOptions extends Omit<ProgramOptions, "batch"> {
  /** Called with `lower` and each pass's name and the printed IR after it (`--dump-ir=after-all`). */
  readonly dumpIr?: (pass: string, ir: string) => void;
  /** The folder the files are meant for; default `out/<stem>`. */
  readonly outDir?: string;
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

/** Compiles one file (compiler/program.ts builds it). Never throws for user errors: they come back as diagnostics. */
export async function compileFile(path: string, opts: CompileOptions = {}): Promise<CompileResult> {
  const cwd = opts.cwd ?? process.cwd();
  const outDir = resolve(cwd, opts.outDir ?? defaultOutDir(path, cwd));
  const program = buildProgram(path, opts);
  const { diagnostics, sources, model } = program;
  if (model === undefined) return { outDir, trains: false, diagnostics, sources };
  if (opts.dumpIr !== undefined) dumpTrace(program, opts.dumpIr);
  const { train, model: name } = model.lowered;
  const trainConfig = train === undefined ? undefined : trainConfigOf(train, opts.overrides);
  const locate = (span: Span): string => {
    const line = sources.get(span.file)?.lineCol(span.start).line ?? 0;
    return `${displayPath(span.file, cwd)}:${line}`;
  };
  const code = await generateModule({
    graph: model.graph,
    locate,
    ...(model.stages === undefined ? {} : { stages: model.stages }),
    ...(trainConfig === undefined ? {} : { trainConfig }),
  });
  const files: OutputFile[] = [
    { path: "model.ts", text: code },
    { path: "runtime.ts", text: runtimeShim() },
    { path: "package.json", text: programPackageJson(name) },
    ...sourceSnapshot(
      path,
      sources,
      settingsOf(opts),
      cwd,
      opts.stdlibRoot ?? PACKAGE_ROOT,
      describeStages(model),
    ),
  ];
  return { files, outDir, model: name, trains: trainConfig !== undefined, diagnostics, sources };
}

/** The options that change the program, as a build records them (spec/build.ts). */
export function settingsOf(opts: CompileOptions): CompileSettings {
  return {
    optimize: opts.optimize !== false,
    ...(opts.moeStrategy === undefined ? {} : { moe: opts.moeStrategy }),
    overrides: [...(opts.overrides ?? [])],
    ...(opts.drop === undefined || dropsNothing(opts.drop) ? {} : { drop: opts.drop }),
  };
}

/** The program's runtime.ts: the runtime by package name, resolved wherever archc is installed. */
export function runtimeShim(): string {
  return 'export * from "archc/runtime";\n';
}

/**
 * The program's package.json: ESM, `npm start` trains, and the packages it needs (archc, and tsx to
 * run model.ts), so `npm install` in a copy of the folder makes it runnable anywhere.
 */
export function programPackageJson(model: string): string {
  const manifest = {
    name: kebabCase(model),
    private: true,
    type: "module",
    scripts: { start: "tsx model.ts" },
    dependencies: programDependencies(),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export { OutputWriteError };

/**
 * Writes the files under `outDir` (created if missing; an older source snapshot is replaced);
 * returns the paths written. Throws OutputWriteError.
 */
export function writeOutput(outDir: string, files: readonly OutputFile[]): string[] {
  const attempt = <T>(path: string, write: () => T): T => {
    try {
      return write();
    } catch (e) {
      throw new OutputWriteError(path, reasonOf(e));
    }
  };
  attempt(outDir, () => mkdirSync(outDir, { recursive: true }));
  attempt(outDir, () => rmSync(join(outDir, SOURCE_DIR), { recursive: true, force: true }));
  return files.map((f) => {
    const target = join(outDir, f.path);
    attempt(target, () => {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.text);
    });
    return target;
  });
}
