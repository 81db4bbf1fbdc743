// Turns chevrotain's lexer and parser errors into ARCH1xxx diagnostics in plain words: which token
// was expected, what was found, and for a missing `}` which block was left open and where.
import type { ILexingError, IRecognitionException, IToken } from "chevrotain";
import type { Diagnostic } from "./core/diagnostic.ts";
import { SourceFile, type Span } from "./core/source.ts";
import { syntax } from "./core/messages/syntax.ts";
import { describeExpected, describeToken, isReservedWord } from "./describe.ts";
import type { RawParseError } from "./parser-expr.ts";
import { DECL_KEYWORDS, UnterminatedString } from "./tokens.ts";
import { type AstContext, clampSpan, isReal } from "./to-ast-support.ts";

/** Lexer errors, unclosed comments (group "errors") and unclosed strings (in the token stream). */
export function lexerDiagnostics(
  cx: AstContext,
  errors: readonly ILexingError[],
  errorTokens: readonly IToken[],
  tokens: readonly IToken[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of errors) {
    const span = clampSpan(cx, e.offset, e.offset + Math.max(1, e.length));
    out.push(syntax.unexpectedChar(span, cx.text.slice(span.start, span.end)));
  }
  for (const t of errorTokens)
    out.push(syntax.unterminatedComment(clampSpan(cx, t.startOffset, t.startOffset + 2)));
  for (const t of tokens) {
    if (t.tokenType === UnterminatedString) {
      out.push(
        syntax.unterminatedString(clampSpan(cx, t.startOffset, t.startOffset + t.image.length)),
      );
    }
  }
  return out;
}

function decode(message: string): RawParseError | undefined {
  try {
    return JSON.parse(message) as RawParseError;
  } catch {
    return undefined;
  }
}

const EXPR_RULES = new Set(["expr", "unaryExpr", "parenExpr", "argList", "setting", "every"]);

const MAX_PARSER_ERRORS = 100;

/** Parser errors in source order, at most one per token offset. */
export function parserDiagnostics(
  cx: AstContext,
  errors: readonly IRecognitionException[],
  tokens: readonly IToken[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<number>();
  const braces = new OpenBraces(tokens);
  // A cap keeps pathological inputs linear: each `}` diagnostic scans the tokens once.
  for (const e of errors.slice(0, MAX_PARSER_ERRORS)) {
    const d = toDiagnostic(cx, e, braces, out.length > 0);
    if (d === undefined || seen.has(d.span.start)) continue;
    seen.add(d.span.start);
    out.push(d);
  }
  return out;
}

/** One parser error in words; undefined for a cascade of an earlier error that says nothing new. */
function toDiagnostic(
  cx: AstContext,
  e: IRecognitionException,
  braces: OpenBraces,
  afterOthers: boolean,
): Diagnostic | undefined {
  const raw = decode(e.message);
  const actual = isReal(e.token) && e.token.tokenType.name !== "EOF" ? e.token : undefined;
  const prev = (e as { previousToken?: IToken }).previousToken;
  const found = describeToken(actual);
  const at = actualSpan(cx, actual, prev);
  if (raw === undefined) return syntax.expected(at, "something else", found);
  if (raw.k === "mismatch") {
    const rule = raw.rule;
    if (raw.expected === "Identifier" && actual !== undefined && isNameLike(cx, actual, prev)) {
      return syntax.reservedWord(tokenSpan(cx, actual), actual.image);
    }
    if (raw.expected === "RCurly" || raw.expected === "RBracket") {
      const open = braces.innermostBefore(
        actual?.startOffset ?? cx.text.length,
        raw.expected === "RCurly" ? "{" : "[",
      );
      if (open !== undefined) {
        const closer = raw.expected === "RCurly" ? "}" : "]";
        const related = [
          { span: tokenSpan(cx, open.token), message: `\`${open.token.image}\` opened here` },
        ];
        return syntax.unclosed.with({ related })(
          at,
          closer,
          braces.describe(open.index),
          lineOf(cx, open.token.startOffset),
          found,
        );
      }
      // Every `{` is matched: recovery inserted one for an earlier error, and this is its echo.
      if (afterOthers) return undefined;
    }
    if (
      raw.expected === "RParen" &&
      actual !== undefined &&
      isNameLike(cx, actual, prev) &&
      !VALUE_WORDS.test(actual.image)
    ) {
      if (prev?.image === "(" || prev?.image === ",")
        return syntax.reservedWord(tokenSpan(cx, actual), actual.image);
    }
    if (
      raw.expected === "RParen" &&
      (rule === "argList" || rule === "parenExpr" || rule === "blockDecl")
    ) {
      const what =
        rule === "blockDecl" ? "a parameter" : rule === "argList" ? "an argument" : "an item";
      if (prev?.image === "(") return syntax.expected(at, `${what} or \`)\``, found);
      return syntax.missingComma(at, what, found);
    }
    if (raw.expected === "Else" && rule === "expr") return syntax.missingElse(at, found);
    if (raw.expected === "StepsWord") {
      return syntax.missingSteps(
        at,
        rule === "every" ? "the interval of `every`" : "`masked over N`",
        found,
      );
    }
    const stack = e.context.ruleStack;
    const digitName = raw.expected === "Identifier" && /^[0-9][A-Za-z_]/.test(actual?.image ?? "");
    const hint = digitName
      ? "a name cannot start with a digit"
      : mismatchHint(raw.expected, rule, stack[stack.length - 2] ?? "");
    return syntax.expected.with({ hint })(at, expectedInRule(raw.expected, rule), found);
  }
  if (
    actual !== undefined &&
    isNameLike(cx, actual, prev) &&
    EXPR_RULES.has(raw.rule) &&
    !VALUE_WORDS.test(actual.image)
  ) {
    return syntax.reservedWord(tokenSpan(cx, actual), actual.image);
  }
  if (raw.k === "noViableAlt" && (raw.rule === "setting" || raw.rule === "every")) {
    return syntax.expected.with({ hint: "e.g. `batch 16` or `eval every 100 steps`" })(
      at,
      "a value for the setting",
      found,
    );
  }
  if (raw.k === "noViableAlt" && EXPR_RULES.has(raw.rule)) return syntax.expectedExpr(at, found);
  if (raw.k === "noViableAlt" && raw.rule === "importDecl") {
    return syntax.expected.with({
      hint: 'e.g. `import std.ffn.{MLP}` or `import "./blocks.arch".{Layer}`',
    })(at, "a module path or a file name", found);
  }
  const expected = raw.k === "notAllInput" ? [] : raw.expected;
  return syntax.expected(
    at,
    expected.length > 0 ? expected.slice(0, 4).map(describeExpected).join(" or ") : "a declaration",
    found,
  );
}

/** Reserved words that can begin a value, so they are never "used as a name". */
const VALUE_WORDS = /^(true|false|not|if)$/;

const DECL_WORDS = new Set(DECL_KEYWORDS);

/**
 * Whether a reserved word where a name (or value) belongs was meant as a name: `const model = 3`.
 * A declaration keyword at the start of a later line is more likely the next declaration, after
 * something missing at the end of this one.
 */
function isNameLike(cx: AstContext, t: IToken, prev: IToken | undefined): boolean {
  if (!isReservedWord(t)) return false;
  if (!DECL_WORDS.has(t.image)) return true;
  return isReal(prev) && lineOf(cx, endOffsetOf(prev)) === lineOf(cx, t.startOffset);
}

const NAME_FOR: Record<string, string> = {
  constDecl: "a name for the constant",
  blockDecl: "a name for the block",
  modelDecl: "a name for the model",
  trainDecl: "the name of the model to train",
  growDecl: "the name of the model to grow",
  param: "a parameter name",
  typeRef: "a type (`int`, `float`, `bool`, … or `a | b` choices)",
  growEvent: "what to grow (`ffn`, `heads`, `width` or `depth`)",
  shareStmt: "a name for the shared layer",
  importName: "a name to import",
  setting: "a setting name",
};

/** The expected token in words, more specific where the rule tells us what the token is for. */
function expectedInRule(expected: string, rule: string): string {
  const base = describeExpected(expected);
  if (expected === "Identifier" && NAME_FOR[rule] !== undefined) return NAME_FOR[rule];
  if (expected === "Colon" && rule === "growEvent") return "`:` after `at step N`";
  if (expected === "Colon" && rule === "param") return "`:` and a type after the parameter name";
  if (expected === "Colon" && rule === "inputStmt")
    return "`:` between the input's name and its type";
  if (expected === "StepWord") return "`step` after `at`";
  if (expected === "Arrow" && rule === "growEvent")
    return "`->` between the current and the new size";
  if (expected === "Equals" && rule === "constDecl")
    return "`=` and a value after the constant's name";
  if (expected === "Dot" && rule === "importDecl") return "`.{` and the names to import";
  if (expected === "LCurly")
    return rule === "body"
      ? "`{` to start the body"
      : `\`{\` after the name of the ${rule.replace(/Decl$/, "")} section`;
  return base;
}

function mismatchHint(expected: string, rule: string, parent: string): string | undefined {
  // A missing `(` or `{` is reported by the subrule; the statement around it knows the example.
  if ((rule === "argList" && expected === "LParen") || (rule === "body" && expected === "LCurly")) {
    return mismatchHint(expected, parent, "");
  }
  if (rule === "growEvent") return "a grow event reads `at step 1000: ffn 4 * d -> 8 * d`";
  if (rule === "param") return "parameters are typed: `d: int`, `act: gelu | relu = gelu`";
  if (rule === "constDecl" && expected === "Equals")
    return "e.g. `const d = 256` or `const lr: float = 3e-4`";
  if (rule === "inputStmt") return "e.g. `input tokens: int[batch, ctx]`";
  if (rule === "shareStmt") return "e.g. `share ffn = MLP(d, 4 * d)`";
  if (rule === "residualStmt") return "e.g. `residual(pre, layernorm) { MLP(d, 4 * d) }`";
  if (rule === "moeStmt") return "e.g. `moe(experts: 8, top_k: 2) { MLP(d, 4 * d) }`";
  if (rule === "repeatStmt" && expected === "LCurly")
    return "e.g. `repeat layers { Layer(d, heads) }`";
  return undefined;
}

function tokenSpan(cx: AstContext, t: IToken): Span {
  return clampSpan(cx, t.startOffset, (t.endOffset ?? t.startOffset) + 1);
}

// Tokens carry offsets only (tokens.ts); the line of one is looked up when a message needs it.
const sources = new WeakMap<AstContext, SourceFile>();

/** The 1-based line of an offset. */
function lineOf(cx: AstContext, offset: number): number {
  let src = sources.get(cx);
  if (src === undefined) {
    src = new SourceFile(cx.file, cx.text);
    sources.set(cx, src);
  }
  return src.lineCol(offset).line;
}

const endOffsetOf = (t: IToken): number => t.endOffset ?? t.startOffset;

/** Point at the found token, or just after the previous one when the found token is on a later line. */
function actualSpan(cx: AstContext, actual: IToken | undefined, prev: IToken | undefined): Span {
  const prevEnd = isReal(prev) ? (prev.endOffset ?? prev.startOffset) + 1 : undefined;
  if (actual === undefined)
    return clampSpan(cx, prevEnd ?? cx.text.length, prevEnd ?? cx.text.length);
  if (
    prevEnd !== undefined &&
    isReal(prev) &&
    lineOf(cx, actual.startOffset) > lineOf(cx, endOffsetOf(prev))
  ) {
    return clampSpan(cx, prevEnd, prevEnd);
  }
  return tokenSpan(cx, actual);
}

/** Finds the innermost unclosed `{` (or `[`) before an offset, and says what it opened. */
class OpenBraces {
  constructor(private readonly tokens: readonly IToken[]) {}

  innermostBefore(offset: number, open: "{" | "["): { token: IToken; index: number } | undefined {
    const close = open === "{" ? "}" : "]";
    const stack: number[] = [];
    for (let i = 0; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.startOffset >= offset) break;
      if (t.image === open) stack.push(i);
      else if (t.image === close) stack.pop();
    }
    const index = stack.pop();
    return index === undefined ? undefined : { token: this.tokens[index]!, index };
  }

  /** "the block `Layer`", "the `residual` body", "the import list". */
  describe(index: number): string {
    const toks = this.tokens;
    if (toks[index]?.image === "[") return "the `[`";
    if (toks[index - 1]?.image === ".") return "the import list";
    let depth = 0;
    for (let i = index - 1; i >= 0 && i >= index - 400; i--) {
      const t = toks[i]!;
      if (t.image === ")") depth++;
      else if (t.image === "(") depth--;
      else if (depth === 0 && (t.image === "{" || t.image === "}" || t.image === ";")) break;
      else if (depth === 0 && isReservedWord(t)) {
        const name = toks[i + 1]?.image ?? "";
        switch (t.image) {
          case "block":
          case "model":
            return `the ${t.image} \`${name}\``;
          case "train":
          case "grow":
            return `the ${t.image} section \`${name}\``;
          case "residual":
          case "parallel":
          case "moe":
          case "repeat":
          case "if":
          case "else":
            return `the \`${t.image}\` body`;
        }
      }
    }
    return "the `{`";
  }
}
