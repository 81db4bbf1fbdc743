// `archc sample RUN --speculate K --draft DRAFTRUN`: speculative decoding (runtime/decode/
// speculative.ts) with a small draft run of the same vocabulary and tokenizer proposing K tokens a
// step and the run's model verifying them in one forward. The flags, their checks, and the line
// that reports the acceptance (accepted draft tokens, tokens per target forward).
import { speculate, type SpeculateOptions } from "../../runtime/decode/index.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import type { FlagValue } from "../../runtime/run/command-line.ts";
import { type Io, type OptionSpec, UsageError } from "../command.ts";
import { loadRun, type LoadedRun } from "../runs/load.ts";
import { numberFlag } from "./use-run.ts";

/** Draft tokens per step when --draft is given without --speculate. */
export const DEFAULT_SPECULATE = 4;

export const SPECULATE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
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
};

/** The draft run and K, or undefined without either flag; a usage error for one without the other. */
export function speculateFlags(
  speculateValue: FlagValue,
  draftValue: FlagValue,
): { readonly k: number; readonly draft: string } | undefined {
  if (speculateValue === undefined && draftValue === undefined) return undefined;
  if (typeof draftValue !== "string" || draftValue === "")
    throw new UsageError("--speculate needs --draft DRAFTRUN (the small run that proposes tokens)");
  const k = numberFlag("speculate", speculateValue, DEFAULT_SPECULATE, { min: 1, integer: true });
  return { k, draft: draftValue };
}

/** Loads the draft run (the backend is already the target's) and checks it matches the target. */
export async function loadDraft(path: string, target: LoadedRun, io: Io): Promise<LoadedRun> {
  let draft: LoadedRun;
  try {
    draft = await loadRun(path, { io });
  } catch (e) {
    if (!(e instanceof RuntimeUserError)) throw e;
    throw new RuntimeUserError(`the draft run (--draft): ${e.message}`);
  }
  const why =
    draft.tokenizer !== target.tokenizer
      ? `uses ${draft.tokenizer} tokens, the run ${target.tokenizer} tokens`
      : draft.model.meta.vocab !== target.model.meta.vocab
        ? `has a vocabulary of ${draft.model.meta.vocab} tokens, the run ${target.model.meta.vocab}`
        : undefined;
  if (why !== undefined) {
    draft.dispose();
    throw new RuntimeUserError(
      `the draft run ${path} ${why}: speculative decoding needs the same vocabulary and tokenizer.`,
    );
  }
  return draft;
}

/** Generates with the draft; returns the tokens and the acceptance line for stderr. */
export async function sampleSpeculative(
  target: LoadedRun,
  draft: LoadedRun,
  prompt: readonly number[],
  opts: SpeculateOptions,
): Promise<{ readonly tokens: number[]; readonly line: string }> {
  const g = await speculate(target, draft, prompt, { ...opts, draftStep: draft.checkpoint.step });
  const rate = g.proposed === 0 ? 0 : (100 * g.accepted) / g.proposed;
  const line =
    `speculative: K ${opts.speculate}, ${g.accepted} of ${g.proposed} draft tokens accepted ` +
    `(${rate.toFixed(1)}%), ${(g.tokens.length / g.steps).toFixed(2)} tokens per target forward`;
  return { tokens: g.tokens, line };
}
