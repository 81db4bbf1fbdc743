// The train section checked and turned into plain data (the schema and defaults are spec/train.ts,
// shared with the runtime): data, batch, steps, optimizer, schedule, eval/checkpoint intervals, seed, dropout.
import type { Expr, Setting, TrainDecl } from "../../grammar/ast.ts";
import { train as msg } from "../../grammar/core/messages/train.ts";
import { didYouMean } from "../../grammar/core/suggest.ts";
import { argSpan } from "./args.ts";
import { evalExpr } from "./eval.ts";
import { moduleFrame } from "./frame.ts";
import type { Ctx, Frame } from "./frame.ts";
import type { ModuleInfo } from "./resolve.ts";
import { dataSpec } from "./train-data.ts";
import { asCall, optionArgs } from "./train-options.ts";
import { ADAMW_ARGS, INTERVAL_SETTINGS, TRAIN_SETTINGS, warmupParams } from "./train-settings.ts";
import { num, type Value } from "./values.ts";
import {
  INT_RANGES,
  inRange,
  OPTIMIZER_KINDS,
  rangeText,
  SCHEDULE_KINDS,
  TRAIN_DEFAULTS,
  type IntRange,
  type OptimizerSpec,
  type ScheduleSpec,
  type TrainConfig,
} from "../../spec/train.ts";

/** A validated train section: the runtime's TrainConfig (spec/train.ts) without evalBatches, plus dropout. */
export interface TrainSpec extends Omit<TrainConfig, "evalBatches"> {
  /** Overrides the rate of every Dropout layer. */
  readonly dropout?: number;
}

type Out = { -readonly [K in keyof TrainSpec]?: TrainSpec[K] | undefined };

/**
 * Validates a train section; returns the spec when every required setting is present and valid.
 * `vocab` is the model's vocabulary (checked against a text tokenizer's), absent when unknown.
 */
export function lowerTrain(
  decl: TrainDecl,
  module: ModuleInfo,
  ctx: Ctx,
  vocab?: number,
): TrainSpec | undefined {
  const f = moduleFrame(module);
  const out: Out = { name: decl.model.name };
  const seen = new Map<string, Setting>();
  let ok = true;
  let unknown = false;
  for (const s of decl.settings) {
    const key = s.key.name;
    if (!(TRAIN_SETTINGS as readonly string[]).includes(key)) {
      ctx.r.report(
        msg.unknownSetting.with({ hint: didYouMean(key, TRAIN_SETTINGS) })(s.key.span, key),
      );
      ok = false;
      unknown = true;
      continue;
    }
    if (seen.has(key)) {
      ctx.r.report(
        msg.duplicateSetting.with({
          related: [{ span: seen.get(key)!.span, message: "first given here" }],
        })(s.key.span, key),
      );
      ok = false;
      continue;
    }
    seen.set(key, s);
    if (INTERVAL_SETTINGS.has(key) !== (s.value.kind === "every")) {
      ctx.r.report(
        INTERVAL_SETTINGS.has(key)
          ? msg.intervalNotEvery(s.value.span, key)
          : msg.badSetting(s.value.span, key, "a value, not an interval"),
      );
      ok = false;
      continue;
    }
    ok =
      setting(
        key,
        s.value.kind === "every" ? s.value.count : (s.value as Expr),
        out,
        f,
        ctx,
        vocab,
      ) && ok;
  }
  for (const req of ["data", "steps"] as const) {
    if (!seen.has(req) && !unknown) {
      ctx.r.report(msg.missingSetting(decl.model.span, req));
      ok = false;
    }
  }
  out.batch ??= TRAIN_DEFAULTS.batch;
  out.optimizer ??= { kind: "adamw", lr: TRAIN_DEFAULTS.lr };
  return ok ? (out as TrainSpec) : undefined;
}

function setting(
  key: string,
  e: Expr,
  out: Out,
  f: Frame,
  ctx: Ctx,
  vocab: number | undefined,
): boolean {
  const intOf = (range: IntRange): number | undefined => {
    const v = evalExpr(e, f, ctx);
    if (v.t === "int" && inRange(v.v, range)) return v.v;
    if (v.t !== "poison") ctx.r.report(msg.badSetting(e.span, key, rangeText(range)));
    return undefined;
  };
  switch (key) {
    case "batch":
      return (out.batch = intOf(INT_RANGES.batch)) !== undefined;
    case "steps":
      return (out.steps = intOf(INT_RANGES.steps)) !== undefined;
    case "seed":
      return (out.seed = intOf(INT_RANGES.seed)) !== undefined;
    case "eval":
      return (out.evalEvery = intOf(INT_RANGES.eval)) !== undefined;
    case "checkpoint":
      return (out.checkpointEvery = intOf(INT_RANGES.checkpoint)) !== undefined;
    case "dropout": {
      const p = num(evalExpr(e, f, ctx));
      if (p === undefined || !(p >= 0 && p < 1)) {
        ctx.r.report(msg.badSetting(e.span, key, "a rate in [0, 1)"));
        return false;
      }
      out.dropout = p;
      return true;
    }
    case "data":
      return (out.data = dataSpec(e, f, ctx, vocab)) !== undefined;
    case "optimizer":
      return (out.optimizer = optimizerSpec(e, f, ctx)) !== undefined;
    default:
      return (out.schedule = scheduleSpec(e, f, ctx)) !== undefined;
  }
}

function optimizerSpec(e: Expr, f: Frame, ctx: Ctx): OptimizerSpec | undefined {
  const c = asCall(e, "optimizer", OPTIMIZER_KINDS, ctx);
  if (c === undefined) return undefined;
  const ev = (x: Expr): Value => evalExpr(x, f, ctx);
  const args = new Map<string, Value>();
  for (const arg of c.args) if (arg.name !== undefined) args.set(arg.name.name, ev(arg.value));
  const known: readonly string[] = ADAMW_ARGS;
  let ok = true;
  for (const arg of c.args) {
    if (arg.name === undefined || !known.includes(arg.name.name)) {
      ctx.r.report(
        msg.unknownOption.with({
          hint:
            arg.name === undefined
              ? "adamw takes named arguments"
              : didYouMean(arg.name.name, known),
        })(arg.span, "adamw argument", arg.name?.name ?? "positional"),
      );
      ok = false;
    }
  }
  const n = (k: string, check: (x: number) => boolean, expected: string): number | undefined => {
    const v = args.get(k);
    if (v === undefined) return undefined;
    const x = num(v);
    if (x === undefined || !check(x)) {
      ctx.r.report(msg.badSetting(argSpan(c.args, k, -1, c.span), `adamw ${k}`, expected));
      ok = false;
      return undefined;
    }
    return x;
  };
  const lr = n("lr", (x) => x > 0, "a positive learning rate");
  if (!args.has("lr")) {
    ctx.r.report(msg.badSetting(c.span, "adamw", "a learning rate `lr:`"));
    ok = false;
  }
  const b = args.get("betas");
  let pair: [number, number] | undefined;
  if (b !== undefined) {
    const items = b.t === "tuple" ? b.items.map(num) : [];
    if (items.length !== 2 || items.some((x) => x === undefined || x < 0 || x >= 1)) {
      const at = argSpan(c.args, "betas", -1, c.span);
      ctx.r.report(msg.badSetting(at, "adamw betas", "a pair (b1, b2) in [0, 1)"));
      ok = false;
    } else pair = [items[0]!, items[1]!];
  }
  const wd = n("weight_decay", (x) => x >= 0, "a non-negative decay");
  const clip = n("clip", (x) => x >= 0, "a non-negative norm");
  const eps = n("eps", (x) => x > 0, "a positive epsilon");
  if (!ok || lr === undefined) return undefined;
  return {
    kind: "adamw",
    lr,
    ...(pair !== undefined ? { betas: pair } : {}),
    ...(wd !== undefined ? { weightDecay: wd } : {}),
    ...(clip !== undefined ? { clip } : {}),
    ...(eps !== undefined ? { eps } : {}),
  };
}

function scheduleSpec(e: Expr, f: Frame, ctx: Ctx): ScheduleSpec | undefined {
  const c = asCall(e, "schedule", SCHEDULE_KINDS, ctx);
  if (c === undefined) return undefined;
  if (c.callee.name === "constant")
    return optionArgs(c, [], f, ctx) === undefined ? undefined : { kind: "constant" };
  const cosine = c.callee.name === "warmup_cosine";
  const a = optionArgs(c, warmupParams(cosine), f, ctx);
  const warmup = num(a?.get("warmup") ?? { t: "poison" });
  const minLr = num(a?.get("min_lr") ?? { t: "poison" });
  if (warmup === undefined || minLr === undefined) return undefined;
  if (warmup < 0 || minLr < 0) {
    const at = argSpan(c.args, warmup < 0 ? "warmup" : "min_lr", warmup < 0 ? 0 : 1, c.span);
    ctx.r.report(msg.badSetting(at, c.callee.name, "a non-negative warmup and min_lr"));
    return undefined;
  }
  return cosine
    ? { kind: "warmup_cosine", warmup, minLr }
    : { kind: "warmup_linear", warmup, minLr };
}
