// `archc sample`: its name, help text and flags, what `archc --help` and the flag parser read
// without loading the command (commands/sample.ts runs it).
import type { CommandMeta, OptionSpec } from "../../command.ts";
import { SAMPLE_DEFAULTS } from "../../../runtime/decode/sampler.ts";
import { BACKEND_OPTION, EXIT_THRESHOLD_OPTION } from "./run-options.ts";

/** Tokens generated unless --tokens says otherwise. */
export const DEFAULT_TOKENS = 200;

/** Draft tokens per step when --draft is given without --speculate. */
export const DEFAULT_SPECULATE = 4;

/** The flags of speculative decoding (commands/speculate-flag.ts reads them). */
const SPECULATE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  speculate: {
    type: "string",
    valueName: "K",
    description: `speculative decoding: the draft run proposes K tokens per step (default ${DEFAULT_SPECULATE} with --draft)`,
  },
  draft: {
    type: "string",
    valueName: "DRAFTRUN",
    description: "the draft run (or checkpoint) for --speculate: same vocabulary and tokenizer",
  },
  "draft-exit": {
    type: "string",
    valueName: "L",
    description:
      "self-speculative: the run's own early exit after layer L (0-based, one of its exit layers) drafts",
  },
};

export const sampleMeta: CommandMeta = {
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
};
