// `archc export`: its name, help text and flags, what `archc --help` and the flag parser read
// without loading the command (commands/export.ts runs it).
import type { CommandMeta } from "../../command.ts";

export const exportCommandMeta: CommandMeta = {
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
};
