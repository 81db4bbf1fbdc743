// `archc eval RUN --data FILE [--batch N]`: the run's loss on a text file, tokenized as the run was
// trained: mean cross-entropy (nats per token), perplexity, bits per token and bits per byte, over
// every token of the file in non-overlapping context windows (runtime/train/evaluate.ts).
import { readTextFile } from "../../runtime/data/text.ts";
import { tokenByteLengths, tokenizerFor } from "../../runtime/data/tokenizer.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import { evaluateTokens } from "../../runtime/train/evaluate.ts";
import { type Command, UsageError } from "../command.ts";
import { checkExitThreshold, exitLine, exitThresholdFlag } from "./exit-flag.ts";
import { numberFlag, withRun } from "./use-run.ts";
import { evalCommandMeta } from "./meta/eval.ts";

export const evalCommand: Command = {
  ...evalCommandMeta,
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
