// The common frame of a construct with builtin parameters (`residual(…) { F }`, `parallel(…)`,
// `moe(…)`): its arguments are bound against the construct's Signature (builtins.ts, named by the
// construct's entry in stmt-table.ts) and it applies to a tensor stream; after a reported error
// inside it, lowering carries on with its input so that the statements after it are still checked.
// Its table entry also tells the name check and the naming scheme its shape: its arguments are its
// expressions, its body sees `x`, and a lone construct is named after the construct (`moe`).
import type { Arg, Expr, Stmt } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/core/source.ts";
import { bindArgs, builtinParams } from "./args.ts";
import type { Signature } from "./builtins.ts";
import type { Ctx, Frame, StmtEntry } from "./frame.ts";
import type { Scope } from "./scope.ts";
import { POISON, type TensorValue, type Value } from "./values.ts";

/** A statement with arguments: `kind(args) { … }`. */
export interface ConstructStmt {
  readonly kind: string;
  readonly args: readonly Arg[];
  readonly body?: readonly Stmt[];
  readonly span: Span;
}

/** Where a construct's shape differs from `kind(args) { body }` named `kind`. */
export interface ConstructShape<S extends ConstructStmt> {
  /** Its body (default `s.body`); each statement of it sees `x`. */
  readonly body?: (s: S) => readonly Stmt[];
  /** Its base name as a lone statement (default the construct's name). */
  readonly baseName?: (s: S, inner: (stmts: readonly Stmt[]) => string) => string;
}

/** Lowers one construct on a tensor stream, given its bound arguments; poison after an error. */
export type ConstructLowerer<S extends ConstructStmt> = (
  s: S,
  args: ReadonlyMap<string, Value>,
  x: TensorValue,
  f: Frame,
  ctx: Ctx,
  lone?: Scope,
) => Value;

/** The table entry of a construct with the builtin parameters `sig`. */
export function construct<S extends ConstructStmt>(
  sig: Signature,
  lower: ConstructLowerer<S>,
  shape: ConstructShape<S> = {},
): StmtEntry<S> {
  const body = shape.body ?? ((s: S): readonly Stmt[] => s.body ?? []);
  return {
    lower: lowerConstruct(sig, lower),
    check: (s, value, f, ctx) => void bindConstruct(sig, s, value, f, ctx),
    exprs: (s) => s.args.map((a) => a.value),
    bodies: (s) => [{ stmts: body(s), binds: ["x"] }],
    baseName: shape.baseName ?? ((): string => sig.name),
  };
}

/** The construct's arguments bound against `sig` (undefined after a reported error). */
function bindConstruct(
  sig: Signature,
  s: ConstructStmt,
  value: (e: Expr) => Value,
  f: Frame,
  ctx: Ctx,
): Map<string, Value> | undefined {
  return bindArgs(sig.name, builtinParams(sig), s.args, value, s.span, ctx, f);
}

function lowerConstruct<S extends ConstructStmt>(
  sig: Signature,
  lower: ConstructLowerer<S>,
): StmtEntry<S>["lower"] {
  return (s, state, f, ctx, lone) => {
    const stream = state.stream;
    const args = bindConstruct(sig, s, (e) => ctx.lower.evalExpr(e, f, ctx), f, ctx);
    const out =
      args === undefined || stream.t !== "tensor" ? POISON : lower(s, args, stream, f, ctx, lone);
    return { stream: recover(out, stream, ctx) };
  };
}

/** After a reported error inside the construct, its input (so later statements are checked). */
function recover(out: Value, stream: Value, ctx: Ctx): Value {
  return out.t === "poison" && stream.t === "tensor" && ctx.r.hasErrors ? stream : out;
}
