// The shape of a catalog entry and the helper that turns entries into typed diagnostic factories.
import type { Diagnostic, RelatedInfo, Severity } from "../diagnostic.ts";
import type { Span } from "../source.ts";

/** One catalog entry: a stable code, a severity, and a message built from typed arguments. */
export interface MessageDef<A extends readonly unknown[]> {
  readonly code: `ARCH${number}`;
  readonly severity?: Severity;
  readonly message: (...args: A) => string;
  readonly hint?: (...args: A) => string | undefined;
}

/** Extra parts a call site may attach: a hint computed at the site and related locations. */
export interface DiagnosticExtras {
  readonly hint?: string | undefined;
  readonly related?: readonly RelatedInfo[];
}

export type Factory<A extends readonly unknown[]> = ((span: Span, ...args: A) => Diagnostic) & {
  readonly code: string;
  with: (extras: DiagnosticExtras) => (span: Span, ...args: A) => Diagnostic;
};

/** Build a factory per entry: `msgs.unknownName(span, "rmsnrom")` gives a Diagnostic; no call site writes text. */
export function defineMessages<T extends Record<string, MessageDef<never>>>(
  defs: T,
): { readonly [K in keyof T]: T[K] extends MessageDef<infer A> ? Factory<A> : never } {
  const out: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(defs)) {
    // Each entry is typed at the call sites (the factory types below); here any arguments go.
    const def = entry as unknown as MessageDef<unknown[]>;
    const build =
      (extras: DiagnosticExtras) =>
      (span: Span, ...args: unknown[]): Diagnostic => {
        const hint = extras.hint ?? def.hint?.(...args);
        return {
          code: def.code,
          severity: def.severity ?? "error",
          message: def.message(...args),
          span,
          ...(hint !== undefined ? { hint } : {}),
          ...(extras.related !== undefined && extras.related.length > 0
            ? { related: extras.related }
            : {}),
        };
      };
    const f = Object.assign(build({}), { code: def.code, with: build });
    out[name] = f;
  }
  return out as never;
}
