// `archc sample RUN [--prompt TEXT] [--tokens N] …`: generate text from a trained run or checkpoint
// with the run's tokenizer, through the KV cache (runtime/decode/); the text goes to stdout, the
// speed (`N tokens in S s (X tokens/s)`) to stderr. `--speculate K --draft DRAFTRUN` (or
// `--draft-exit L`): speculative decoding with a draft run or the run's own exit (speculate-flag.ts).
import { generate, SAMPLE_DEFAULTS } from "../../runtime/decode/index.ts";
import { tokenizerFor } from "../../runtime/data/tokenizer.ts";
import type { Command } from "../command.ts";
import { checkExitThreshold, exitLine, exitThresholdFlag } from "./exit-flag.ts";
import { loadDraftSource, sampleSpeculative, speculateFlags } from "./speculate-flag.ts";
import { numberFlag, withRun } from "./use-run.ts";
import { DEFAULT_TOKENS, sampleMeta } from "./meta/sample.ts";

export const sample: Command = {
  ...sampleMeta,
  async run({ values, positionals }, io) {
    const tokens = numberFlag("tokens", values["tokens"], DEFAULT_TOKENS, {
      min: 1,
      integer: true,
    });
    const temperature = numberFlag(
      "temperature",
      values["temperature"],
      SAMPLE_DEFAULTS.temperature,
      {
        min: 0,
      },
    );
    const topK = numberFlag("top-k", values["top-k"], SAMPLE_DEFAULTS.topK, {
      min: 0,
      integer: true,
    });
    const topP = numberFlag("top-p", values["top-p"], SAMPLE_DEFAULTS.topP, { min: 0 });
    const seed = numberFlag("seed", values["seed"], 0, { min: 0, integer: true });
    const prompt = typeof values["prompt"] === "string" ? values["prompt"] : "";
    const exitThreshold = exitThresholdFlag(values["exit-threshold"]);
    const spec = speculateFlags(values);
    return withRun(positionals, values["backend"], io, async (run) => {
      checkExitThreshold(run.model.meta, exitThreshold);
      const tokenizer = tokenizerFor(run.tokenizer);
      const ids = tokenizer.encode(prompt === "" ? "\n" : prompt);
      const cache = values["no-cache"] !== true;
      const options = {
        tokens,
        temperature,
        topK,
        topP,
        seed,
        cache,
        step: run.checkpoint.step,
        ...(exitThreshold !== undefined ? { exitThreshold } : {}),
        onFallback: (why: string) =>
          io.err(`note: no KV cache for this model: ${why}; every token recomputes the window\n`),
      };
      const draft = spec === undefined ? undefined : await loadDraftSource(spec.draft, run, io);
      const started = performance.now();
      let g: { tokens: number[]; cached?: boolean; meanExitLayer?: number };
      let speculative: string | undefined;
      try {
        if (draft === undefined) g = await generate(run.model, run.params, ids, options);
        else {
          const r = await sampleSpeculative(run, draft, ids, { ...options, speculate: spec!.k });
          g = { tokens: r.tokens, cached: cache };
          speculative = r.line;
        }
      } finally {
        draft?.dispose();
      }
      const seconds = (performance.now() - started) / 1000;
      io.out(prompt + tokenizer.decode(g.tokens) + "\n");
      const how = g.cached ? "KV cache" : "no cache";
      const exits = exitLine(run.model.meta, g.meanExitLayer, exitThreshold);
      io.err(
        `${tokens} tokens in ${seconds.toFixed(2)} s (${(tokens / seconds).toFixed(1)} tokens/s); ${how}, step ${run.checkpoint.step}, ${run.tokenizer} tokens${exits !== undefined ? `; ${exits}` : ""}${speculative !== undefined ? `; ${speculative}` : ""}\n`,
      );
      return 0;
    });
  },
};
