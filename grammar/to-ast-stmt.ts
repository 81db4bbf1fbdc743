// CST → AST for block and model bodies: statements, nested bodies, and the body-level checks
// (model-only statements, declarations misplaced inside a body, stray tokens, `share` without a call).
import type { CstNode, IToken } from "chevrotain";
import type { IfStmt, Stmt, TensorType } from "./ast.ts";
import type * as C from "./cst.generated.d.ts";
import { syntax } from "./core/messages/syntax.ts";
import { describeToken } from "./describe.ts";
import { toArgs, toExpr } from "./to-ast-expr.ts";
// A cycle (to-ast.ts imports this file), harmless: only hoisted functions are used, at call time.
import { toDecl } from "./to-ast.ts";
import { joinSpans, type Span } from "./core/source.ts";
import {
  type AstContext,
  clampSpan,
  endOf,
  first,
  identOf,
  isReal,
  NONE,
  spanOf,
  startOf,
} from "./to-ast-support.ts";

/** Where a body is: the declaration that owns it and whether it is the top body (depth 0). */
export interface Owner {
  readonly kind: "block" | "model";
  readonly name: string;
  readonly depth: number;
}

const DECL_WHAT: Record<string, string> = {
  importDecl: "an `import`",
  constDecl: "a `const` declaration",
  blockDecl: "a `block` declaration",
  modelDecl: "a `model` declaration",
  trainDecl: "a `train` section",
  growDecl: "a `grow` section",
};

const DECL_KEYS = Object.keys(DECL_WHAT) as (keyof C.DeclCstChildren)[];

const nested = (o: Owner): Owner => ({ ...o, depth: o.depth + 1 });

export function toBody(cx: AstContext, n: C.BodyCstNode | undefined, owner: Owner): Stmt[] {
  if (n === undefined) return [];
  const c = n.children;
  for (const d of c.decl ?? NONE) {
    const key = DECL_KEYS.find((k) => d.children[k] !== undefined) ?? "";
    const start = startOf(d, 0);
    const word = key.replace(/Decl$/, "");
    const where = `the ${owner.kind} \`${owner.name}\``;
    cx.diags.push(
      syntax.misplacedDecl(
        clampSpan(cx, start, start + word.length),
        DECL_WHAT[key] ?? "a declaration",
        where,
      ),
    );
    toDecl(cx, d); // for the mistakes inside it; the misplaced declaration itself is dropped
  }
  for (const s of c.strayStmt ?? NONE) {
    const t = first(s.children.BodyJunk);
    if (!isReal(t)) continue;
    const span = spanOf(cx, t.startOffset, t);
    cx.diags.push(syntax.expectedStmt(span, describeToken(t)));
  }
  for (const e of c.strayElse ?? NONE) {
    const kw = first(e.children.Else);
    cx.diags.push(syntax.elseWithoutIf(spanOf(cx, startOf(e, 0), kw)));
    toBody(cx, first(e.children.body), nested(owner)); // for the mistakes inside it
    const elseIf = first(e.children.ifStmt);
    if (elseIf !== undefined) ifStmt(cx, elseIf, owner, startOf(elseIf, 0));
  }
  const nodes = statementsInOrder(c);
  const out = new Array<Stmt>(nodes.length); // exact size: `push` would reserve 16 slots
  let count = 0;
  for (const s of nodes) {
    const st = toStmt(cx, s, owner);
    if (st !== undefined) out[count++] = st;
  }
  out.length = count;
  return out;
}

const STMT_KEYS = [
  "residualStmt",
  "parallelStmt",
  "moeStmt",
  "repeatStmt",
  "ifStmt",
  "shareStmt",
  "returnStmt",
  "inputStmt",
  "embedStmt",
  "normStmt",
  "headStmt",
  "nameStmt",
] as const;

/** Where a recovered node without a position sorts: last. */
const LAST = Number.MAX_SAFE_INTEGER;

/** The CST lists statements by kind; the AST wants them in source order. */
function statementsInOrder(c: C.BodyCstChildren): CstNode[] {
  const out: CstNode[] = [];
  for (const key of STMT_KEYS) for (const node of c[key] ?? NONE) out.push(node);
  // Insertion sort: bodies are short, and Array.prototype.sort allocates a work copy.
  for (let i = 1; i < out.length; i++) {
    const node = out[i]!;
    const start = startOf(node, LAST);
    let j = i - 1;
    for (; j >= 0 && startOf(out[j], LAST) > start; j--) out[j + 1] = out[j]!;
    out[j + 1] = node;
  }
  return out;
}

type StmtKey = (typeof STMT_KEYS)[number];
/** The CST node type of a statement listed under `key` in a body. */
type StmtNode<K extends StmtKey> = NonNullable<C.BodyCstChildren[K]>[number];

/** One statement node of a body (its rule name is the key it is listed under). */
function toStmt(cx: AstContext, n: CstNode, owner: Owner): Stmt | undefined {
  const at = startOf(n, 0);
  const span = spanOf(cx, at, n);
  switch (n.name as StmtKey) {
    case "residualStmt": {
      const r = (n as StmtNode<"residualStmt">).children;
      return {
        kind: "residual",
        args: toArgs(cx, first(r.argList)),
        body: toBody(cx, first(r.body), nested(owner)),
        span,
      };
    }
    case "parallelStmt": {
      const p = (n as StmtNode<"parallelStmt">).children;
      return {
        kind: "parallel",
        args: toArgs(cx, first(p.argList)),
        branches: toBody(cx, first(p.body), nested(owner)),
        span,
      };
    }
    case "moeStmt": {
      const m = (n as StmtNode<"moeStmt">).children;
      return {
        kind: "moe",
        args: toArgs(cx, first(m.argList)),
        body: toBody(cx, first(m.body), nested(owner)),
        span,
      };
    }
    case "repeatStmt":
      return repeatStmt(cx, n as StmtNode<"repeatStmt">, owner, at);
    case "ifStmt":
      return ifStmt(cx, n as StmtNode<"ifStmt">, owner, at);
    case "shareStmt": {
      const s = (n as StmtNode<"shareStmt">).children;
      const name = identOf(cx, first(s.Identifier), endOf(first(s.Share), at));
      const value = toExpr(cx, first(s.expr), endOf(first(s.Equals), name.span.end));
      if (value.kind === "call") return { kind: "share", name, value, span };
      cx.diags.push(
        syntax.shareNeedsCall(
          value.span.start === value.span.end ? span : value.span,
          name.name || "name",
        ),
      );
      return undefined;
    }
    case "returnStmt": {
      const r = (n as StmtNode<"returnStmt">).children;
      return { kind: "return", value: toExpr(cx, first(r.expr), endOf(first(r.Return), at)), span };
    }
    case "inputStmt": {
      const i = n as StmtNode<"inputStmt">;
      modelOnly(cx, first(i.children.Input), owner);
      return inputStmt(cx, i, at);
    }
    case "embedStmt": {
      const e = (n as StmtNode<"embedStmt">).children;
      return modelValue(cx, "embed", first(e.Embed), first(e.expr), owner, span);
    }
    case "normStmt": {
      const e = (n as StmtNode<"normStmt">).children;
      return modelValue(cx, "norm", first(e.Norm), first(e.expr), owner, span);
    }
    case "headStmt": {
      const e = (n as StmtNode<"headStmt">).children;
      return modelValue(cx, "head", first(e.Head), first(e.expr), owner, span);
    }
    case "nameStmt":
      return nameStmt(cx, n as StmtNode<"nameStmt">, at);
  }
  return undefined;
}

function modelValue(
  cx: AstContext,
  kind: "embed" | "norm" | "head",
  kw: IToken | undefined,
  expr: C.ExprCstNode | undefined,
  owner: Owner,
  span: Span,
): Stmt {
  modelOnly(cx, kw, owner);
  return { kind, value: toExpr(cx, expr, endOf(kw, span.start)), span };
}

function modelOnly(cx: AstContext, kw: IToken | undefined, owner: Owner): void {
  if (owner.kind === "model" && owner.depth === 0) return;
  if (isReal(kw)) cx.diags.push(syntax.modelOnly(spanOf(cx, kw.startOffset, kw), kw.image));
}

function repeatStmt(cx: AstContext, n: C.RepeatStmtCstNode, owner: Owner, at: number): Stmt {
  const c = n.children;
  const count = toExpr(cx, first(c.expr), endOf(first(c.Repeat), at));
  const index =
    first(c.As) !== undefined
      ? identOf(cx, first(c.Identifier), endOf(first(c.As), at))
      : undefined;
  const withTok = first(c.With);
  const mixTok = first(c.Scalar_mixWord);
  const scalarMix =
    withTok !== undefined && mixTok !== undefined
      ? {
          kind: "scalarMix" as const,
          span: spanOf(cx, endOf(first(c.Repeat), at), withTok, mixTok),
        }
      : undefined;
  // `with WORD(args)`: dwa (DenseFormer), layerskip or exits (early exits), pmod (p-MoD)
  const clause =
    withTok !== undefined && mixTok === undefined
      ? {
          args: toArgs(cx, first(c.argList)),
          span: spanOf(cx, endOf(first(c.Repeat), at), withTok, first(c.argList)),
        }
      : undefined;
  const word: "dwa" | "layerskip" | "exits" | "pmod" =
    first(c.LayerskipWord) !== undefined
      ? "layerskip"
      : first(c.ExitsWord) !== undefined
        ? "exits"
        : first(c.PmodWord) !== undefined
          ? "pmod"
          : "dwa";
  return {
    kind: "repeat",
    count,
    ...(index !== undefined ? { index } : {}),
    ...(clause !== undefined && word === "dwa" ? { dwa: { kind: word, ...clause } } : {}),
    ...(clause !== undefined && (word === "layerskip" || word === "exits")
      ? { exits: { kind: word, ...clause } }
      : {}),
    ...(clause !== undefined && word === "pmod" ? { pmod: { kind: word, ...clause } } : {}),
    ...(scalarMix !== undefined ? { scalarMix } : {}),
    body: toBody(cx, first(c.body), nested(owner)),
    span: spanOf(cx, at, n),
  };
}

function ifStmt(cx: AstContext, n: C.IfStmtCstNode, owner: Owner, at: number): IfStmt {
  const c = n.children;
  const test = toExpr(cx, first(c.expr), endOf(first(c.If), at));
  const then = toBody(cx, c.body?.[0], nested(owner));
  const elseIf = first(c.ifStmt);
  const elseBody = c.body?.[1];
  const otherwise =
    elseIf !== undefined
      ? ifStmt(cx, elseIf, owner, startOf(elseIf, at))
      : elseBody !== undefined
        ? toBody(cx, elseBody, nested(owner))
        : undefined;
  return {
    kind: "if",
    test,
    then,
    ...(otherwise !== undefined ? { else: otherwise } : {}),
    span: spanOf(cx, at, n),
  };
}

function inputStmt(cx: AstContext, n: C.InputStmtCstNode, at: number): Stmt {
  const c = n.children;
  const name = identOf(cx, c.Identifier?.[0], endOf(first(c.Input), at));
  const dtype = identOf(cx, c.Identifier?.[1], endOf(first(c.Colon), name.span.end));
  let pos = endOf(first(c.LBracket), dtype.span.end);
  const dims = (c.expr ?? []).map((e) => {
    const d = toExpr(cx, e, pos);
    pos = d.span.end;
    return d;
  });
  const type: TensorType = {
    kind: "tensorType",
    dtype,
    dims,
    span: joinSpans(dtype.span, spanOf(cx, pos, first(c.RBracket), c.expr?.[c.expr.length - 1])),
  };
  return { kind: "input", name, type, span: spanOf(cx, at, n) };
}

function nameStmt(cx: AstContext, n: C.NameStmtCstNode, at: number): Stmt {
  const c = n.children;
  const name = identOf(cx, first(c.Identifier), at);
  const span = spanOf(cx, at, n);
  if (first(c.Equals) !== undefined) {
    return {
      kind: "assign",
      name,
      value: toExpr(cx, first(c.expr), endOf(first(c.Equals), name.span.end)),
      span,
    };
  }
  const lists = c.argList ?? NONE;
  if (lists[0] === undefined) return { kind: "layer", expr: name, span };
  if (lists[1] !== undefined) cx.diags.push(syntax.appliedLayerStatement(span));
  const call = {
    kind: "call" as const,
    callee: name,
    args: toArgs(cx, lists[0]),
    span: spanOf(cx, at, first(c.Identifier), lists[0]),
  };
  return { kind: "layer", expr: call, span: call.span };
}
