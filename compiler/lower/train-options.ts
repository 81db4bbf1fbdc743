// The option calls of a train section (`text(sotu, tokenizer: gpt2)`, `adamw(lr: 1e-3)`,
// `warmup_cosine(…)`): the call of an allowed kind, and its arguments bound by name or position.
import type { Arg, Call, Expr } from "../../grammar/ast.ts";
import { train as msg } from "../../grammar/core/messages/train.ts";
import { didYouMean } from "../../grammar/core/suggest.ts";
import { bindArgs, type ParamLike } from "./args.ts";
import { evalExpr } from "./eval.ts";
import type { Ctx, Frame } from "./frame.ts";
import type { Value } from "./values.ts";

/** Binds named/positional args of an option call, with `words` taken literally (`sotu`, `bytes`). */
export function optionArgs(
  c: Call,
  params: ParamLike[],
  f: Frame,
  ctx: Ctx,
  words: readonly string[] = [],
): Map<string, Value> | undefined {
  const ev = (x: Expr): Value =>
    x.kind === "ident" && words.includes(x.name)
      ? { t: "enum", name: x.name }
      : evalExpr(x, f, ctx);
  return bindArgs(c.callee.name, params, c.args as readonly Arg[], ev, c.span, ctx, f);
}

/** `e` as a call of one of `options` (a bare name is a call without arguments), or reports why not. */
export function asCall(
  e: Expr,
  what: string,
  options: readonly string[],
  ctx: Ctx,
): Call | undefined {
  const name = e.kind === "call" ? e.callee.name : e.kind === "ident" ? e.name : undefined;
  if (name === undefined || !options.includes(name)) {
    ctx.r.report(
      msg.unknownOption.with({
        hint:
          name === undefined ? `expected one of ${options.join(", ")}` : didYouMean(name, options),
      })(e.span, what, name ?? "value"),
    );
    return undefined;
  }
  return e.kind === "call"
    ? e
    : { kind: "call", callee: { kind: "ident", name, span: e.span }, args: [], span: e.span };
}

/** Argument `name` of `c`: given by name, or unnamed at position `index`. */
export function argAt(c: Call, name: string, index: number): Arg | undefined {
  const positional = c.args[index];
  return (
    c.args.find((a) => a.name?.name === name) ??
    (positional?.name === undefined ? positional : undefined)
  );
}

/** The span of argument `name` (named, or at position `index`), or the whole call's. */
export function argSpan(c: Call, name: string, index: number): Call["span"] {
  return argAt(c, name, index)?.value.span ?? c.span;
}
