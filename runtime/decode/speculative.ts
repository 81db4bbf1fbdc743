// Speculative decoding (Leviathan et al. 2023, "Fast Inference from Transformers via Speculative
// Decoding"; Chen et al. 2023): a small draft model of the same vocabulary proposes K tokens one at
// a time, the target scores all of them in one forward, and a prefix is accepted. Greedy
// (temperature 0): a draft token is accepted while it is the target's argmax, and the first
// mismatch is replaced by the target's argmax, so the output is plain greedy decoding's. With
// temperature > 0 the standard rejection rule keeps the target's sampling distribution exactly:
// accept x with probability min(1, p(x)/q(x)); on a rejection draw from norm(max(0, p − q)); when
// all K are accepted draw one more from p. p and q are the target's and the draft's sampling
// distributions after temperature, top-k and top-p (sampler.ts candidates).
import { RuntimeUserError } from "../errors.ts";
import { Rng } from "../init.ts";
import type { CompiledModel, Params } from "../model.ts";
import { Decoder, type DecoderOptions } from "./decoder.ts";
import { EMPTY_PROMPT } from "./generate.ts";
import { argMax, candidates, checkSamplerOptions, type SamplerOptions } from "./sampler.ts";

/** A sampling distribution over the vocabulary: probabilities, zero outside the candidates. */
export type Dist = Float64Array;

/** The distribution pickToken draws from (greedy: all mass on the argmax). */
export function samplingDist(logits: ArrayLike<number>, o: SamplerOptions): Dist {
  const d = new Float64Array(logits.length);
  if ((o.temperature ?? 1) <= 0) {
    d[argMax(logits)] = 1;
    return d;
  }
  const { ids, weights } = candidates(logits, o);
  const total = weights.reduce((a, b) => a + b, 0);
  ids.forEach((id, j) => (d[id] = weights[j]! / total));
  return d;
}

/** Draws from a distribution (the last id with mass when rounding leaves some over). */
export function draw(d: Dist, rng: Rng): number {
  let r = rng.uniform();
  let lastWithMass = 0;
  for (let i = 0; i < d.length; i++) {
    if (d[i]! <= 0) continue;
    lastWithMass = i;
    r -= d[i]!;
    if (r < 0) return i;
  }
  return lastWithMass;
}

/**
 * The tokens one speculative step emits: the accepted prefix of `drafted` (drawn from `q`), then a
 * corrected token (on the first rejection) or a bonus token from p[K] (all accepted). `p` has K + 1
 * distributions (after the context and after each drafted token), `q` has K.
 */
export function acceptDraft(
  drafted: readonly number[],
  p: readonly Dist[],
  q: readonly Dist[],
  rng: Rng,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < drafted.length; i++) {
    const x = drafted[i]!;
    const [pi, qi] = [p[i]!, q[i]!];
    if (qi[x]! <= pi[x]! || rng.uniform() * qi[x]! < pi[x]!) {
      out.push(x);
      continue;
    }
    // rejected: draw from the residual max(0, p − q), normalised (its mass is > 0 here)
    const residual = pi.map((v, j) => Math.max(0, v - qi[j]!));
    const mass = residual.reduce((a, b) => a + b, 0);
    out.push(
      draw(
        residual.map((v) => v / mass),
        rng,
      ),
    );
    return out;
  }
  out.push(draw(p[drafted.length]!, rng));
  return out;
}

export interface SpeculateOptions extends SamplerOptions, DecoderOptions {
  readonly tokens: number;
  /** Draft tokens per step, K ≥ 1. */
  readonly speculate: number;
  readonly seed?: number;
  /** The draft model's growth step (its checkpoint's), default 0. */
  readonly draftStep?: number;
}

export interface SpeculativeGeneration {
  readonly tokens: number[];
  /** Target forwards (each verifies one round's draft; the prompt's prefill is the first). */
  readonly steps: number;
  /** Draft tokens proposed and accepted. */
  readonly proposed: number;
  readonly accepted: number;
}

/** Generates `opts.tokens` ids after `prompt` with `draft` proposing and `target` verifying. */
export async function speculate(
  target: { readonly model: CompiledModel; readonly params: Params },
  draft: { readonly model: CompiledModel; readonly params: Params },
  prompt: readonly number[],
  opts: SpeculateOptions,
): Promise<SpeculativeGeneration> {
  checkSamplerOptions(opts);
  const K = opts.speculate;
  if (!(Number.isInteger(K) && K >= 1))
    throw new RuntimeUserError(`the draft length must be an integer ≥ 1, got ${K}`);
  if (draft.model.meta.vocab !== target.model.meta.vocab)
    throw new RuntimeUserError(
      `the draft model's vocabulary has ${draft.model.meta.vocab} tokens, the target's ${target.model.meta.vocab}: speculative decoding needs the same vocabulary`,
    );
  const rng = new Rng(opts.seed ?? 0);
  const t = new Decoder(target.model, target.params, opts);
  const d = new Decoder(draft.model, draft.params, { ...opts, step: opts.draftStep ?? 0 });
  /**
   * The sampling distribution after feeding `tokens` (the prompt whole, as plain decoding does; later
   * tokens in pieces that fit the window, so the window restarts where plain decoding's would).
   */
  const dist = async (dec: Decoder, tokens: readonly number[], whole = false): Promise<Dist> => {
    let logits: Float32Array | undefined;
    for (let at = 0; at < tokens.length;) {
      const n = whole ? tokens.length : Math.min(tokens.length - at, dec.room);
      logits = (await dec.pushAll(tokens.slice(at, at + n), 1))[0]!;
      at += n;
    }
    return samplingDist(logits!, opts);
  };
  const out: number[] = [];
  // tokens each model has not seen yet (never empty: the prompt, then each round's last token)
  let tPending: number[] = prompt.length > 0 ? [...prompt] : [...EMPTY_PROMPT];
  let dPending = [...tPending];
  let steps = 0;
  let proposed = 0;
  let accepted = 0;
  try {
    while (out.length < opts.tokens) {
      // no more than the target's window holds (so its windows are plain decoding's) or is left
      const k = Math.max(0, Math.min(K, t.room - tPending.length, opts.tokens - out.length - 1));
      const drafted: number[] = [];
      const q: Dist[] = [];
      if (k > 0) {
        let next = await dist(d, dPending, d.tokens.length === 0);
        dPending = [];
        for (let i = 0; i < k; i++) {
          q.push(next);
          drafted.push(draw(next, rng));
          if (i < k - 1) next = await dist(d, [drafted[i]!]); // the last one waits for the verdict
        }
      }
      // p after the pending tokens and after each drafted token: one target forward
      const scored = await t.pushAll([...tPending, ...drafted], k + 1);
      steps++;
      const emitted = acceptDraft(
        drafted,
        scored.map((l) => samplingDist(l, opts)),
        q,
        rng,
      );
      const kept = emitted.length - 1; // accepted draft tokens
      const last = emitted[kept]!;
      proposed += k;
      accepted += kept;
      t.rollback(k - kept);
      if (k > 0) {
        // the draft pushed drafted[0 … k−2]
        d.rollback(Math.max(0, k - 1 - kept));
        dPending = kept === k ? [drafted[k - 1]!, last] : [last];
      } else dPending.push(last);
      tPending = [last];
      out.push(...emitted);
    }
    return { tokens: out.slice(0, opts.tokens), steps, proposed, accepted };
  } finally {
    t.dispose();
    d.dispose();
  }
}

/**
 * Self-speculative decoding (LayerSkip, constructs.md §8.2): the model's own early exit after
 * `layer` (0-based, one of its exit layers) as the draft, for `speculate`. The generated forward
 * computes every layer (static shapes), so this draft costs a full forward: it shows the exit's
 * acceptance rate, not LayerSkip's speedup.
 */
export function exitDraft(model: CompiledModel, layer: number): CompiledModel {
  const spec = model.meta.exits;
  if (spec === undefined)
    throw new RuntimeUserError(
      `${model.meta.name} has no early exits (\`repeat … with layerskip(…)\` or \`with exits(…)\`) to draft with`,
    );
  if (!spec.layers.includes(layer))
    throw new RuntimeUserError(
      `${model.meta.name} has no exit after layer ${layer}; its exit layers are ${spec.layers.join(", ")}`,
    );
  const meta = { ...model.meta, name: `${model.meta.name} (exit ${layer})` };
  delete (meta as { exits?: unknown }).exits; // the draft is that exit's logits, no exit rule
  return {
    ...model,
    meta,
    forward: (params, tokens, ctx) => {
      let logits: ReturnType<CompiledModel["forward"]> | undefined;
      model.forward(params, tokens, {
        ...ctx,
        exits: (l, t) => {
          if (l === layer) logits = t as typeof logits;
        },
      });
      if (logits === undefined) throw new Error(`exitDraft: exit ${layer} reported no logits`);
      return logits;
    },
  };
}
