// `archc export RUN --format safetensors [-o FILE]`: write the trained parameters of a run's newest
// complete checkpoint as a safetensors file (runtime/export), under the IR's parameter names.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { RuntimeUserError } from "../../runtime/errors.ts";
import { runDirOf } from "../../runtime/checkpoint/read.ts";
import { exportSafetensors } from "../../runtime/export/safetensors.ts";
import { type Command, UsageError } from "../command.ts";
import { messageOf, runOrCheckpointProblem } from "./run-dir.ts";
import { exportCommandMeta } from "./meta/export.ts";

const FORMATS = ["safetensors"] as const;

export const exportCommand: Command = {
  ...exportCommandMeta,
  run({ values, positionals }, io) {
    const dir = positionals[0]!;
    const format = typeof values["format"] === "string" ? values["format"] : "safetensors";
    if (!(FORMATS as readonly string[]).includes(format))
      throw new UsageError(`unknown export format \`${format}\``, "use --format safetensors");
    const problem = runOrCheckpointProblem(dir);
    if (problem !== undefined) {
      io.err(`error: ${problem}\n`);
      return 1;
    }
    // a checkpoint folder's export goes to its run directory, beside the run's other files
    const runDir = runDirOf(dir);
    const out =
      typeof values["out"] === "string" ? values["out"] : join(runDir, "model.safetensors");
    if (!existsSync(dirname(out))) {
      io.err(`error: cannot write \`${out}\`: the folder \`${dirname(out)}\` does not exist\n`);
      return 1;
    }
    try {
      const r = exportSafetensors(dir, out, { note: (t) => io.err(t + "\n") });
      io.err(
        `wrote ${out}: ${r.tensors} tensors, ${r.bytes.toLocaleString("en-US")} bytes (step ${r.step})\n`,
      );
      if (r.config !== null) io.err(`wrote ${r.config}: the model's description\n`);
      return 0;
    } catch (e) {
      if (!(e instanceof RuntimeUserError) && !isFsError(e)) throw e;
      io.err(`error: ${messageOf(e)}\n`);
      return 1;
    }
  },
};

/** A file-system failure (`ENOENT` for the output's folder, `EACCES`, …): the user's to fix. */
function isFsError(e: unknown): boolean {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string";
}
