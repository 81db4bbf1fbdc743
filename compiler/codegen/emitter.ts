// The contract of a per-op emitter: from one IR node and its operands, an expression of the
// generated program plus its static TypeScript tensor type. emitters/index.ts holds one per kind.
import type { Node, NodeOf, OpKind } from "../ir/types.ts";
import { cast, type Expr } from "./expr.ts";

/**
 * A value available to an emitter: its expression and the static rank of its TypeScript type
 * (3 → `tf.Tensor3D`), or null when the type is the rank-less `tf.Tensor`.
 */
export interface Operand {
  readonly expr: Expr;
  readonly rank: number | null;
}

/**
 * What an emitter produces. An operand returned unchanged (identity) creates no statement. With
 * `pair`, the expression gives two values, `[this node's, its reader of kind pair's]`, bound in one
 * `const [a, b] = …` (addNorm: the sum and its addNormed norm; that reader's emitter is not called).
 */
export interface Emitted extends Operand {
  readonly pair?: OpKind;
}

/** Services of the function being generated, for emitters. */
export interface EmitContext {
  /** The tensor of parameter slot `slot` of `node` (`w("attn.q.kernel")`). */
  param(node: Node, slot: string): Expr;
  /** The tensor of a parameter by its full IR name (tied heads). */
  paramNamed(name: string): Expr;
  /** A stable string naming this node's site, e.g. `` `${at}.mlp.drop` `` (dropout seeds, aux-loss names). */
  site(node: Node): Expr;
  /** The site of a full instance name (`blocks.1.moe.router` → `` `${at}.moe.router` ``). */
  siteNamed(name: string): Expr;
  /** The function argument carrying a constant that differs between instances, if this one does. */
  constant(node: Node, key: string): Expr | undefined;
  /** The ForwardContext (`ctx`), marking it as used. */
  ctx(): Expr;
}

/** Generates the expression of one node of kind K. */
export type Emitter<K extends OpKind> = (
  node: NodeOf<K>,
  inputs: readonly Operand[],
  cx: EmitContext,
) => Emitted;

/** The TypeScript type of a tensor of the given static rank. */
export function tensorType(rank: number | null): string {
  if (rank === null) return "tf.Tensor";
  return rank === 0 ? "tf.Scalar" : `tf.Tensor${rank}D`;
}

/** The operand's expression with the static type `tensorType(rank)`, cast when it has another. */
export function typed(op: Operand, rank: number): Expr {
  if (op.rank === rank) return op.expr;
  // Casting between two different fixed ranks must go through tf.Tensor (TS rejects it directly).
  const loose = op.rank === null ? op.expr : cast(op.expr, "tf.Tensor");
  return cast(loose, tensorType(rank));
}

/** The input at position i (an ICE when the IR lacks it; verify.ts guarantees arity). */
export function operand(
  inputs: readonly Operand[],
  i: number,
  node: Pick<Node, "kind" | "id">,
): Operand {
  const op = inputs[i];
  if (op === undefined)
    throw new Error(`ICE: codegen: ${node.kind} node %${node.id} has no input ${i}`);
  return op;
}

/** An emitted value whose static type follows its first argument (runtime ops generic in T). */
export function sameAs(expr: Expr, input: Operand): Emitted {
  return { expr, rank: input.rank };
}
