// The `.arch` abstract syntax tree: readonly discriminated unions, each node with a source span.
// Produced by to-ast.ts from chevrotain's CST; consumed by the formatter and by compiler/lower.
import type { Span } from "./core/source.ts";

/* ----------------------------------------------------------------------------
 * Expressions
 * ------------------------------------------------------------------------- */

/** `42`, `1_000` */
export interface IntLit {
  readonly kind: "int";
  readonly value: number;
  /** The literal as written (the formatter keeps `1_000` and `0x10` as written). */
  readonly text: string;
  readonly span: Span;
}

/** `0.1`, `3e-4`, `1.`, `.5` */
export interface FloatLit {
  readonly kind: "float";
  readonly value: number;
  readonly text: string;
  readonly span: Span;
}

/** `true`, `false` */
export interface BoolLit {
  readonly kind: "bool";
  readonly value: boolean;
  readonly span: Span;
}

/** `"data/shakespeare.txt"` (value is unescaped; only `\"`, `\\`, `\n`, `\t` escapes exist). */
export interface StringLit {
  readonly kind: "string";
  readonly value: string;
  readonly span: Span;
}

/** A name: a constant, parameter, block, layer, enum member (`gelu`, `pre`, `rmsnorm`) or tensor value. */
export interface Ident {
  readonly kind: "ident";
  readonly name: string;
  readonly span: Span;
}

/** `(0.9, 0.95)`: two or more items. A single parenthesized expression is not a tuple. */
export interface Tuple {
  readonly kind: "tuple";
  readonly items: readonly Expr[];
  readonly span: Span;
}

export type UnaryOp = "-" | "not";

export interface Unary {
  readonly kind: "unary";
  readonly op: UnaryOp;
  readonly operand: Expr;
  readonly span: Span;
}

/**
 * Binary operators, loosest first: `or` < `and` < comparisons (`== != < <= > >=`, non-associative)
 * < `+ -` < `* / // %` < `**` (right-associative) < unary `-`/`not` < call/apply.
 * `/` on integers folds to an integer only when exact (otherwise the compiler reports it where
 * an integer is needed); there is no floor-division operator (`//` starts a comment): use `floor(a / b)`.
 */
export type BinaryOp =
  "or" | "and" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "%" | "**";

export interface Binary {
  readonly kind: "binary";
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** `if i < layers / 4 then post else pre` */
export interface Cond {
  readonly kind: "cond";
  readonly test: Expr;
  readonly then: Expr;
  readonly else: Expr;
  readonly span: Span;
}

/** One argument: positional (`d`) or named (`act: gelu`). */
export interface Arg {
  readonly kind: "arg";
  readonly name?: Ident;
  readonly value: Expr;
  readonly span: Span;
}

/**
 * `Name(args)`: instantiates a block or primitive layer (`MLP(d, 4 * d, act: gelu)`), builds an
 * enum value with arguments (`deepnorm(2.0, 0.5)`), or calls a builtin function (`sqrt(x)`).
 * The callee is always a plain name.
 */
export interface Call {
  readonly kind: "call";
  readonly callee: Ident;
  readonly args: readonly Arg[];
  readonly span: Span;
}

/**
 * `fn(inputs)` applied to tensor values: `Linear(d, d)(x)`, `ffn(h)`, `attend(q, k, v, heads: 8)`
 * is a Call (a builtin tensor function), while `Linear(d, d)(x)` is Apply{fn: Call, inputs: [x]}.
 * `fn` is a Call or an Ident (a shared layer).
 */
export interface Apply {
  readonly kind: "apply";
  readonly fn: Call | Ident;
  readonly inputs: readonly Arg[];
  readonly span: Span;
}

export type Expr =
  IntLit | FloatLit | BoolLit | StringLit | Ident | Tuple | Unary | Binary | Cond | Call | Apply;

/* ----------------------------------------------------------------------------
 * Types
 * ------------------------------------------------------------------------- */

/**
 * A parameter or constant type: a named type (`int`, `float`, `bool`, `string`, `act`, `norm`, …)
 * or an inline enum `gelu | relu | silu` (two or more names).
 */
export interface TypeRef {
  readonly kind: "typeRef";
  readonly names: readonly Ident[];
  readonly span: Span;
}

/** `int[batch, ctx]` in a model's `input` line. */
export interface TensorType {
  readonly kind: "tensorType";
  readonly dtype: Ident;
  readonly dims: readonly Expr[];
  readonly span: Span;
}

/* ----------------------------------------------------------------------------
 * Statements (block, model and nested bodies)
 * ------------------------------------------------------------------------- */

/**
 * A layer applied to the residual stream: `MLP(d, 4 * d)`, `LayerNorm(d)`, `ffn` (a shared layer),
 * `dropout(0.1)`. The value flowing through the body is replaced by the layer's output.
 */
export interface LayerStmt {
  readonly kind: "layer";
  readonly expr: Call | Ident;
  readonly span: Span;
}

/** `h = Linear(d, 4 * d)(x)`: binds a named tensor value (dataflow style). */
export interface AssignStmt {
  readonly kind: "assign";
  readonly name: Ident;
  readonly value: Expr;
  readonly span: Span;
}

/** `return Linear(f, d)(h)`: the block's output in dataflow style. */
export interface ReturnStmt {
  readonly kind: "return";
  readonly value: Expr;
  readonly span: Span;
}

/**
 * `residual(pre, layernorm, scale: 0.5) { body }`: x + body(…) with the given norm placement.
 * Placement (`pre|post|peri|sandwich|sub|none|deepnorm(α, β)`) and norm kind are ordinary
 * arguments checked by the compiler, so they may be conditional expressions.
 */
export interface ResidualStmt {
  readonly kind: "residual";
  readonly args: readonly Arg[];
  readonly body: readonly Stmt[];
  readonly span: Span;
}

/** `parallel(shared_norm: true) { A; B }`: y = x + A(N(x)) + B(N(x)); each statement is a branch. */
export interface ParallelStmt {
  readonly kind: "parallel";
  readonly args: readonly Arg[];
  readonly branches: readonly Stmt[];
  readonly span: Span;
}

/** `moe(experts: 8, top_k: 2, router: softmax) { MLP(d, 4 * d) }`: the body is one expert. */
export interface MoeStmt {
  readonly kind: "moe";
  readonly args: readonly Arg[];
  readonly body: readonly Stmt[];
  readonly span: Span;
}

/** `with dwa(dilation: 2, period: 1)` on a repeat. */
export interface DwaClause {
  readonly kind: "dwa";
  readonly args: readonly Arg[];
  readonly span: Span;
}

/** `with layerskip(p_max: 0.1)` or `with exits(at: (1, 3))` on a repeat (early exits, §8.2, §8.3). */
export interface ExitClause {
  readonly kind: "layerskip" | "exits";
  readonly args: readonly Arg[];
  readonly span: Span;
}

/** `with scalar_mix` on a repeat: BERMo's softmax-weighted mix of every layer's output. */
export interface ScalarMixClause {
  readonly kind: "scalarMix";
  readonly span: Span;
}

/** `with pmod(mean: 0.5, max: 0.85, min: 0.15)` on a repeat: p-MoD's mixture-of-depths layers. */
export interface PmodClause {
  readonly kind: "pmod";
  readonly args: readonly Arg[];
  readonly span: Span;
}

/** `repeat layers as i with dwa(dilation: 1) { body }` (or `with layerskip(…)`, `exits(…)`, `scalar_mix`, `pmod(…)`) */
export interface RepeatStmt {
  readonly kind: "repeat";
  readonly count: Expr;
  readonly index?: Ident;
  readonly dwa?: DwaClause;
  readonly exits?: ExitClause;
  readonly scalarMix?: ScalarMixClause;
  readonly pmod?: PmodClause;
  readonly body: readonly Stmt[];
  readonly span: Span;
}

/** `if i % 2 == 1 { … } else if … { … } else { … }` as a statement. */
export interface IfStmt {
  readonly kind: "if";
  readonly test: Expr;
  readonly then: readonly Stmt[];
  readonly else?: readonly Stmt[] | IfStmt;
  readonly span: Span;
}

/** `share ffn = MLP(d, 4 * d)`: one set of weights, used by name wherever `ffn` appears. */
export interface ShareStmt {
  readonly kind: "share";
  readonly name: Ident;
  readonly value: Call;
  readonly span: Span;
}

/** Model only: `input tokens: int[batch, ctx]`. */
export interface InputStmt {
  readonly kind: "input";
  readonly name: Ident;
  readonly type: TensorType;
  readonly span: Span;
}

/** Model only: `embed TokenEmbedding(vocab, d) + LearnedPositions(ctx, d)` (a sum of layers). */
export interface EmbedStmt {
  readonly kind: "embed";
  readonly value: Expr;
  readonly span: Span;
}

/** Model only: `norm rmsnorm`, the final norm before the head. */
export interface NormStmt {
  readonly kind: "norm";
  readonly value: Expr;
  readonly span: Span;
}

/** Model only: `head tied` or `head Linear(d, vocab, bias: false)`. */
export interface HeadStmt {
  readonly kind: "head";
  readonly value: Expr;
  readonly span: Span;
}

export type Stmt =
  | LayerStmt
  | AssignStmt
  | ReturnStmt
  | ResidualStmt
  | ParallelStmt
  | MoeStmt
  | RepeatStmt
  | IfStmt
  | ShareStmt
  | InputStmt
  | EmbedStmt
  | NormStmt
  | HeadStmt;

/* ----------------------------------------------------------------------------
 * Top-level declarations
 * ------------------------------------------------------------------------- */

/** One imported name, optionally renamed: `MLP as FFN`. */
export interface ImportName {
  readonly kind: "importName";
  readonly name: Ident;
  readonly alias?: Ident;
  readonly span: Span;
}

/** `import std.attention.{CausalSelfAttention}` or `import "./blocks.arch".{Layer}` */
export interface ImportDecl {
  readonly kind: "import";
  /** A dotted module path (`std.attention`) or a relative file path. */
  readonly from:
    | { readonly kind: "modulePath"; readonly parts: readonly Ident[]; readonly span: Span }
    | StringLit;
  readonly names: readonly ImportName[];
  readonly span: Span;
}

/** `const d = 256` or `const lr: float = 3e-4` */
export interface ConstDecl {
  readonly kind: "const";
  readonly name: Ident;
  readonly type?: TypeRef;
  readonly value: Expr;
  /** The value written in the file, when `--set NAME=VALUE` replaced it (compiler/lower/overrides.ts). */
  readonly fileValue?: Expr;
  readonly span: Span;
}

/** `d: int`, `act: gelu | relu = gelu` */
export interface Param {
  readonly kind: "param";
  readonly name: Ident;
  readonly type: TypeRef;
  readonly default?: Expr;
  readonly span: Span;
}

/** `block Layer(d: int, heads: int) { … }`: the input tensor is `x` in the body. */
export interface BlockDecl {
  readonly kind: "block";
  readonly name: Ident;
  readonly params: readonly Param[];
  readonly body: readonly Stmt[];
  readonly span: Span;
}

/** `model GPT { input …; embed …; repeat …; norm …; head … }` */
export interface ModelDecl {
  readonly kind: "model";
  readonly name: Ident;
  readonly body: readonly Stmt[];
  readonly span: Span;
}

/** `every 100 steps` */
export interface Every {
  readonly kind: "every";
  readonly count: Expr;
  readonly span: Span;
}

/** One `key value` line in a train section: `batch 16`, `eval every 100 steps`. */
export interface Setting {
  readonly kind: "setting";
  readonly key: Ident;
  readonly value: Expr | Every;
  readonly span: Span;
}

/** `train GPT { … }` */
export interface TrainDecl {
  readonly kind: "train";
  readonly model: Ident;
  readonly settings: readonly Setting[];
  readonly span: Span;
}

/** `at step 1000: ffn 4*d -> 8*d by stacking masked over 500 steps` */
export interface GrowEvent {
  readonly kind: "growEvent";
  readonly step: Expr;
  /** `ffn`, `heads`, `width`, `depth` (checked by the compiler). */
  readonly target: Ident;
  readonly from: Expr;
  readonly to: Expr;
  /** `by stacking` */
  readonly method?: Ident;
  /** `masked over N steps` */
  readonly maskedOver?: Expr;
  readonly span: Span;
}

/** `grow GPT { at step …: … }` */
export interface GrowDecl {
  readonly kind: "grow";
  readonly model: Ident;
  readonly events: readonly GrowEvent[];
  readonly span: Span;
}

export type Decl = ImportDecl | ConstDecl | BlockDecl | ModelDecl | TrainDecl | GrowDecl;

/** A `//` line comment or a `/* … *\/` block comment, kept for the formatter. */
export interface Comment {
  readonly kind: "comment";
  readonly text: string;
  readonly block: boolean;
  readonly span: Span;
}

/** One parsed file. */
export interface Module {
  readonly kind: "module";
  readonly file: string;
  readonly decls: readonly Decl[];
  readonly comments: readonly Comment[];
  readonly span: Span;
}

export type Node =
  | Module
  | Decl
  | Stmt
  | Expr
  | Arg
  | TypeRef
  | TensorType
  | Param
  | ImportName
  | DwaClause
  | ExitClause
  | ScalarMixClause
  | PmodClause
  | Setting
  | Every
  | GrowEvent
  | Comment;
