// The front end's entry point: `.arch` text → (possibly partial) AST + syntax diagnostics.
// Used by the formatter, the CLI and the compiler. Never throws; reports every lexer error and
// the parser errors that recovery finds, with spans inside [0, text.length].
import type { IToken } from "chevrotain";
import { astTooDeep } from "./ast-depth.ts";
import type { Comment, Expr, Module } from "./ast.ts";
import { describeToken } from "./describe.ts";
import type { Diagnostic } from "./core/diagnostic.ts";
import { sortDiagnostics } from "./core/diagnostic.ts";
import { syntax } from "./core/messages/syntax.ts";
import { SourceFile } from "./core/source.ts";
import type { ExprCstNode, ModuleCstNode } from "./cst.generated.d.ts";
import { archParser } from "./parser.ts";
import { lexerDiagnostics, parserDiagnostics } from "./parse-errors.ts";
import { archLexer, LBracket, LCurly, LParen, RBracket, RCurly, RParen } from "./tokens.ts";
import { type AstContext, clampSpan } from "./to-ast-support.ts";
import { toExpr } from "./to-ast-expr.ts";
import { toModule } from "./to-ast.ts";

export interface ParseResult {
  readonly module: Module;
  /** Syntax diagnostics (ARCH1xxx), sorted by position. */
  readonly diagnostics: Diagnostic[];
}

/** Parse one `.arch` file. `file` is the name put in every span. */
export function parse(text: string, file: string): ParseResult {
  const cx: AstContext = { file, text, diags: [] };
  let comments: Comment[] = [];
  let tokens: IToken[] = [];
  // Chevrotain signals each syntax error with an exception; their stack traces are never shown,
  // and capturing them dominated the time of files with many errors.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const lexed = archLexer.tokenize(text);
    tokens = lexed.tokens;
    comments = (lexed.groups["comments"] ?? []).map((t) => toComment(cx, t));
    const lexDiags = lexerDiagnostics(cx, lexed.errors, lexed.groups["errors"] ?? [], lexed.tokens);
    const deep = deepestNesting(tokens);
    if (deep.depth > MAX_NESTING) {
      return {
        module: toModule(cx, undefined, comments),
        diagnostics: [...lexDiags, tooDeep(cx, deep.token)],
      };
    }
    archParser.input = lexed.tokens;
    const cst = archParser.module() as ModuleCstNode;
    const parseDiags = parserDiagnostics(cx, archParser.errors, lexed.tokens);
    const module = toModule(cx, cst, comments);
    const deepTree = astTooDeep(module);
    if (deepTree !== undefined) cx.diags.push(deepTree);
    return {
      module,
      diagnostics: dropCascades(cx, sortDiagnostics([...lexDiags, ...parseDiags, ...cx.diags])),
    };
  } catch (err) {
    // Recursion too deep for the stack (e.g. a very long `else if` chain) is the user's to fix;
    // anything else is a bug, still answered with a located diagnostic rather than thrown.
    if (err instanceof RangeError) {
      return {
        module: toModule(cx, undefined, comments),
        diagnostics: [tooDeep(cx, deepestNesting(tokens).token)],
      };
    }
    const detail = err instanceof Error ? err.message : String(err);
    return {
      module: toModule(cx, undefined, comments),
      diagnostics: [syntax.internal(clampSpan(cx, 0, 0), detail)],
    };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/**
 * Parse one expression, the text at [start, end) of `text` (a `--set NAME=VALUE` value): its spans
 * are offsets into `text`, so diagnostics show the whole line. Anything after the expression is an
 * error. The expression is absent only when nothing parsed.
 */
export function parseExpression(
  text: string,
  file: string,
  start: number,
  end: number,
): { readonly expr?: Expr; readonly diagnostics: Diagnostic[] } {
  const cx: AstContext = { file, text, diags: [] };
  // the other characters blanked, so token offsets are offsets into `text`
  const blank = (t: string): string => " ".repeat(t.length);
  const only = blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
  const lexed = archLexer.tokenize(only);
  const lexDiags = lexerDiagnostics(cx, lexed.errors, lexed.groups["errors"] ?? [], lexed.tokens);
  const firstToken = lexed.tokens[0];
  if (
    firstToken === undefined ||
    lexDiags.length > 0 ||
    deepestNesting(lexed.tokens).depth > MAX_NESTING
  )
    return {
      diagnostics:
        lexDiags.length > 0
          ? lexDiags
          : [syntax.expectedExpr(clampSpan(cx, start, end), describeToken(firstToken))],
    };
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    archParser.input = lexed.tokens;
    const cst = archParser.expr() as ExprCstNode;
    // chevrotain reports unparsed input as at the top level ("expected a declaration"): said below
    const errors = archParser.errors.filter((e) => e.name !== "NotAllInputParsedException");
    const parseDiags = parserDiagnostics(cx, errors, lexed.tokens);
    const expr = toExpr(cx, cst, start);
    const rest = lexed.tokens.find((t) => t.startOffset >= expr.span.end);
    const trailing =
      rest === undefined || parseDiags.length > 0
        ? []
        : [
            syntax.expected(
              clampSpan(cx, rest.startOffset, end),
              "the end of the value",
              describeToken(rest),
            ),
          ];
    return { expr, diagnostics: [...parseDiags, ...cx.diags, ...trailing] };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** Deeper bracket nesting is refused before parsing: the recursive parser would run out of stack. */
const MAX_NESTING = 100;

/** The maximum depth of `(`, `[` and `{` nesting, and the token that first goes past the limit. */
function deepestNesting(tokens: readonly IToken[]): { depth: number; token: IToken | undefined } {
  let depth = 0;
  let max = 0;
  let at: IToken | undefined;
  for (const t of tokens) {
    const ty = t.tokenType; // types, not images: one comparison each, no string compares
    if (ty === LParen || ty === LBracket || ty === LCurly) {
      depth++;
      if (depth > max) max = depth;
      if (depth === MAX_NESTING + 1 && at === undefined) at = t;
    } else if ((ty === RParen || ty === RBracket || ty === RCurly) && depth > 0) depth--;
  }
  return { depth: max, token: at };
}

function tooDeep(cx: AstContext, t: IToken | undefined): Diagnostic {
  const start = t?.startOffset ?? 0;
  return syntax.tooDeep(clampSpan(cx, start, start + 1), MAX_NESTING);
}

/** Codes of diagnostics that come from recovery (a parser error or a run of stray tokens). */
const RECOVERY_CODES = new Set([
  "ARCH1010",
  "ARCH1011",
  "ARCH1012",
  "ARCH1013",
  "ARCH1014",
  "ARCH1015",
  "ARCH1016",
  "ARCH1017",
  "ARCH1018",
  "ARCH1021",
  "ARCH1032",
  "ARCH1033",
  "ARCH1034",
  "ARCH1035",
]);

const LEXICAL_CODES = new Set(["ARCH1001", "ARCH1002", "ARCH1003"]);

/**
 * One mistake often derails the parser for the rest of its line, so keep one recovery diagnostic
 * per line, and one diagnostic per position. Lexical and structural diagnostics are all kept.
 */
function dropCascades(cx: AstContext, ds: readonly Diagnostic[]): Diagnostic[] {
  const src = new SourceFile(cx.file, cx.text);
  const out: Diagnostic[] = [];
  const starts = new Set<number>();
  let lastRecoveryLine = -1;
  // A lexical error (stray character, unterminated string) explains the parse errors of its line.
  const lexLines = new Set(
    ds.filter((d) => LEXICAL_CODES.has(d.code)).map((d) => src.lineCol(d.span.start).line),
  );
  for (const d of ds) {
    if (starts.has(d.span.start)) continue;
    if (RECOVERY_CODES.has(d.code)) {
      const line = src.lineCol(d.span.start).line;
      if (line === lastRecoveryLine || lexLines.has(line)) continue;
      lastRecoveryLine = line;
    }
    starts.add(d.span.start);
    out.push(d);
  }
  return out;
}

function toComment(cx: AstContext, t: IToken): Comment {
  return {
    kind: "comment",
    text: t.image,
    block: t.tokenType.name === "BlockComment",
    span: clampSpan(cx, t.startOffset, t.startOffset + t.image.length),
  };
}
