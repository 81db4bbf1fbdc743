// The `.arch` lexer used by parse.ts: a hand-written scanner over character codes that yields
// exactly what chevrotain's lexer yields for the token table of tokens.ts (`archLexer`, the
// reference): the same token types, images and offsets, the same `comments` and `errors` groups
// and the same lexing errors. tests/grammar/lexer.test.ts compares the two on varied and broken
// input. It exists for speed: no regular expressions, and keyword and punctuation tokens share
// their image strings instead of each holding a fresh copy (fewer objects for the GC to copy).
// chevrotain still parses; only its lexer is replaced, and tokens.ts remains the token table.
import type { ILexingError, ILexingResult, IToken, TokenType } from "chevrotain";
import { numberEnd } from "./literals.ts";
import * as T from "./tokens.ts";

/** Character classes of the first 128 codes (anything above is whitespace U+FEFF or an error). */
const OTHER = 0; // starts no token (a lexing error), or `!` unless `!=`
const SPACE = 1;
const WORD = 2; // letters and `_`
const DIGIT = 3;
const PUNCT = 4; // every other character that starts a token

const CLASS = new Uint8Array(128);
for (const c of " \t\r\n\f\v") CLASS[c.charCodeAt(0)] = SPACE;
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) CLASS[c] = WORD;
  else if (/[0-9]/.test(ch)) CLASS[c] = DIGIT;
  else if ('/".-=!<>*{};()[],:|+%'.includes(ch)) CLASS[c] = PUNCT;
}
const BOM = 0xfeff;

const classOf = (c: number): number => (c < 128 ? CLASS[c]! : c === BOM ? SPACE : OTHER);
const isWordChar = (c: number): boolean => c < 128 && (CLASS[c] === WORD || CLASS[c] === DIGIT);

/** A token type with its `tokenTypeIdx` at hand (reading it off the type objects, which all
 * differ in shape, is a megamorphic load) and, for fixed text, the image its tokens share. */
interface Kind {
  readonly type: TokenType;
  readonly idx: number;
  readonly image: string;
}
const kind = (type: TokenType, image = ""): Kind => ({ type, idx: type.tokenTypeIdx!, image });

/** Reserved and contextual words. */
const WORDS = new Map<string, Kind>();
for (const [word, type] of Object.entries(T.keywords)) WORDS.set(word, kind(type, word));
for (const [word, type] of [
  ["steps", T.StepsWord],
  ["step", T.StepWord],
  ["by", T.ByWord],
  ["masked", T.MaskedWord],
  ["over", T.OverWord],
  ["dwa", T.DwaWord],
] as const)
  WORDS.set(word, kind(type, word));

/** Punctuation by first character code, longest first (`->` before `-`, as in tokens.ts). */
const PUNCTUATION: Kind[][] = [];
for (const [image, type] of [
  ["->", T.Arrow],
  ["==", T.EqEq],
  ["!=", T.NotEq],
  ["<=", T.LtEq],
  [">=", T.GtEq],
  ["**", T.StarStar],
  ["{", T.LCurly],
  ["}", T.RCurly],
  [";", T.Semicolon],
  ["(", T.LParen],
  [")", T.RParen],
  ["[", T.LBracket],
  ["]", T.RBracket],
  [",", T.Comma],
  [":", T.Colon],
  [".", T.Dot],
  ["|", T.Pipe],
  ["<", T.Lt],
  [">", T.Gt],
  ["=", T.Equals],
  ["+", T.Plus],
  ["-", T.Minus],
  ["*", T.Star],
  ["/", T.Slash],
  ["%", T.Percent],
] as const) {
  const c = image.charCodeAt(0);
  (PUNCTUATION[c] ??= []).push(kind(type, image));
}

const IDENTIFIER = kind(T.Identifier);
const NUMBER = kind(T.NumberLit);
const STRING = kind(T.StringLit);
const UNTERMINATED_STRING = kind(T.UnterminatedString);
const LINE_COMMENT = kind(T.LineComment);
const BLOCK_COMMENT = kind(T.BlockComment);
const UNTERMINATED_COMMENT = kind(T.UnterminatedBlockComment);

/** The same token object as tokens.ts OffsetLexer makes (offsets only, with endOffset). */
function token(image: string, startOffset: number, k: Kind): IToken {
  return {
    image,
    startOffset,
    endOffset: startOffset + image.length - 1,
    tokenTypeIdx: k.idx,
    tokenType: k.type,
  };
}

/** The punctuation token at `i`, or undefined (a lone `!`, or no punctuation at all). */
function punct(text: string, i: number, c: number): IToken | undefined {
  const candidates = PUNCTUATION[c];
  if (candidates === undefined) return undefined;
  for (const k of candidates)
    if (k.image.length === 1 || text.charCodeAt(i + 1) === k.image.charCodeAt(1))
      return token(k.image, i, k);
  return undefined;
}

/** The end of the string literal at `i` (a `"`), and whether it is closed on its line. */
function stringEnd(text: string, i: number): { end: number; closed: boolean } {
  let j = i + 1;
  for (;;) {
    const c = text.charCodeAt(j);
    if (c === 34) return { end: j + 1, closed: true };
    if (c === 92) {
      const next = text.charCodeAt(j + 1);
      // A `\` before a line break or the end is the unterminated string's last character.
      if (next === 10 || next === 13 || j + 1 >= text.length) return { end: j + 1, closed: false };
      j += 2;
    } else if (c === 10 || c === 13 || j >= text.length) return { end: j, closed: false };
    else j++;
  }
}

/** Whether some token (whitespace included) starts at `i`: where a run of bad characters ends. */
function startsToken(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const cls = classOf(c);
  return cls !== OTHER && (c !== 33 || text.charCodeAt(i + 1) === 61);
}

/** Tokenize `text` as chevrotain's lexer would with tokens.ts's table (`archLexer.tokenize`). */
export function tokenize(text: string): ILexingResult {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const unclosed: IToken[] = [];
  const errors: ILexingError[] = [];
  const len = text.length;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    const cls = classOf(c);
    if (cls === WORD) {
      let j = i + 1;
      while (isWordChar(text.charCodeAt(j))) j++;
      const image = text.slice(i, j);
      const word = WORDS.get(image);
      tokens.push(word === undefined ? token(image, i, IDENTIFIER) : token(word.image, i, word));
      i = j;
    } else if (cls === SPACE) {
      i++;
      while (i < len && classOf(text.charCodeAt(i)) === SPACE) i++;
    } else if (cls === DIGIT || (c === 46 && numberEnd(text, i) > 0)) {
      const j = numberEnd(text, i);
      tokens.push(token(text.slice(i, j), i, NUMBER));
      i = j;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      let j = i + 2;
      while (j < len && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
      comments.push(token(text.slice(i, j), i, LINE_COMMENT));
      i = j;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf("*/", i + 2);
      const j = close < 0 ? len : close + 2;
      if (close < 0) unclosed.push(token(text.slice(i), i, UNTERMINATED_COMMENT));
      else comments.push(token(text.slice(i, j), i, BLOCK_COMMENT));
      i = j;
    } else if (c === 34) {
      const { end, closed } = stringEnd(text, i);
      tokens.push(token(text.slice(i, end), i, closed ? STRING : UNTERMINATED_STRING));
      i = end;
    } else {
      const t = cls === PUNCT ? punct(text, i, c) : undefined;
      if (t !== undefined) {
        tokens.push(t);
        i = t.endOffset! + 1;
        continue;
      }
      // Characters that start no token: one error for the run, as chevrotain reports it.
      let j = i + 1;
      while (j < len && !startsToken(text, j)) j++;
      errors.push({
        offset: i,
        line: undefined,
        column: undefined,
        length: j - i,
        message: `unexpected character: ->${text.charAt(i)}<- at offset: ${i}, skipped ${j - i} characters.`,
      });
      i = j;
    }
  }
  return { tokens, groups: { comments, errors: unclosed }, errors };
}
