// `archc eval RUN --data FILE [--batch N]`: the run's loss on a text file, tokenized as the run was
// trained: mean cross-entropy (nats per token), perplexity, bits per token and bits per byte, over
// every token of the file in non-overlapping context windows (runtime/train/evaluate.ts).
import { readTextFile } from "../../runtime/data/text.ts";
import { tokenByteLengths, tokenizerFor } from "../../runtime/data/tokenizer.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import { evaluateTokens } from "../../runtime/train/evaluate.ts";
import { type Command, UsageError } from "../command.ts";
import {
  checkExitThreshold,
  EXIT_THRESHOLD_OPTION,
  exitLine,
  exitThresholdFlag,
} from "./exit-flag.ts";
import { BACKEND_OPTION, numberFlag, withRun } from "./use-run.ts";

export const evalCommand: Command = {
  name: "eval",
  summary: "evaluate a trained run on a text file",
  usage:
    "archc eval RUN|CHECKPOINT... --data FILE [--batch N] [--exit-threshold T] [--backend NAME]",
  description:
    "Loads the run's newest complete checkpoint (or the checkpoint folder given), tokenizes FILE\n" +
    "with the run's tokenizer and predicts every token after the first, in non-overlapping\n" +
    "windows of the model's context (no context carried across windows). Prints the mean loss\n" +
    "(nats per token), perplexity, bits per token and bits per byte of FILE's text. A model with\n" +
    "early exits predicts each token at its first confident exit (the exit rule) and the mean\n" +
    "exit layer is printed. Several RUNs\n" +
    "(a shell glob): the newest run is used. Exit status: 0, or 1 on a missing or corrupt run,\n" +
    "a missing, empty, binary or too short FILE, or a bad flag.",
  options: {
    data: { type: "string", valueName: "FILE", description: "the text file to evaluate on" },
    batch: {
      type: "string",
      valueName: "N",
      description: "windows per forward pass (default: the run's training batch)",
    },
    "exit-threshold": EXIT_THRESHOLD_OPTION,
    backend: BACKEND_OPTION,
  },
  positionals: { name: "RUN", min: 1 },
  async run({ values, positionals }, io) {
    const file = values["data"];
    if (typeof file !== "string")
      throw new UsageError(
        "archc eval needs --data FILE",
        "e.g. archc eval runs/GPT-* --data text.txt",
      );
    const batchFlag = values["batch"];
    const batch = numberFlag("batch", batchFlag, 1, { min: 1, integer: true });
    const exitThreshold = exitThresholdFlag(values["exit-threshold"]);
    let text: Uint8Array;
    try {
      text = readTextFile(file);
    } catch (e) {
      if (!(e instanceof RuntimeUserError)) throw e;
      io.err(`error: ${e.message}\n`);
      return 1;
    }
    return withRun(positionals, values["backend"], io, async (run) => {
      checkExitThreshold(run.model.meta, exitThreshold);
      const tokenizer = tokenizerFor(run.tokenizer);
      const ids = tokenizer.encode(text);
      if (ids.length < 2)
        throw new RuntimeUserError(
          `Data file '${file}' holds only ${ids.length} token (${run.tokenizer} tokenizer): evaluation needs at least 2.`,
        );
      const r = await evaluateTokens(run.model, run.params, ids, {
        batch: batchFlag === undefined ? run.trainConfig.batch : batch,
        step: run.checkpoint.step,
        bytesPerToken: tokenByteLengths(tokenizer),
        ...(exitThreshold !== undefined ? { exitThreshold } : {}),
      });
      const C = run.model.meta.context;
      io.out(
        `${run.info.name} step ${run.checkpoint.step} on ${file}: ${r.tokens.toLocaleString("en-US")} tokens predicted (${run.tokenizer} tokenizer, ${r.bytes.toLocaleString("en-US")} bytes), ${r.windows} windows of ≤ ${C}\n` +
          `loss ${r.loss.toFixed(4)} nats/token, perplexity ${r.perplexity.toFixed(3)}, ${r.bitsPerToken.toFixed(4)} bits/token, ${r.bitsPerByte.toFixed(4)} bits/byte\n`,
      );
      const exits = exitLine(run.model.meta, r.meanExitLayer, exitThreshold);
      if (exits !== undefined) io.out(`${exits}\n`);
      return 0;
    });
  },
};
