// The lowering's view of the diagnostic bag: drops exact repeats (an error inside a block that is
// instantiated 12 times is reported once) and repeats of one message through one call of a library
// block, and points errors inside library blocks at the user's call.
import type { Diagnostic, DiagnosticBag, RelatedInfo } from "../../grammar/core/diagnostic.ts";
import type { Span } from "../../grammar/core/source.ts";

/** The block calls around the code being lowered, outermost first (for "used here" notes). */
export type CallPath = readonly {
  readonly block: string;
  readonly instance: string;
  readonly call: Span;
}[];

export class Reporter {
  private readonly seen = new Set<string>();

  constructor(readonly bag: DiagnosticBag) {}

  /**
   * Adds a diagnostic unless the same code, span and message were already reported, or (inside a
   * library block) the same code and message for the same call of the user's: one wrong argument
   * seen twice in the block (`d / heads` for k and for v) is one mistake, reported once.
   */
  report(d: Diagnostic, path: CallPath = []): void {
    const key = `${d.code}|${d.span.file}|${d.span.start}|${d.span.end}|${d.message}`;
    const call = callSiteIn(d, path);
    const viaCall =
      call === undefined
        ? undefined
        : `${d.code}|${d.message}|${call.span.file}|${call.span.start}`;
    if (this.seen.has(key) || (viaCall !== undefined && this.seen.has(viaCall))) return;
    this.seen.add(key);
    if (viaCall !== undefined) this.seen.add(viaCall);
    const related: RelatedInfo[] = [...(d.related ?? [])];
    if (call !== undefined) related.push(call);
    this.bag.add(related.length > 0 ? { ...d, related } : d);
  }

  get hasErrors(): boolean {
    return this.bag.hasErrors;
  }
}

/**
 * For an error inside a block defined in another file (a stdlib block, maybe called from another
 * stdlib block), the innermost call site in the user's files: "in `CausalSelfAttention`, used here".
 */
function callSiteIn(d: Diagnostic, path: CallPath): RelatedInfo | undefined {
  const outside = path.filter((step) => step.call.file !== d.span.file);
  if (outside.length === 0) return undefined;
  const user = outside.filter((step) => !step.call.file.startsWith("stdlib/"));
  const step = (user.length > 0 ? user : outside)[(user.length > 0 ? user : outside).length - 1];
  return step === undefined
    ? undefined
    : { span: step.call, message: `in \`${step.block}\` (${step.instance}), used here` };
}
