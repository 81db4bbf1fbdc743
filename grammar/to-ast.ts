// CST → AST: declarations of a module (imports, constants, blocks, models, train and grow sections)
// with a Span on every node, plus the declaration-level syntax checks (duplicate parameters, stray
// top-level tokens, empty imports). Plain typed functions over the generated CST types serve as the
// visitor: the compiler checks that every CST shape is handled. Never throws on a recovered CST.
import type { IToken } from "chevrotain";
import type * as A from "./ast.ts";
import type * as C from "./cst.generated.d.ts";
import { syntax } from "./core/messages/syntax.ts";
import { closest } from "./core/suggest.ts";
import { describeToken, isReservedWord } from "./describe.ts";
import { decodeString } from "./literals.ts";
import { DECL_KEYWORDS } from "./tokens.ts";
import { toExpr } from "./to-ast-expr.ts";
import { toBody } from "./to-ast-stmt.ts";
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

export type { AstContext } from "./to-ast-support.ts";

const STMT_WORDS = new Set([
  "residual",
  "parallel",
  "moe",
  "repeat",
  "share",
  "return",
  "input",
  "embed",
  "norm",
  "head",
]);

/** Convert a module CST (possibly partial) to the AST; diagnostics go to `cx.diags`. */
export function toModule(
  cx: AstContext,
  n: C.ModuleCstNode | undefined,
  comments: readonly A.Comment[],
): A.Module {
  const decls: A.Decl[] = [];
  for (const d of n?.children.decl ?? []) {
    const decl = toDecl(cx, d);
    if (decl !== undefined) decls.push(decl);
  }
  for (const s of n?.children.strayDecl ?? []) strayDecl(cx, s.children.DeclJunk ?? []);
  return { kind: "module", file: cx.file, decls, comments, span: clampSpan(cx, 0, cx.text.length) };
}

function strayDecl(cx: AstContext, toks: readonly IToken[]): void {
  const t = toks[0];
  if (!isReal(t)) return;
  const span = spanOf(cx, t.startOffset, t);
  if (t.image === "else") return void cx.diags.push(syntax.elseWithoutIf(span));
  if (STMT_WORDS.has(t.image))
    return void cx.diags.push(syntax.statementAtTopLevel(span, `\`${t.image}\``));
  if (t.tokenType.name === "Identifier" || (!isReservedWord(t) && /^[A-Za-z_]/.test(t.image))) {
    const guess = closest(t.image, DECL_KEYWORDS);
    if (guess !== undefined) return void cx.diags.push(syntax.unknownKeyword(span, t.image, guess));
    const next = toks[1];
    if (next !== undefined && (next.image === "=" || next.image === "(")) {
      return void cx.diags.push(
        syntax.statementAtTopLevel(span, `\`${t.image}${next.image === "=" ? " = …" : "(…)"}\``),
      );
    }
  }
  cx.diags.push(syntax.expectedDecl(span, describeToken(t)));
}

export function toDecl(cx: AstContext, n: C.DeclCstNode): A.Decl | undefined {
  const c = n.children;
  if (c.importDecl?.[0]) return importDecl(cx, c.importDecl[0]);
  if (c.constDecl?.[0]) return constDecl(cx, c.constDecl[0]);
  if (c.blockDecl?.[0]) return blockDecl(cx, c.blockDecl[0]);
  if (c.modelDecl?.[0]) {
    const m = c.modelDecl[0].children;
    const at = startOf(n, 0);
    const name = identOf(cx, first(m.Identifier), endOf(first(m.Model), at));
    const body = toBody(cx, first(m.body), { kind: "model", name: name.name, depth: 0 });
    return { kind: "model", name, body, span: spanOf(cx, at, n) };
  }
  if (c.trainDecl?.[0]) return trainDecl(cx, c.trainDecl[0]);
  if (c.growDecl?.[0]) return growDecl(cx, c.growDecl[0]);
  return undefined;
}

function importDecl(cx: AstContext, n: C.ImportDeclCstNode): A.ImportDecl {
  const c = n.children;
  const at = startOf(n, 0);
  const str = first(c.StringLit);
  const from: A.ImportDecl["from"] = isReal(str)
    ? {
        kind: "string",
        value: decodeString(
          str.image,
          str.tokenType.name !== "UnterminatedString",
          str.startOffset,
          cx.file,
          cx.diags,
        ),
        span: spanOf(cx, at, str),
      }
    : {
        kind: "modulePath",
        parts: (c.AnyWord ?? []).filter(isReal).map((t) => identOf(cx, t, at)),
        span: spanOf(
          cx,
          endOf(first(c.Import), at),
          first(c.AnyWord),
          c.AnyWord?.[c.AnyWord.length - 1],
        ),
      };
  const names: A.ImportName[] = (c.importName ?? []).map((m) => {
    const ids = m.children.Identifier ?? [];
    const name = identOf(cx, ids[0], startOf(m, at));
    const alias =
      first(m.children.As) !== undefined
        ? identOf(cx, ids[1], endOf(first(m.children.As), name.span.end))
        : undefined;
    return {
      kind: "importName",
      name,
      ...(alias !== undefined ? { alias } : {}),
      span: spanOf(cx, at, m),
    };
  });
  const lc = first(c.LCurly);
  const rc = first(c.RCurly);
  if (names.length === 0 && isReal(lc))
    cx.diags.push(syntax.emptyImport(spanOf(cx, lc.startOffset, lc, rc)));
  return { kind: "import", from, names, span: spanOf(cx, at, n) };
}

function typeRef(cx: AstContext, n: C.TypeRefCstNode | undefined, at: number): A.TypeRef {
  const ids = (n?.children.Identifier ?? []).filter(isReal);
  const names = ids.length > 0 ? ids.map((t) => identOf(cx, t, at)) : [identOf(cx, undefined, at)];
  return { kind: "typeRef", names, span: spanOf(cx, at, n) };
}

function constDecl(cx: AstContext, n: C.ConstDeclCstNode): A.ConstDecl {
  const c = n.children;
  const at = startOf(n, 0);
  const name = identOf(cx, first(c.Identifier), endOf(first(c.Const), at));
  const type =
    first(c.Colon) !== undefined
      ? typeRef(cx, first(c.typeRef), endOf(first(c.Colon), name.span.end))
      : undefined;
  const value = toExpr(cx, first(c.expr), endOf(first(c.Equals), type?.span.end ?? name.span.end));
  return {
    kind: "const",
    name,
    ...(type !== undefined ? { type } : {}),
    value,
    span: spanOf(cx, at, n),
  };
}

function blockDecl(cx: AstContext, n: C.BlockDeclCstNode): A.BlockDecl {
  const c = n.children;
  const at = startOf(n, 0);
  const name = identOf(cx, first(c.Identifier), endOf(first(c.Block), at));
  const params: A.Param[] = [];
  const seen = new Map<string, A.Ident>();
  for (const p of c.param ?? NONE) {
    const pc = p.children;
    const pAt = startOf(p, name.span.end);
    const pname = identOf(cx, first(pc.Identifier), pAt);
    const type = typeRef(cx, first(pc.typeRef), endOf(first(pc.Colon), pname.span.end));
    const dflt =
      first(pc.Equals) !== undefined
        ? toExpr(cx, first(pc.expr), endOf(first(pc.Equals), type.span.end))
        : undefined;
    const prev = seen.get(pname.name);
    if (prev !== undefined && pname.name !== "") {
      const related = [{ span: prev.span, message: `\`${pname.name}\` is first declared here` }];
      cx.diags.push(syntax.duplicateParam.with({ related })(pname.span, pname.name));
    } else seen.set(pname.name, pname);
    params.push({
      kind: "param",
      name: pname,
      type,
      ...(dflt !== undefined ? { default: dflt } : {}),
      span: spanOf(cx, pAt, p),
    });
  }
  const body = toBody(cx, first(c.body), { kind: "block", name: name.name, depth: 0 });
  return { kind: "block", name, params, body, span: spanOf(cx, at, n) };
}

function trainDecl(cx: AstContext, n: C.TrainDeclCstNode): A.TrainDecl {
  const c = n.children;
  const at = startOf(n, 0);
  const model = identOf(cx, first(c.Identifier), endOf(first(c.Train), at));
  const settings: A.Setting[] = (c.setting ?? []).map((s) => {
    const sAt = startOf(s, at);
    const key = identOf(cx, first(s.children.Identifier), sAt);
    const ev = first(s.children.every);
    const value: A.Expr | A.Every =
      ev !== undefined
        ? {
            kind: "every",
            count: toExpr(
              cx,
              first(ev.children.expr),
              endOf(first(ev.children.Every), key.span.end),
            ),
            span: spanOf(cx, key.span.end, ev),
          }
        : toExpr(cx, first(s.children.expr), key.span.end);
    return { kind: "setting", key, value, span: spanOf(cx, sAt, s) };
  });
  for (const s of c.strayTrain ?? []) {
    const t = first(s.children.TrainJunk);
    if (!isReal(t)) continue;
    const span = spanOf(cx, t.startOffset, t);
    cx.diags.push(
      isReservedWord(t) && t.image !== "else"
        ? syntax.reservedWord(span, t.image)
        : syntax.expectedSetting(span, describeToken(t)),
    );
  }
  return { kind: "train", model, settings, span: spanOf(cx, at, n) };
}

function growDecl(cx: AstContext, n: C.GrowDeclCstNode): A.GrowDecl {
  const c = n.children;
  const at = startOf(n, 0);
  const model = identOf(cx, first(c.Identifier), endOf(first(c.Grow), at));
  const events: A.GrowEvent[] = (c.growEvent ?? []).map((e) => {
    const g = e.children;
    const eAt = startOf(e, at);
    const ex = g.expr ?? [];
    const step = toExpr(cx, ex[0], endOf(first(g.StepWord), eAt));
    const target = identOf(cx, g.Identifier?.[0], endOf(first(g.Colon), step.span.end));
    const from = toExpr(cx, ex[1], target.span.end);
    const to = toExpr(cx, ex[2], endOf(first(g.Arrow), from.span.end));
    const method =
      first(g.ByWord) !== undefined
        ? identOf(cx, g.Identifier?.[1], endOf(first(g.ByWord), to.span.end))
        : undefined;
    const maskedOver =
      first(g.MaskedWord) !== undefined
        ? toExpr(cx, ex[3], endOf(first(g.OverWord), to.span.end))
        : undefined;
    return {
      kind: "growEvent",
      step,
      target,
      from,
      to,
      ...(method !== undefined ? { method } : {}),
      ...(maskedOver !== undefined ? { maskedOver } : {}),
      span: spanOf(cx, eAt, e),
    };
  });
  for (const s of c.strayGrow ?? []) {
    const t = first(s.children.GrowJunk);
    if (isReal(t))
      cx.diags.push(syntax.expectedGrowEvent(spanOf(cx, t.startOffset, t), describeToken(t)));
  }
  return { kind: "grow", model, events, span: spanOf(cx, at, n) };
}
