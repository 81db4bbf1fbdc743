// Top-level declaration printing for the formatter: imports, constants, blocks, models, train and
// grow sections, with a blank line between declarations (consecutive imports or constants keep
// the user's grouping).
import type { Decl, GrowEvent, ImportDecl, Param, Setting } from "../ast.ts";
import { printExpr, printTypeRef, quote } from "./expr.ts";
import type { ItemPrinter, Printer } from "./printer.ts";
import { stmtPrinter } from "./stmt.ts";

/** Whether a blank line must separate two consecutive declarations. */
export function needsBlank(prev: Decl, next: Decl): boolean {
  const oneLiner = (d: Decl): boolean => d.kind === "import" || d.kind === "const";
  return prev.kind !== next.kind || !oneLiner(next);
}

function importText(d: ImportDecl): string {
  const from =
    d.from.kind === "string" ? quote(d.from.value) : d.from.parts.map((p) => p.name).join(".");
  const names = d.names.map((n) =>
    n.alias === undefined ? n.name.name : `${n.name.name} as ${n.alias.name}`,
  );
  return `import ${from}.{${names.join(", ")}}`;
}

function paramText(p: Param): string {
  const def = p.default === undefined ? "" : ` = ${printExpr(p.default)}`;
  return `${p.name.name}: ${printTypeRef(p.type)}${def}`;
}

function settingText(s: Setting): string {
  const v =
    s.value.kind === "every" ? `every ${printExpr(s.value.count)} steps` : printExpr(s.value);
  return `${s.key.name} ${v}`;
}

function eventText(e: GrowEvent): string {
  let s = `at step ${printExpr(e.step)}: ${e.target.name} ${printExpr(e.from)} -> ${printExpr(e.to)}`;
  if (e.method !== undefined) s += ` by ${e.method.name}`;
  if (e.maskedOver !== undefined) s += ` masked over ${printExpr(e.maskedOver)} steps`;
  return s;
}

/** Items of a train or grow section: one per line, never kept on the header line. */
function linePrinter<T extends Setting | GrowEvent>(
  p: Printer,
  text: (item: T) => string,
): ItemPrinter<T> {
  return { print: (item, next) => p.simple(item, text(item), next) };
}

/** Print one declaration; `next` is where the next one starts, `blank` forces a blank line above. */
export function printDecl(p: Printer, d: Decl, next: number, blank: boolean): void {
  let close: number;
  switch (d.kind) {
    case "import":
      p.simple(d, importText(d), next, blank);
      return;
    case "const": {
      const type = d.type === undefined ? "" : `: ${printTypeRef(d.type)}`;
      p.simple(d, `const ${d.name.name}${type} = ${printExpr(d.value)}`, next, blank);
      return;
    }
    case "block": {
      const lastParam = d.params[d.params.length - 1];
      const open = p.openBrace(lastParam?.span.end ?? d.name.span.end);
      p.leading(d.span.start, open, blank);
      const header = `block ${d.name.name}(${d.params.map(paramText).join(", ")})`;
      close = p.body(header, open, d.body, stmtPrinter(p));
      break;
    }
    case "model": {
      const open = p.openBrace(d.name.span.end);
      p.leading(d.span.start, open, blank);
      close = p.body(`model ${d.name.name}`, open, d.body, stmtPrinter(p));
      break;
    }
    case "train": {
      const open = p.openBrace(d.model.span.end);
      p.leading(d.span.start, open, blank);
      close = p.body(`train ${d.model.name}`, open, d.settings, linePrinter(p, settingText));
      break;
    }
    case "grow": {
      const open = p.openBrace(d.model.span.end);
      p.leading(d.span.start, open, blank);
      close = p.body(`grow ${d.model.name}`, open, d.events, linePrinter(p, eventText));
      break;
    }
  }
  p.trailing(close + 1, next);
}
