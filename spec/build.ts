// The build record of a generated program, shared by the compiler (which writes it beside model.ts
// with a copy of every .arch file it read) and the runtime (which copies both into each run
// directory, so a run can be rebuilt from its own files: cli/runs/load.ts). Plain data, no tfjs.
//   out/<name>/build.json          BuildInfo
//   out/<name>/source/project/…    the user's files, laid out as they were relative to each other
//   out/<name>/source/stdlib/…     the standard-library files the program imported
// The run directory keeps the same two under RUN/build.json and RUN/source/.

import type { ModelDescription } from "./describe.ts";
import type { DropSpec } from "./drop.ts";
import type { MoeStrategy } from "./moe.ts";

export const BUILD_FILE = "build.json";
export const SOURCE_DIR = "source";
export const BUILD_FORMAT = "archc-build";
export const BUILD_VERSION = 1;

/** The compiler options that change the program (`--no-opt`, `--moe`, `--set`, a run's drop). */
export interface CompileSettings {
  /** False for `--no-opt`. */
  readonly optimize: boolean;
  /** `--moe dense|dispatch`, when given. */
  readonly moe?: MoeStrategy;
  /** `--set NAME=VALUE` flags (constants and train settings), in order, as written. */
  readonly overrides: readonly string[];
  /** The layers `archc drop` removed from the trained model (absent: none). */
  readonly drop?: DropSpec;
}

/** One snapshot file. */
export interface SourceEntry {
  /** Its path under `source/` (`project/gpt.arch`, `stdlib/blocks/gpt-block.arch`). */
  readonly path: string;
  /** Where the compiler read it (project files: absolute path; stdlib: the package-relative path). */
  readonly origin: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface BuildInfo {
  readonly format: typeof BUILD_FORMAT;
  readonly version: number;
  /** The archc version that compiled it (package.json). */
  readonly archc: string;
  /** The entry file's path under `source/`. */
  readonly entry: string;
  readonly settings: CompileSettings;
  readonly files: readonly SourceEntry[];
  /** The model's description per growth stage (index 0: the base model). */
  readonly models?: readonly ModelDescription[];
}
