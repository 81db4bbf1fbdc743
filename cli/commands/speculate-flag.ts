// `archc sample RUN --speculate K --draft DRAFTRUN`: speculative decoding (runtime/decode/
// speculative.ts) with a small draft run of the same vocabulary and tokenizer proposing K tokens a
// step and the run's model verifying them in one forward; `--draft-exit L`: the run's own early
// exit after layer L drafts (self-speculative, LayerSkip). The flags, their checks, and the line
// that reports the acceptance (accepted draft tokens, tokens per target forward).
import { exitDraft, speculate, type SpeculateOptions } from "../../runtime/decode/index.ts";
import type { CompiledModel, Params } from "../../runtime/model.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import type { FlagValue } from "../../runtime/run/command-line.ts";
import { type Io, UsageError } from "../command.ts";
import { loadRun, type LoadedRun } from "../runs/load.ts";
import { numberFlag } from "./use-run.ts";
import { DEFAULT_SPECULATE } from "./meta/sample.ts";

/** Where the draft comes from: another run, or the run's own exit after `layer`. */
export type DraftSource = { readonly run: string } | { readonly exit: number };

/** The draft and K, or undefined without the flags; a usage error for K without a draft, or two drafts. */
export function speculateFlags(
  values: Readonly<Record<string, FlagValue>>,
): { readonly k: number; readonly draft: DraftSource } | undefined {
  const [kValue, run, exit] = [values["speculate"], values["draft"], values["draft-exit"]];
  if (kValue === undefined && run === undefined && exit === undefined) return undefined;
  if (run !== undefined && exit !== undefined)
    throw new UsageError("give one draft: --draft DRAFTRUN or --draft-exit L, not both");
  const k = numberFlag("speculate", kValue, DEFAULT_SPECULATE, { min: 1, integer: true });
  if (exit !== undefined)
    return { k, draft: { exit: numberFlag("draft-exit", exit, 0, { min: 0, integer: true }) } };
  if (typeof run !== "string" || run === "")
    throw new UsageError(
      "--speculate needs a draft: --draft DRAFTRUN (a small run) or --draft-exit L (the run's own early exit)",
    );
  return { k, draft: { run } };
}

/** The draft model: the run's own exit (sharing its parameters) or another run, checked. */
export async function loadDraftSource(
  source: DraftSource,
  target: LoadedRun,
  io: Io,
): Promise<{ model: CompiledModel; params: Params; step: number; dispose(): void }> {
  if ("exit" in source)
    return {
      model: exitDraft(target.model, source.exit),
      params: target.params,
      step: target.checkpoint.step,
      dispose: () => undefined,
    };
  const run = await loadDraft(source.run, target, io);
  return {
    model: run.model,
    params: run.params,
    step: run.checkpoint.step,
    dispose: () => run.dispose(),
  };
}

/** Loads the draft run (the backend is already the target's) and checks it matches the target. */
async function loadDraft(path: string, target: LoadedRun, io: Io): Promise<LoadedRun> {
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
  draft: { readonly model: CompiledModel; readonly params: Params; readonly step: number },
  prompt: readonly number[],
  opts: SpeculateOptions,
): Promise<{ readonly tokens: number[]; readonly line: string }> {
  const g = await speculate(target, draft, prompt, { ...opts, draftStep: draft.step });
  const rate = g.proposed === 0 ? 0 : (100 * g.accepted) / g.proposed;
  const line =
    `speculative: K ${opts.speculate}, ${g.accepted} of ${g.proposed} draft tokens accepted ` +
    `(${rate.toFixed(1)}%), ${(g.tokens.length / g.steps).toFixed(2)} tokens per target forward`;
  return { tokens: g.tokens, line };
}
