// Resuming with a changed train section or flags: the run's recorded config is compared with the
// one the program would use now, setting by setting. What is safe to change mid-run is applied and
// listed; the rest is refused with the reason (docs/runtime.md, "Resuming with changed settings").
// Nothing is ignored in silence.
import type { ModelMeta } from "../model.ts";
import type { ResolvedTrainConfig } from "../train/config.ts";
import { UsageError } from "./command-line.ts";

interface Rule {
  readonly name: string;
  readonly get: (c: ResolvedTrainConfig) => unknown;
  /** Why it cannot change mid-run; absent: it can (applied from the next step on). */
  readonly refused?: string;
}

/** Every setting of a resolved config, with whether a resumed run may change it. */
export const RESUME_RULES: readonly Rule[] = [
  { name: "steps", get: (c) => c.steps },
  { name: "eval every", get: (c) => c.evalEvery },
  { name: "checkpoint every", get: (c) => c.checkpointEvery },
  { name: "eval batches", get: (c) => c.evalBatches },
  { name: "lr", get: (c) => c.optimizer.lr },
  { name: "schedule", get: (c) => c.schedule },
  { name: "weight_decay", get: (c) => c.optimizer.weightDecay },
  { name: "clip", get: (c) => c.optimizer.clip },
  {
    name: "batch",
    get: (c) => c.batch,
    refused: "the data position is counted in batches, and the loss curve would not continue",
  },
  {
    name: "seed",
    get: (c) => c.seed,
    refused: "the data order and dropout follow the seed; the run would no longer be reproducible",
  },
  {
    name: "data",
    get: (c) => c.data,
    refused: "the data position and the validation split belong to the data the run started with",
  },
  {
    name: "betas",
    get: (c) => c.optimizer.betas,
    refused: "the optimizer's moments were averaged with the old betas",
  },
  {
    name: "eps",
    get: (c) => c.optimizer.eps,
    refused: "the optimizer's state was built with the old eps",
  },
];

const shown = (v: unknown): string => (typeof v === "object" ? JSON.stringify(v) : String(v));

/**
 * The changes from the run's config to the new one, as lines to print (`steps 300 → 600`);
 * throws a UsageError naming every refused change and why.
 */
export function resumeChanges(saved: ResolvedTrainConfig, next: ResolvedTrainConfig): string[] {
  const applied: string[] = [];
  const refused: string[] = [];
  for (const r of RESUME_RULES) {
    const was = shown(r.get(saved));
    const now = shown(r.get(next));
    if (was === now) continue;
    if (r.refused === undefined) applied.push(`${r.name} ${was} → ${now}`);
    else refused.push(`${r.name} ${was} → ${now}: ${r.refused}`);
  }
  if (refused.length > 0)
    throw new UsageError(
      `cannot resume with a changed ${refused.length === 1 ? "setting" : "settings"}:\n  ${refused.join("\n  ")}`,
      "undo the change to continue the run, or start a new run from its weights with `--init-from RUN`",
    );
  return applied;
}

/** Refuses to resume a run of another model (name, or parameter count after an edit). */
export function checkSameModel(dir: string, saved: ModelMeta | undefined, now: ModelMeta): void {
  if (saved === undefined) return;
  if (saved.name !== now.name)
    throw new UsageError(`run '${dir}' trained the model '${saved.name}', not '${now.name}'`);
  if (saved.paramCount !== now.paramCount)
    throw new UsageError(
      `the model changed since run '${dir}' started (${saved.paramCount} → ${now.paramCount} parameters): a run resumes only the model it trained`,
      "start a new run from its weights with `--init-from RUN` (matching parameters are loaded)",
    );
}
