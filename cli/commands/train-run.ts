// `archc train RUN [flags]`: train a run's own program again, compiled from its source snapshot
// with its compile settings (a dropped run's drop included: cli/runs/rebuild.ts), starting from
// its newest checkpoint's weights (`--init-from RUN`, unless --init-from or --resume is given).
// This is how a dropped run is healed (constructs.md §8.4): `archc train NEWRUN --steps K`.
import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { CompileOptions } from "../../compiler/compile.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import { readRunInfo, runInfoPath } from "../../runtime/run/info.ts";
import { rebuildOptions } from "../runs/rebuild.ts";

/** What `archc train` compiles and passes on for a RUN argument. */
export interface RunTraining {
  readonly entry: string;
  readonly options: CompileOptions;
  /** Flags added before the user's (`--init-from=RUN`). */
  readonly flags: readonly string[];
}

/** True when `path` is a run directory (it holds a run record), not an .arch file. */
export function isRunDir(path: string): boolean {
  try {
    return statSync(path).isDirectory() && runInfoPath(path) !== null;
  } catch {
    return false;
  }
}

/**
 * How to train run `dir` again; `given` are the program flags on the command line, `overrides`
 * the command's `--set` values (added after the run's own). Throws RuntimeUserError.
 */
export function runTraining(
  dir: string,
  given: readonly string[],
  overrides: readonly string[],
): RunTraining {
  const abs = resolve(dir);
  const info = readRunInfo(abs);
  const { entry, options } = rebuildOptions(abs, info);
  const starts = given.some((f) => /^--(init-from|resume)(=|$)/.test(f));
  if (info.config.data.kind === "text" && !given.some((f) => /^--data(=|$)/.test(f)))
    checkBundledData(dir, info.config.data.source);
  return {
    entry,
    options: { ...options, overrides: [...(options.overrides ?? []), ...overrides] },
    flags: starts ? [] : [`--init-from=${abs}`],
  };
}

/** A run trained on a file needs --data: the snapshot keeps the sources, not the data. */
function checkBundledData(dir: string, source: { readonly file: string } | "sotu"): void {
  if (source === "sotu") return;
  throw new RuntimeUserError(
    `Run '${dir}' was trained on the file '${source.file}', which its source snapshot does not keep; pass --data FILE to train it again.`,
  );
}
