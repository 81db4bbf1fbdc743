// The front end's entry point: `.arch` text → (possibly partial) AST + syntax diagnostics.
// Used by the formatter, the CLI and the compiler. Never throws; reports every lexer error and
// the parser errors that recovery finds, with spans inside [0, text.length].
import type { IToken } from "chevrotain";
import { astTooDeep } from "./ast-depth.ts";
import type { Comment, Module } from "./ast.ts";
import type { Diagnostic } from "./core/diagnostic.ts";
import { sortDiagnostics } from "./core/diagnostic.ts";
import { syntax } from "./core/messages/syntax.ts";
import { SourceFile } from "./core/source.ts";
import type { ModuleCstNode } from "./cst.generated.d.ts";
import { archParser } from "./parser.ts";
import { lexerDiagnostics, parserDiagnostics } from "./parse-errors.ts";
import { archLexer, LBracket, LCurly, LParen, RBracket, RCurly, RParen } from "./tokens.ts";
import { type AstContext, clampSpan } from "./to-ast-support.ts";
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
