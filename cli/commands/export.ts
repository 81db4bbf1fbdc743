// `archc export RUN --format safetensors [-o FILE]`: write the trained parameters of a run's newest
// complete checkpoint as a safetensors file (runtime/export), under the IR's parameter names.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { RuntimeUserError } from "../../runtime/errors.ts";
import { isCheckpointDir, runDirOf } from "../../runtime/checkpoint/read.ts";
import { exportSafetensors } from "../../runtime/export/safetensors.ts";
import { type Command, UsageError } from "../command.ts";
import { messageOf, runDirProblem } from "./run-dir.ts";

const FORMATS = ["safetensors"] as const;

export const exportCommand: Command = {
  name: "export",
  summary: "export a run's trained parameters (safetensors)",
  usage: "archc export RUN|CHECKPOINT --format safetensors [-o FILE]",
  description:
    "Reads the newest checkpoint of the run directory RUN (or the checkpoint folder CHECKPOINT,\n" +
    "RUN/checkpoints/step-…), checks every tensor's checksum, and writes its parameters, float32,\n" +
    "named as in the IR (`blocks.0.causal_self_attention.q.kernel`). Beside the file it writes\n" +
    "config.json, the model's description (width, heads, kv heads, layers, norms per layer,\n" +
    "vocabulary, context, tokenizer, activation, tied head, each parameter's role), also stored in\n" +
    "the safetensors __metadata__ (`config`); the layout is in docs/weights.md. Default output:\n" +
    "RUN/model.safetensors. Exit status: 0 on success, 1 when RUN is not a run directory, has no\n" +
    "checkpoint, or its newest checkpoint is corrupt (the message names the last good one).",
  options: {
    format: {
      type: "string",
      valueName: "FORMAT",
      description: "the file format: safetensors (the default and only one)",
    },
    out: {
      type: "string",
      short: "o",
      valueName: "FILE",
      description: "write to FILE (default RUN/model.safetensors)",
    },
  },
  positionals: { name: "RUN", min: 1, max: 1 },
  run({ values, positionals }, io) {
    const dir = positionals[0]!;
    const format = typeof values["format"] === "string" ? values["format"] : "safetensors";
    if (!(FORMATS as readonly string[]).includes(format))
      throw new UsageError(`unknown export format \`${format}\``, "use --format safetensors");
    const problem = isCheckpointDir(dir) ? undefined : runDirProblem(dir);
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
