// `archc sample RUN [--prompt TEXT] [--tokens N] …`: generate text from a trained run or checkpoint
// with the run's tokenizer, through the KV cache (runtime/decode/); the text goes to stdout, the
// speed (`N tokens in S s (X tokens/s)`) to stderr. `--speculate K --draft DRAFTRUN` (or
// `--draft-exit L`): speculative decoding with a draft run or the run's own exit (speculate-flag.ts).
import { generate, SAMPLE_DEFAULTS } from "../../runtime/decode/index.ts";
import { tokenizerFor } from "../../runtime/data/tokenizer.ts";
import type { Command } from "../command.ts";
import {
  checkExitThreshold,
  EXIT_THRESHOLD_OPTION,
  exitLine,
  exitThresholdFlag,
} from "./exit-flag.ts";
import {
  loadDraftSource,
  sampleSpeculative,
  SPECULATE_OPTIONS,
  speculateFlags,
} from "./speculate-flag.ts";
import { BACKEND_OPTION, numberFlag, withRun } from "./use-run.ts";

/** Tokens generated unless --tokens says otherwise. */
const DEFAULT_TOKENS = 200;

export const sample: Command = {
  name: "sample",
  summary: "generate text from a trained run",
  usage:
    "archc sample RUN|CHECKPOINT... [--prompt TEXT] [--tokens N] [--temperature T] [--top-k K] [--top-p P] [--seed N] [--exit-threshold T] [--speculate K --draft DRAFTRUN|--draft-exit L] [--backend NAME] [--no-cache]",
  description:
    "Loads the run's newest complete checkpoint (or the checkpoint folder given) and continues\n" +
    "--prompt (default: a newline) with the run's tokenizer. Each new token costs one position\n" +
    "through the KV cache; --no-cache recomputes the whole window per token (the same tokens,\n" +
    "slower). Models that cannot decode causally (expert-choice routing) recompute, with a note.\n" +
    "A model with early exits draws each token from its first confident exit (the exit rule);\n" +
    "the mean exit layer goes to stderr with the speed.\n" +
    "--speculate K --draft DRAFTRUN: speculative decoding; the draft run (same vocabulary and\n" +
    "tokenizer) proposes K tokens, the run's model checks them in one forward and keeps a prefix.\n" +
    "Greedy (--temperature 0) gives the tokens plain greedy sampling gives; otherwise the tokens\n" +
    "follow the run's own sampling distribution. stderr says how many draft tokens were accepted.\n" +
    "--draft-exit L: the run's own early exit after layer L drafts (LayerSkip's self-speculation).\n" +
    "Several RUNs (a shell glob): the newest run is used. Exit status: 0, or 1 on a missing or\n" +
    "corrupt run or a bad flag.",
  options: {
    prompt: { type: "string", valueName: "TEXT", description: "the text to continue" },
    tokens: {
      type: "string",
      valueName: "N",
      description: `tokens to generate (default ${DEFAULT_TOKENS})`,
    },
    temperature: {
      type: "string",
      valueName: "T",
      description: `softmax temperature, 0 = greedy (default ${SAMPLE_DEFAULTS.temperature})`,
    },
    "top-k": {
      type: "string",
      valueName: "K",
      description: `sample among the K most likely tokens, 0 = all (default ${SAMPLE_DEFAULTS.topK})`,
    },
    "top-p": {
      type: "string",
      valueName: "P",
      description: `nucleus: the most likely tokens up to probability P, in (0, 1] (default ${SAMPLE_DEFAULTS.topP})`,
    },
    seed: { type: "string", valueName: "N", description: "seed of the sampling (default 0)" },
    "exit-threshold": EXIT_THRESHOLD_OPTION,
    backend: BACKEND_OPTION,
    "no-cache": { type: "boolean", description: "recompute the whole window for every token" },
    ...SPECULATE_OPTIONS,
  },
  positionals: { name: "RUN", min: 1 },
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
