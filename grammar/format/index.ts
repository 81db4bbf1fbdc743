// The formatter's entry point: `formatModule(module, text)` prints the canonical form of a parsed
// file, keeping every comment in its place and integer/float literals as written.
// Canonical form: 2-space indent, one statement per line, `name: value` arguments, spaces around
// binary operators, a blank line between declarations (consecutive imports or constants keep the
// user's grouping), at most one blank line where the user had some, a trailing newline. A body that
// holds one simple statement stays on its header line if the user wrote it so and it fits.
import type { Module } from "../ast.ts";
import type { Diagnostic } from "../core/diagnostic.ts";
import { parse } from "../parse.ts";
import { needsBlank, printDecl } from "./decl.ts";
import { Printer } from "./printer.ts";

export { printExpr } from "./expr.ts";

/** The canonical text of a module parsed from `text` (which must have no syntax errors). */
export function formatModule(module: Module, text: string): string {
  const p = new Printer(text, module.comments);
  module.decls.forEach((d, k) => {
    const prev = module.decls[k - 1];
    const next = module.decls[k + 1]?.span.start ?? text.length;
    printDecl(p, d, next, prev !== undefined && needsBlank(prev, d));
  });
  return p.finish();
}

/** The result of formatting source text: the canonical text, or the syntax errors that prevent it. */
export type FormatResult =
  | { readonly ok: true; readonly text: string; readonly changed: boolean }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Parse and format `text`; a file with syntax errors is not formatted (its errors are returned). */
export function formatSource(text: string, file: string): FormatResult {
  const { module, diagnostics } = parse(text, file);
  if (diagnostics.some((d) => d.severity === "error")) return { ok: false, diagnostics };
  const out = formatModule(module, text);
  return { ok: true, text: out, changed: out !== text };
}
