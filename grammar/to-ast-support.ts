// Shared helpers of the CST → AST conversion: the conversion context, spans from (possibly
// recovered, partial) CST nodes and tokens, and placeholders for parts that recovery left out.
import type { CstElement, IToken } from "chevrotain";
import type { Ident } from "./ast.ts";
import type { Diagnostic } from "./core/diagnostic.ts";
import type { Span } from "./core/source.ts";

export interface AstContext {
  readonly file: string;
  readonly text: string;
  readonly diags: Diagnostic[];
}

const ok = (n: number | undefined): n is number => typeof n === "number" && Number.isFinite(n);

/** Whether a token is real text (recovery inserts virtual tokens with no position). */
export const isReal = (t: IToken | undefined): t is IToken =>
  t !== undefined && t.isInsertedInRecovery !== true && ok(t.startOffset);

/** An empty list for an absent CST child list: `c.X ?? NONE` allocates no array per read. */
export const NONE: readonly never[] = [];

/** The first element of an optional CST child list (recovered nodes may lack "required" ones). */
export const first = <T>(xs: readonly T[] | undefined): T | undefined => xs?.[0];

const isToken = (e: CstElement): e is IToken => "image" in e;

// Start and end offsets without allocating: these run for every AST node. A CST node that covers
// no real text (recovery) has no finite offsets (chevrotain leaves them NaN).

/** Start offset of a token or node with real text, else NaN. */
function startRaw(e: CstElement | undefined): number {
  if (e === undefined) return NaN;
  if (isToken(e)) return e.isInsertedInRecovery === true ? NaN : e.startOffset;
  const loc = e.location;
  return loc !== undefined && ok(loc.endOffset) && loc.endOffset >= loc.startOffset
    ? loc.startOffset
    : NaN;
}

/** End offset (exclusive) of a token or node with real text, else NaN. */
function endRaw(e: CstElement | undefined): number {
  if (e === undefined) return NaN;
  if (isToken(e)) {
    return e.isInsertedInRecovery === true ? NaN : (e.endOffset ?? e.startOffset) + 1;
  }
  const loc = e.location;
  return loc !== undefined &&
    ok(loc.startOffset) &&
    ok(loc.endOffset) &&
    loc.endOffset >= loc.startOffset
    ? loc.endOffset + 1
    : NaN;
}

/** A span covering one or two tokens/nodes; `at` (an offset) when neither has a position. */
export function spanOf(
  cx: AstContext,
  at: number,
  a: CstElement | undefined,
  b?: CstElement | undefined,
): Span {
  const s1 = startRaw(a);
  const s2 = startRaw(b);
  const start = ok(s1) ? (ok(s2) ? Math.min(s1, s2) : s1) : s2;
  if (!ok(start)) return clampSpan(cx, at, at);
  const e1 = endRaw(a);
  const e2 = endRaw(b);
  const end = ok(e1) ? (ok(e2) ? Math.max(e1, e2) : e1) : ok(e2) ? e2 : start;
  return clampSpan(cx, start, end);
}

/** A span within [0, text.length]. */
export function clampSpan(cx: AstContext, start: number, end: number): Span {
  const len = cx.text.length;
  const s = Math.max(0, Math.min(ok(start) ? start : len, len));
  const e = Math.max(s, Math.min(ok(end) ? end : s, len));
  return { file: cx.file, start: s, end: e };
}

/** The offset just past a node or token (for placeholders after it). */
export function endOf(e: CstElement | undefined, fallback: number): number {
  const n = endRaw(e);
  return ok(n) ? n : fallback;
}

/** The start offset of a node or token. */
export function startOf(e: CstElement | undefined, fallback: number): number {
  const n = startRaw(e);
  return ok(n) ? n : fallback;
}

/** A placeholder for a name or expression that recovery left out (an empty name, zero width). */
export function missing(cx: AstContext, at: number): Ident {
  return { kind: "ident", name: "", span: clampSpan(cx, at, at) };
}

/** An identifier from a token; a placeholder with an empty name when recovery left it out. */
export function identOf(cx: AstContext, t: IToken | undefined, at: number): Ident {
  if (isReal(t)) return { kind: "ident", name: t.image, span: tokenSpan(cx, t) };
  return missing(cx, at);
}

/** The span of a real token (one from the lexer, hence inside the text). */
export function tokenSpan(cx: AstContext, t: IToken): Span {
  return { file: cx.file, start: t.startOffset, end: t.startOffset + t.image.length };
}
