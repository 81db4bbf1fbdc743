// Rebuilding a run's program from its own source snapshot (RUN/source/, listed in run.json's
// `build`): every file checked against its sha256, the entry compiled in this process with the
// run's compile settings and the snapshot's stdlib copy, the generated program written to a
// temporary folder and imported the way `archc train` imports it (cli/program.ts). A dropped run
// (`archc drop`) records its drop in the build's settings, so it rebuilds without those layers.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileFile, writeOutput } from "../../compiler/compile.ts";
import type { Diagnostic } from "../../grammar/core/diagnostic.ts";
import { formatDiagnostic } from "../../grammar/core/format-diagnostic.ts";
import type { SourceFile } from "../../grammar/core/source.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import type { CompiledModel } from "../../runtime/model.ts";
import type { RunInfo } from "../../runtime/run/info.ts";
import { BUILD_FILE, SOURCE_DIR, type BuildInfo } from "../../spec/build.ts";
import type { DropSpec } from "../../spec/drop.ts";
import { DropError } from "../../compiler/drop/apply.ts";
import type { ProgramOptions } from "../../compiler/program.ts";
import { importProgram } from "../program.ts";

/** The run's build record, or a user error saying why the run cannot be rebuilt. */
function buildOf(dir: string, info: RunInfo): BuildInfo {
  const build = info.build;
  if (build === undefined || !Array.isArray(build.files))
    throw new RuntimeUserError(
      `Run '${dir}' has no source snapshot (it was trained by an older archc, or by a program ` +
        "compiled without one), so its model cannot be rebuilt. Train it again with this archc.",
    );
  for (const f of build.files) {
    const path = join(dir, SOURCE_DIR, f.path);
    if (!existsSync(path))
      throw new RuntimeUserError(`Run '${dir}' is missing its source file ${SOURCE_DIR}/${f.path}.`);
    const sha = createHash("sha256").update(readFileSync(path)).digest("hex");
    if (sha !== f.sha256)
      throw new RuntimeUserError(
        `Run '${dir}': ${SOURCE_DIR}/${f.path} was changed after training (its sha256 differs from run.json's).`,
      );
  }
  return build;
}

/** The `--set` flags the run was compiled with (a build from before they were recorded as a list: none). */
function overridesOf(build: BuildInfo): readonly string[] {
  const recorded: unknown = build.settings.overrides;
  return Array.isArray(recorded) ? recorded.filter((o): o is string => typeof o === "string") : [];
}

/** The drop `archc drop` recorded (absent: none); a malformed one is a user error, not a crash. */
function dropOf(dir: string, build: BuildInfo): DropSpec | undefined {
  const recorded: unknown = build.settings.drop;
  if (recorded === undefined) return undefined;
  const r = recorded as { layers?: unknown; attention?: unknown };
  const ints = (xs: unknown): xs is number[] =>
    Array.isArray(xs) && xs.every((x) => Number.isInteger(x) && (x as number) >= 0);
  if (typeof recorded !== "object" || recorded === null || !ints(r.layers) || !ints(r.attention))
    throw new RuntimeUserError(
      `Run '${dir}': run.json's build.settings.drop is not {"layers": [...], "attention": [...]} of layer indices.`,
    );
  return { layers: r.layers, attention: r.attention };
}

/** How the run's program is compiled from RUN/source/: the entry file and the run's compile settings. */
export function rebuildOptions(
  dir: string,
  info: RunInfo,
): { readonly entry: string; readonly options: ProgramOptions } {
  const build = buildOf(dir, info);
  const source = join(dir, SOURCE_DIR);
  const settings = build.settings;
  const drop = dropOf(dir, build);
  return {
    entry: join(source, build.entry),
    options: {
      cwd: source,
      stdlibRoot: source,
      optimize: settings.optimize,
      overrides: overridesOf(build),
      skipDataFiles: true, // sample and eval read no training data; the snapshot holds none
      ...(settings.moe === undefined ? {} : { moeStrategy: settings.moe }),
      ...(drop === undefined ? {} : { drop }),
    },
  };
}

/**
 * The run's model (the base model; growth stages under `grow`), compiled from RUN/source/;
 * `probeStream`: its stream entering the first layer instead of logits (compiler/drop/probe.ts).
 */
export async function rebuildModel(
  dir: string,
  info: RunInfo,
  extra: { readonly probeStream?: boolean } = {},
): Promise<CompiledModel> {
  return (await rebuildProgram(dir, info, extra)).model;
}

/** rebuildModel's model and the build record its compile wrote (the model's description: `models`). */
export async function rebuildProgram(
  dir: string,
  info: RunInfo,
  extra: { readonly probeStream?: boolean } = {},
): Promise<{ readonly model: CompiledModel; readonly build: BuildInfo }> {
  const { entry, options } = rebuildOptions(dir, info);
  const out = mkdtempSync(join(tmpdir(), "archc-run-"));
  try {
    const r = await compileFile(entry, { ...options, ...extra, outDir: out }).catch((e: unknown) => {
      if (e instanceof DropError) throw new RuntimeUserError(`Run '${dir}': ${e.message}.`);
      throw e;
    });
    if (r.files === undefined || r.diagnostics.some((d) => d.severity === "error"))
      throw snapshotError(dir, r);
    writeOutput(out, r.files);
    const code = r.files.find((f) => f.path === "model.ts")!.text;
    const { exports } = await importProgram(out, code);
    const build = JSON.parse(r.files.find((f) => f.path === BUILD_FILE)!.text) as BuildInfo;
    return { model: exports["model"] as CompiledModel, build };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Why the run's source snapshot does not compile: its first errors, or that it has no model. */
export function snapshotError(
  dir: string,
  r: { readonly diagnostics: readonly Diagnostic[]; readonly sources: ReadonlyMap<string, SourceFile> },
): RuntimeUserError {
  const shown = r.diagnostics
    .filter((d) => d.severity === "error")
    .slice(0, 3)
    .map((d) => formatDiagnostic(d, { sources: (f) => r.sources.get(f) }))
    .join("\n");
  return new RuntimeUserError(
    `The source snapshot of run '${dir}' does not compile with this archc:\n${shown || "it defines no model"}`,
  );
}
