// Plain-words descriptions of tokens for syntax messages: "the keyword `model`", "`)`", "the end of the file".
import { EOF, type IToken } from "chevrotain";
import { keywords } from "./tokens.ts";

const RESERVED = new Set(Object.keys(keywords));

const PUNCT: Record<string, string> = {
  LCurly: "{",
  RCurly: "}",
  Semicolon: ";",
  LParen: "(",
  RParen: ")",
  LBracket: "[",
  RBracket: "]",
  Comma: ",",
  Colon: ":",
  Dot: ".",
  Arrow: "->",
  Pipe: "|",
  EqEq: "==",
  NotEq: "!=",
  LtEq: "<=",
  GtEq: ">=",
  Lt: "<",
  Gt: ">",
  Equals: "=",
  Plus: "+",
  Minus: "-",
  StarStar: "**",
  Star: "*",
  Slash: "/",
  Percent: "%",
};

const shorten = (s: string): string => (s.length > 24 ? s.slice(0, 21) + "…" : s);

/** What the user wrote, in words. */
export function describeToken(t: IToken | undefined): string {
  if (t === undefined || t.tokenType === EOF || !Number.isFinite(t.startOffset))
    return "the end of the file";
  const name = t.tokenType.name;
  if (RESERVED.has(t.image) && name !== "Identifier") return `the keyword \`${t.image}\``;
  if (name === "NumberLit") return `the number \`${shorten(t.image)}\``;
  if (name === "StringLit") return `the string ${shorten(t.image)}`;
  if (PUNCT[name] !== undefined) return `\`${PUNCT[name]}\``;
  return `\`${shorten(t.image)}\``;
}

/** What the grammar wanted, in words. */
export function describeExpected(tokenName: string): string {
  if (tokenName === "Identifier") return "a name";
  if (tokenName === "AnyWord") return "a module name";
  if (tokenName === "NumberLit") return "a number";
  if (tokenName === "StringLit") return "a string";
  if (tokenName.endsWith("Word")) return `\`${tokenName.slice(0, -4).toLowerCase()}\``;
  const p = PUNCT[tokenName];
  if (p !== undefined) return `\`${p}\``;
  return `\`${tokenName.toLowerCase()}\``;
}

/** Whether a token is a reserved word. */
export const isReservedWord = (t: IToken): boolean =>
  RESERVED.has(t.image) && t.tokenType.name !== "Identifier";
