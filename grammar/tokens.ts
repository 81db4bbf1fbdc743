// The `.arch` token table for chevrotain's lexer: keywords, contextual words, literals, punctuation.
// Recovery categories (`*Junk`) let the parser swallow stray tokens so one mistake does not hide the rest.
import { createToken, Lexer, type CustomPatternMatcherFunc, type TokenType } from "chevrotain";
import { LINE_END, LINE_END_CLASS } from "./core/source.ts";
import { numberEnd } from "./literals.ts";

/** `[^<line ends>]` and the like: every line end of core/source.ts, so a lone CR ends a comment. */
const notLineEnd = `[^${LINE_END_CLASS}]`;

/* ----------------------------------------------------------------------------
 * Recovery categories. A token belongs to a `*Junk` category when it cannot start the construct
 * of that context; the parser has a "stray tokens" alternative that eats such runs and to-ast.ts
 * reports them once, so parsing resumes at the next plausible statement or declaration.
 * ------------------------------------------------------------------------- */

/** Cannot start a top-level declaration. */
export const DeclJunk = createToken({ name: "DeclJunk", pattern: Lexer.NA });
/** Cannot start a statement of a block or model body (and is not `}`, `;` or a declaration keyword). */
export const BodyJunk = createToken({ name: "BodyJunk", pattern: Lexer.NA });
/** Cannot start a train setting. */
export const TrainJunk = createToken({ name: "TrainJunk", pattern: Lexer.NA });
/** Cannot start a grow event. */
export const GrowJunk = createToken({ name: "GrowJunk", pattern: Lexer.NA });

/** Any word, reserved or not: a module path may name a folder like `std.moe`. */
export const AnyWord = createToken({ name: "AnyWord", pattern: Lexer.NA });

/** Binary operators: one category so that an operator chain is one flat CST node (see parser-expr.ts). */
export const BinaryOp = createToken({ name: "BinaryOp", pattern: Lexer.NA });

const ALL_JUNK = [DeclJunk, BodyJunk, TrainJunk, GrowJunk] as const;

/** Categories for an ordinary token: junk everywhere except where listed. */
function junkExcept(...not: TokenType[]): TokenType[] {
  return ALL_JUNK.filter((c) => !not.includes(c));
}

/* ----------------------------------------------------------------------------
 * Identifiers and words
 * ------------------------------------------------------------------------- */

// Identifier is declared before the keywords only so that they can name it as `longer_alt`
// (`modelSize` is one identifier, not `model` + `Size`); in the lexer it comes after them.
export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [AnyWord, ...junkExcept(BodyJunk, TrainJunk)],
});

/** Reserved words, in the order of docs/grammar.md. Each is its own token type. */
export const keywords: Record<string, TokenType> = {};

// Words that start a top-level declaration: never junk at the top level or inside bodies (a
// misplaced `train` inside a model is parsed as a declaration and reported by to-ast.ts).
const DECL_WORDS = new Set(["import", "const", "block", "model", "train", "grow"]);
// Words that start a statement of a body.
const STMT_WORDS = new Set([
  "residual",
  "parallel",
  "moe",
  "repeat",
  "if",
  "share",
  "return",
  "input",
  "embed",
  "norm",
  "head",
]);

function keyword(word: string, ...extra: TokenType[]): TokenType {
  // `else` is not body junk: a body parses a stray `else { … }` whole (see parser.ts strayElse).
  const categories = DECL_WORDS.has(word)
    ? []
    : STMT_WORDS.has(word) || word === "else"
      ? junkExcept(BodyJunk)
      : word === "at"
        ? junkExcept(GrowJunk)
        : junkExcept();
  const t = createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [AnyWord, ...extra, ...categories],
  });
  keywords[word] = t;
  return t;
}

export const Import = keyword("import");
export const As = keyword("as");
export const Const = keyword("const");
export const Block = keyword("block");
export const Model = keyword("model");
export const Train = keyword("train");
export const Grow = keyword("grow");
export const Residual = keyword("residual");
export const Parallel = keyword("parallel");
export const Moe = keyword("moe");
export const Repeat = keyword("repeat");
export const With = keyword("with");
export const If = keyword("if");
export const Then = keyword("then");
export const Else = keyword("else");
export const Share = keyword("share");
export const Return = keyword("return");
export const True = keyword("true");
export const False = keyword("false");
export const And = keyword("and", BinaryOp);
export const Or = keyword("or", BinaryOp);
export const Not = keyword("not");
export const At = keyword("at");
export const Every = keyword("every");
export const Input = keyword("input");
export const Embed = keyword("embed");
export const Norm = keyword("norm");
export const Head = keyword("head");

/** The reserved words, for messages ("`model` is a reserved word"). */
export const RESERVED_WORDS: readonly string[] = Object.keys(keywords);
/** Words that may begin a top-level declaration, for "did you mean" at the top level. */
export const DECL_KEYWORDS: readonly string[] = [...DECL_WORDS];

// Contextual words are Identifiers (category) so `steps 2000` or a parameter named `step` works,
// yet the grammar can demand exactly `steps` where an interval ends.
function contextual(word: string): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1) + "Word",
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Identifier],
  });
}
// `steps` before `step`: `step` matches a prefix of "steps" and its longer_alt would then make it an
// Identifier, not the StepsWord that `every 100 steps` demands.
export const StepsWord = contextual("steps");
export const StepWord = contextual("step");
export const ByWord = contextual("by");
export const MaskedWord = contextual("masked");
export const OverWord = contextual("over");
export const DwaWord = contextual("dwa");
// `repeat … with layerskip(…)` and `repeat … with exits(…)` (docs/language.md, "More constructs").
export const LayerskipWord = contextual("layerskip");
export const ExitsWord = contextual("exits");
export const ScalarMixWord = contextual("scalar_mix");
export const PmodWord = contextual("pmod");

/* ----------------------------------------------------------------------------
 * Literals
 * ------------------------------------------------------------------------- */

// A number is one greedy "number-like" run (see literals.ts numberEnd), so that bad literals
// (`1.2.3`, `3e`, `0x`, `12ab`) are one token, which to-ast.ts validates with a precise message.
const matchNumber: CustomPatternMatcherFunc = (text, offset) => {
  const end = numberEnd(text, offset);
  return end < 0 ? null : [text.slice(offset, end)];
};

export const NumberLit = createToken({
  name: "NumberLit",
  pattern: { exec: matchNumber },
  start_chars_hint: [".", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  line_breaks: false,
  categories: junkExcept(),
});

export const StringLit = createToken({
  name: "StringLit",
  pattern: new RegExp(`"(?:[^"\\\\${LINE_END_CLASS}]|\\\\${notLineEnd})*"`),
  categories: junkExcept(),
});

/* ----------------------------------------------------------------------------
 * Trivia and lexical errors
 * ------------------------------------------------------------------------- */

export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: new RegExp(`[ \\t\\f\\v\\uFEFF${LINE_END_CLASS}]+`),
  line_breaks: true,
  group: Lexer.SKIPPED,
});
export const LineComment = createToken({
  name: "LineComment",
  pattern: new RegExp(`//${notLineEnd}*`),
  group: "comments",
});
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: "comments",
  line_breaks: true,
});
// An unclosed comment runs to the end of the file: kept out of the parser's way (group "errors").
export const UnterminatedBlockComment = createToken({
  name: "UnterminatedBlockComment",
  pattern: /\/\*[\s\S]*/,
  group: "errors",
  line_breaks: true,
});
// An unclosed string is still a string to the parser (category StringLit), so the rest of the
// line parses normally and the only error is the lexical one that parse-errors.ts reports.
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: new RegExp(`"(?:[^"\\\\${LINE_END_CLASS}]|\\\\${notLineEnd})*\\\\?`),
  categories: [StringLit],
});

/* ----------------------------------------------------------------------------
 * Punctuation and operators
 * ------------------------------------------------------------------------- */

const punct = (name: string, pattern: RegExp): TokenType =>
  createToken({ name, pattern, categories: junkExcept() });
const binary = (name: string, pattern: RegExp): TokenType =>
  createToken({ name, pattern, categories: [BinaryOp, ...junkExcept()] });

export const LCurly = punct("LCurly", /\{/);
// `}` is junk only at the top level (a stray closer); `;` separates declarations and statements.
export const RCurly = createToken({ name: "RCurly", pattern: /\}/, categories: [DeclJunk] });
export const Semicolon = createToken({ name: "Semicolon", pattern: /;/ });
export const LParen = punct("LParen", /\(/);
export const RParen = punct("RParen", /\)/);
export const LBracket = punct("LBracket", /\[/);
export const RBracket = punct("RBracket", /\]/);
export const Comma = punct("Comma", /,/);
export const Colon = punct("Colon", /:/);
export const Dot = punct("Dot", /\./);
export const Arrow = punct("Arrow", /->/);
export const Pipe = punct("Pipe", /\|/);
export const EqEq = binary("EqEq", /==/);
export const NotEq = binary("NotEq", /!=/);
export const LtEq = binary("LtEq", /<=/);
export const GtEq = binary("GtEq", />=/);
export const Lt = binary("Lt", /</);
export const Gt = binary("Gt", />/);
export const Equals = punct("Equals", /=/);
export const Plus = binary("Plus", /\+/);
export const Minus = binary("Minus", /-/);
export const StarStar = binary("StarStar", /\*\*/);
export const Star = binary("Star", /\*/);
export const Slash = binary("Slash", /\//);
export const Percent = binary("Percent", /%/);

/**
 * Lexer order matters where one token is a prefix of another: comments before `/` (and `//` is
 * always a comment, so floor division is spelled `floor(a / b)`); `/*…*\/` before the unterminated
 * form; a closed string before the unterminated form; `->` before `-`; `==`, `<=`, `>=`, `!=`
 * before `=`, `<`, `>`; `**` before `*`; numbers before `.` (so `.5` is a number); keywords and
 * contextual words before Identifier (with `longer_alt` so `inputs` stays one identifier).
 */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  StringLit,
  UnterminatedString,
  NumberLit,
  Arrow,
  EqEq,
  NotEq,
  LtEq,
  GtEq,
  StarStar,
  LCurly,
  RCurly,
  Semicolon,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Dot,
  Pipe,
  Lt,
  Gt,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  ...Object.values(keywords),
  StepsWord,
  StepWord,
  ByWord,
  MaskedWord,
  OverWord,
  DwaWord,
  LayerskipWord,
  ExitsWord,
  ScalarMixWord,
  PmodWord,
  Identifier,
  DeclJunk,
  BodyJunk,
  TrainJunk,
  GrowJunk,
  AnyWord,
  BinaryOp,
];

/**
 * Chevrotain's lexer for this table (one per process: chevrotain analyses the token table once, at
 * construction). Positions are tracked in full because spans and the parser's node locations
 * need each token's `endOffset`, which only "full" tokens carry; lines and columns come with it.
 */
export const archLexer: Lexer = new Lexer(allTokens, {
  ensureOptimizations: true,
  positionTracking: "full",
  lineTerminatorsPattern: new RegExp(LINE_END.source, "g"),
  lineTerminatorCharacters: ["\n", "\r", "\u2028", "\u2029"],
});
