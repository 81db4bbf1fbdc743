// The lowering state: one Ctx per graph (builder, reporter, model-wide facts) and one Frame per
// block instance (its module, variables, naming scope and instance path).
import type { BlockDecl } from "../../grammar/ast.ts";
import type { Diagnostic } from "../../grammar/core/diagnostic.ts";
import type { Span } from "../../grammar/core/source.ts";
import type { GraphBuilder } from "../ir/build.ts";
import type { NodeId, Origin, OriginSpec } from "../ir/types.ts";
import type { Reporter } from "./diags.ts";
import type { ModuleInfo } from "./resolve.ts";
import type { Scope } from "./scope.ts";
import type { Value } from "./values.ts";

/** Graph-wide state of one model's lowering. */
export interface Ctx {
  readonly b: GraphBuilder;
  readonly r: Reporter;
  /** The model's token ids (hash routing reads them). */
  tokens?: NodeId;
  /** The vocabulary size and table of the TokenEmbedding (tied head, hash routing). */
  vocab?: number;
  embedTable?: { readonly name: string; readonly d: number };
  /** MoE layers so far: the hash seed of a hash router is its ordinal. */
  moeCount: number;
  /** "line 12", or "stdlib/ffn/mlp.arch line 7" when `span` is in another file than `from`. */
  readonly where: (span: Span, from: Span) => string;
}

/** One block instance (or the model body) being lowered. */
export interface Frame {
  readonly module: ModuleInfo;
  /** Parameters, the loop index, `x`, named tensor values and shared layers. */
  readonly vars: Map<string, Value>;
  readonly scope: Scope;
  readonly path: Origin["path"];
  /** True in a model body (model statements and `with dwa` are allowed). */
  readonly inModel: boolean;
  /** Blocks being instantiated around this frame (recursion check). */
  readonly active: readonly BlockDecl[];
}

/** The origin of a node created for `span` in frame `f`. */
export function originAt(f: Frame, span: Span): OriginSpec {
  return { span, path: f.path };
}

/** Reports a diagnostic found while lowering `f` (adds the user's call site for library code). */
export function report(ctx: Ctx, f: Frame | undefined, d: Diagnostic): void {
  ctx.r.report(d, f?.path ?? []);
}

/** A frame for the same instance with another naming scope and a copy of the variables. */
export function withScope(f: Frame, scope: Scope, copyVars = true): Frame {
  return { ...f, scope, vars: copyVars ? new Map(f.vars) : f.vars };
}

/**
 * The frame of a nested body (residual branch, parallel branch, expert, repeat iteration): its own
 * scope, a copy of the variables, and `x` bound to the body's input (so a dataflow body reads
 * N(x) inside `residual(pre, …)`, not the block's input).
 */
export function bodyFrame(f: Frame, scope: Scope, input: Value): Frame {
  const inner = withScope(f, scope);
  if (input.t === "tensor") inner.vars.set("x", input);
  return inner;
}
