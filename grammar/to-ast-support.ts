// Shared helpers of the CST → AST conversion: the conversion context, spans from (possibly
// recovered, partial) CST nodes and tokens, and placeholders for parts that recovery left out.
import type { CstElement, CstNode, IToken } from "chevrotain";
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

/** The first element of an optional CST child list (recovered nodes may lack "required" ones). */
export const first = <T>(xs: readonly T[] | undefined): T | undefined => xs?.[0];

const isToken = (e: CstElement): e is IToken => "image" in e;

/** Offsets [start, end) of a token or node, or undefined when it has no real text. */
function range(e: CstElement | undefined): [number, number] | undefined {
  if (e === undefined) return undefined;
  if (isToken(e))
    return isReal(e) ? [e.startOffset, (e.endOffset ?? e.startOffset) + 1] : undefined;
  const loc = e.location;
  if (
    loc !== undefined &&
    ok(loc.startOffset) &&
    ok(loc.endOffset) &&
    loc.endOffset >= loc.startOffset
  ) {
    return [loc.startOffset, loc.endOffset + 1];
  }
  return undefined;
}

/** A span covering the given tokens/nodes; `at` (an offset) when none has a position. */
export function spanOf(cx: AstContext, at: number, ...parts: (CstElement | undefined)[]): Span {
  let start = Infinity;
  let end = -Infinity;
  for (const p of parts) {
    const r = range(p);
    if (r === undefined) continue;
    if (r[0] < start) start = r[0];
    if (r[1] > end) end = r[1];
  }
  if (start === Infinity) return clampSpan(cx, at, at);
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
  return range(e)?.[1] ?? fallback;
}

/** The start offset of a node or token. */
export function startOf(e: CstElement | undefined, fallback: number): number {
  return range(e)?.[0] ?? fallback;
}

/** An identifier from a token; a placeholder with an empty name when recovery left it out. */
export function identOf(cx: AstContext, t: IToken | undefined, at: number): Ident {
  if (isReal(t)) return { kind: "ident", name: t.image, span: spanOf(cx, at, t) };
  return { kind: "ident", name: "", span: clampSpan(cx, at, at) };
}

/** All tokens directly under a node whose child key is one of `keys`, in source order. */
export function tokensOf(node: CstNode, keys: readonly string[]): IToken[] {
  const out: IToken[] = [];
  for (const k of keys) {
    for (const e of node.children[k] ?? []) if (isToken(e) && isReal(e)) out.push(e);
  }
  return out.sort((a, b) => a.startOffset - b.startOffset);
}
