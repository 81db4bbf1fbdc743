// `archc upcycle MODEL.arch RUN... --out FILE.safetensors`: BAM's parameter upcycling (constructs.md
// §7.5). The dense runs' weights initialise MODEL's MoE FFN experts and mixture-of-attention experts
// (one expert per run) and the mean of their other weights the rest (runtime/export/upcycle.ts);
// train from the file with `archc train MODEL.arch --init-from FILE.safetensors`.
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { RuntimeUserError } from "../../runtime/errors.ts";
import { encodeSafetensors } from "../../runtime/export/safetensors.ts";
import { upcycle } from "../../runtime/export/upcycle.ts";
import { writeFileAtomic } from "../../runtime/run/rundir.ts";
import { type Command, UsageError } from "../command.ts";
import { missingFile } from "./input-file.ts";
import { messageOf, runOrCheckpointProblem } from "./run-dir.ts";
import { sourceOf, targetOf } from "./upcycle-inputs.ts";
import { upcycleCommandMeta } from "./meta/upcycle.ts";

export const upcycleCommand: Command = {
  ...upcycleCommandMeta,
  run({ values, positionals }, io) {
    const [file, ...runs] = positionals as [string, ...string[]];
    const out = values["out"];
    if (typeof out !== "string")
      throw new UsageError("upcycle needs --out FILE.safetensors", "name the file to write");
    if (!out.endsWith(".safetensors"))
      throw new UsageError(`\`${out}\` is not a .safetensors file`, "name it *.safetensors");
    if (!file.endsWith(".arch"))
      throw new UsageError(
        `the first argument \`${file}\` is not an .arch file`,
        "give MODEL.arch first, then the runs",
      );
    if (missingFile(file, io)) return 1;
    if (!existsSync(dirname(out))) {
      io.err(`error: cannot write \`${out}\`: the folder \`${dirname(out)}\` does not exist\n`);
      return 1;
    }
    for (const run of runs) {
      const problem = runOrCheckpointProblem(run);
      if (problem !== undefined) {
        io.err(`error: ${problem}\n`);
        return 1;
      }
    }
    const target = targetOf(file, io);
    if (target === undefined) return 1;
    try {
      const tensors = upcycle(target, runs.map(sourceOf));
      writeFileAtomic(
        out,
        encodeSafetensors(tensors, { format: "archc", upcycled_from: JSON.stringify(runs) }),
      );
      const fresh = target.params.length - tensors.length;
      io.err(
        `wrote ${out}: ${tensors.length} tensors from ${runs.length} run${runs.length === 1 ? "" : "s"}, ${fresh} router${fresh === 1 ? "" : "s"} left to the model's init\n` +
          `next: archc train ${file} --init-from ${out}\n`,
      );
      return 0;
    } catch (e) {
      if (!(e instanceof RuntimeUserError)) throw e;
      io.err(`error: ${messageOf(e)}\n`);
      return 1;
    }
  },
};
