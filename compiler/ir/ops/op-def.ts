// The contract every op kind implements (one file per kind in this folder): its arity, shape rule,
// parameter slots and extra invariants. verify.ts and the GraphBuilder only ever go through this.
import type { DType, InitSpec, NodeOf, OpAttrs, OpKind, Shape } from "../types.ts";

/** One parameter slot of an op: `kernel [in, out]`. The full name is `<instance>.<slot>`. */
export interface ParamSlot {
  readonly slot: string;
  readonly shape: readonly number[];
  /** The init used unless lowering chooses another (DeepNorm's β-scaled Xavier, …). */
  readonly init: InitSpec;
  readonly decay: boolean;
}

/** The result of a shape rule: the output shape, or why the inputs are not acceptable. */
export type ShapeResult =
  { readonly ok: true; readonly shape: Shape } | { readonly ok: false; readonly error: string };

/** Everything the compiler knows about one op kind. */
export interface OpDef<K extends OpKind> {
  readonly kind: K;
  /** Number of inputs: a fixed count, or a function of the attributes (moeCombine, dwa). */
  arity(attrs: OpAttrs[K]): number | { readonly min: number; readonly max: number };
  /** Output dtype. */
  dtype(attrs: OpAttrs[K]): DType;
  /** Output shape from the attributes and the input shapes. */
  inferShape(attrs: OpAttrs[K], inputs: readonly Shape[]): ShapeResult;
  /** Parameter slots, in the order of `node.params`. */
  params(attrs: OpAttrs[K]): readonly ParamSlot[];
  /** Invariants beyond shapes (attribute ranges…): one message per violation. */
  verify?(node: NodeOf<K>): readonly string[];
}

export const ok = (shape: Shape): ShapeResult => ({ ok: true, shape });
export const fail = (error: string): ShapeResult => ({ ok: false, error });

/** The standard small-normal init of GPT-2 for kernels and embedding tables. */
export const NORMAL_INIT: InitSpec = { kind: "normal", std: 0.02 };
export const ZEROS: InitSpec = { kind: "zeros" };
export const ONES: InitSpec = { kind: "ones" };

/** Text of a shape for messages: `[B,T,128]`. */
export function showShape(s: Shape): string {
  return `[${s.map((d) => (typeof d === "number" ? String(d) : d.sym)).join(",")}]`;
}

/** True when two dims are the same number or the same symbol. */
export function sameDim(a: Shape[number], b: Shape[number]): boolean {
  if (typeof a === "number" || typeof b === "number") return a === b;
  return a.sym === b.sym;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => sameDim(d, b[i] as Shape[number]));
}

/** The last dim of a shape when it is a number. */
export function lastDim(s: Shape): number | undefined {
  const d = s[s.length - 1];
  return typeof d === "number" ? d : undefined;
}

/** Same shape with the last dim replaced. */
export function withLast(s: Shape, n: number): Shape {
  return [...s.slice(0, -1), n];
}

/** A feature-map shape `[..., n]` check shared by width-preserving ops. */
export function expectLast(s: Shape | undefined, n: number, what: string): ShapeResult {
  if (s === undefined) return fail(`${what}: missing input`);
  const last = lastDim(s);
  if (s.length < 1 || last !== n)
    return fail(`${what} expects [..., ${n}] but gets ${showShape(s)}`);
  return ok(s);
}
