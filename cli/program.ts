// Importing a generated program in this process (`archc train`, and cli/runs/load.ts rebuilding a
// run's model): its model.ts, by URL with a content hash so that a recompiled program is imported
// afresh within one process, and its runtime through the program's own shim (runtime.ts). The
// program is TypeScript: the installed package (dist/, plain Node) registers tsx's loader first.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Output } from "../runtime/train/progress.ts";
import type { TerminalStream } from "../runtime/terminal.ts";

/** The runtime's training entry, as reached through the program's runtime.ts. */
export interface ProgramRuntime {
  readonly runMain: (
    model: unknown,
    config: unknown,
    argv: readonly string[],
    io: ProgramIo,
  ) => Promise<number>;
}

export interface ProgramIo {
  readonly out: Output;
  readonly err: Output;
  /** The program's model.ts URL (its build.json and source/ go into the run). */
  readonly program: string;
}

export interface ImportedProgram {
  /** The URL of model.ts (without the version query). */
  readonly url: string;
  /** What model.ts exports (`model`, `trainConfig`, …). */
  readonly exports: Record<string, unknown>;
  readonly runtime: ProgramRuntime;
}

let loader: Promise<void> | undefined;

/** Registers tsx's ESM loader once, unless this module already runs under a TypeScript loader. */
function typeScriptLoader(): Promise<void> {
  if (import.meta.url.endsWith(".ts")) return Promise.resolve();
  loader ??= import("tsx/esm/api").then(({ register }) => void register());
  return loader;
}

/** Imports `dir/model.ts` (whose text is `code`) and its runtime shim. */
export async function importProgram(dir: string, code: string): Promise<ImportedProgram> {
  await typeScriptLoader();
  const version = createHash("sha256").update(code).digest("hex").slice(0, 12);
  const url = pathToFileURL(join(dir, "model.ts")).href;
  const exports = (await import(`${url}?v=${version}`)) as Record<string, unknown>;
  const runtime = (await import(pathToFileURL(join(dir, "runtime.ts")).href)) as ProgramRuntime;
  return { url, exports, runtime };
}

/** `write` as an Output that is a terminal exactly when `stream` is one (its width read live). */
export function outputOf(write: (text: string) => void, stream?: TerminalStream): Output {
  return {
    write,
    get isTTY() {
      return stream?.isTTY === true;
    },
    get columns() {
      return stream?.columns;
    },
  };
}
