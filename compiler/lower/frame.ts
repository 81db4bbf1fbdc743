// The lowering state: one Ctx per graph (builder, reporter, model-wide facts, and the lowering's
// recursive entry points with its statement table) and one Frame per block instance (its module,
// variables, naming scope and instance path). Files lower in the layering reach the entry points
// above them through `ctx.lower` (Svelte 5's visitors: a visitor never imports the dispatcher).
import type { ExitPlan } from "./exit-plan.ts";
import type { BlockDecl, Expr, Stmt } from "../../grammar/ast.ts";
import type { Diagnostic } from "../../grammar/core/diagnostic.ts";
import type { Span } from "../../grammar/core/source.ts";
import type { GraphBuilder } from "../ir/build.ts";
import type { NodeId, OriginSpec } from "../ir/types.ts";
import type { CallPath, Reporter } from "./diags.ts";
import type { PmodLayer } from "./pmod.ts";
import type { ModuleInfo } from "./resolve.ts";
import { Scope } from "./scope.ts";
import type { Value } from "./values.ts";

/** The result of a body: the stream after the last statement, and the returned value if any. */
export interface BodyResult {
  readonly stream: Value;
  readonly returned?: Value;
}

/** Lowers one statement of kind `S` on the body's state; `lone` is the scope a lone statement adopts. */
export type StmtLowerer<S extends { readonly kind: string } = Stmt> = (
  s: S,
  state: BodyResult,
  f: Frame,
  ctx: Ctx,
  lone?: Scope,
) => BodyResult;

/** A body of a statement, for the name check: its statements and the names it sees. */
export interface StmtBody {
  readonly stmts: readonly Stmt[];
  /**
   * With `binds`, the body has its own names: the enclosing ones plus these (`x`, a repeat's index).
   * Without, it shares the enclosing names (an `if` branch: its assignments stay visible after it).
   */
  readonly binds?: readonly string[];
}

/**
 * A statement kind's table entry: its lowerer, and what the name check (check-names.ts) and the
 * naming scheme (naming.ts) read of it, so that neither switches on the statement kind.
 */
export interface StmtEntry<S extends { readonly kind: string } = Stmt> {
  readonly lower: StmtLowerer<S>;
  /** The expressions it evaluates, in order (checked before its bodies). */
  readonly exprs: (s: S) => readonly Expr[];
  /** Its bodies, in order. */
  readonly bodies?: (s: S) => readonly StmtBody[];
  /** The names it binds for the statements after it (added after its bodies are checked). */
  readonly binds?: (s: S) => readonly string[];
  /**
   * Checks its settings without lowering it (check-decls.ts, for bodies no model reaches):
   * `value` folds a constant expression and gives POISON for any other. It reports exactly as its
   * lowerer does, so a reached statement's errors come once (the reporter drops the repeats).
   */
  readonly check?: (s: S, value: (e: Expr) => Value, f: Frame, ctx: Ctx) => void;
  /** Its naming-scope base name as a body's lone statement (`inner` names a nested body); else "sublayer". */
  readonly baseName?: (s: S, inner: (stmts: readonly Stmt[]) => string) => string;
}

/** One entry per statement kind of the AST (the type checker makes it exhaustive). */
export type StmtTable = { readonly [K in Stmt["kind"]]: StmtEntry<Extract<Stmt, { kind: K }>> };

/** The recursive entry points of lowering, carried in the Ctx (stmt-table.ts assembles them). */
export interface Lowering {
  /** Evaluates an expression; `hint` names the outermost layer it creates (eval.ts). */
  readonly evalExpr: (e: Expr, f: Frame, ctx: Ctx, hint?: string) => Value;
  /** Lowers a statement list on `stream`; `lone` is the scope a single statement adopts (body.ts). */
  readonly lowerBody: (
    stmts: readonly Stmt[],
    stream: Value,
    f: Frame,
    ctx: Ctx,
    lone?: Scope,
  ) => BodyResult;
  /** The statement table: each kind's lowerer and what the name check and naming read of it. */
  readonly stmts: StmtTable;
}

/** Graph-wide state of one model's lowering. */
export interface Ctx {
  readonly b: GraphBuilder;
  readonly r: Reporter;
  /** The model's token ids (hash routing reads them). */
  tokens?: NodeId;
  /** The vocabulary size and table of the TokenEmbedding (tied head, hash routing). */
  vocab?: number;
  embedTable?: { readonly name: string; readonly d: number };
  /** The model's early exits, from its repeat's `with layerskip | exits` (exits.ts). */
  exitPlan?: ExitPlan;
  /** MoE layers so far: the hash seed of a hash router is its ordinal. */
  moeCount: number;
  /** "line 12", or "stdlib/ffn/mlp.arch line 7" when `span` is in another file than `from`. */
  readonly where: (span: Span, from: Span) => string;
  /** The recursive entry points and the statement table. */
  readonly lower: Lowering;
  /** Data files named by `text("file")` are taken as they are, unchecked (a run rebuilt for sample/eval). */
  readonly skipDataFiles?: boolean;
}

/** One block instance (or the model body) being lowered. */
export interface Frame {
  readonly module: ModuleInfo;
  /** Parameters, the loop index, `x`, named tensor values and shared layers. */
  readonly vars: Map<string, Value>;
  readonly scope: Scope;
  /** The block calls around this frame (diagnostics point at the user's call of a library block). */
  readonly path: CallPath;
  /** True in a model body (model statements and `with dwa` are allowed). */
  readonly inModel: boolean;
  /** Blocks being instantiated around this frame (recursion check). */
  readonly active: readonly BlockDecl[];
  /** The innermost enclosing repeat iteration, through block calls (`mixln` resolves from it). */
  readonly layer?: {
    readonly index: number;
    readonly count: number;
    /** In a routed p-MoD layer (`with pmod`): what its FFN branch is weighted with (pmod.ts). */
    readonly pmod?: PmodLayer;
  };
}

/** A frame with only a module's names (constants, parameter defaults). */
export function moduleFrame(module: ModuleInfo): Frame {
  return { module, vars: new Map(), scope: new Scope(""), path: [], inModel: false, active: [] };
}

/** The origin of a node created for `span`; the builder adds the open scope. */
export function originAt(span: Span): OriginSpec {
  return { span };
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
