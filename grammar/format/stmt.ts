// Statement printing for the formatter: one statement per line; bodies in braces, kept on the
// header line only when they hold a single simple statement that the user wrote on one line.
import type { Arg, IfStmt, Stmt } from "../ast.ts";
import { InternalCompilerError } from "../core/diagnostic.ts";
import { printArgs, printExpr, printTensorType } from "./expr.ts";
import type { ItemPrinter, Printer } from "./printer.ts";

/** The text of a statement that has no body, or undefined for one that has. */
export function simpleText(s: Stmt): string | undefined {
  switch (s.kind) {
    case "layer":
      return printExpr(s.expr);
    case "assign":
      return `${s.name.name} = ${printExpr(s.value)}`;
    case "return":
      return `return ${printExpr(s.value)}`;
    case "share":
      return `share ${s.name.name} = ${printExpr(s.value)}`;
    case "input":
      return `input ${s.name.name}: ${printTensorType(s.type)}`;
    case "embed":
    case "norm":
    case "head":
      return `${s.kind} ${printExpr(s.value)}`;
    default:
      return undefined;
  }
}

/** Statements that may stay on their parent's line: `residual(pre, layernorm) { MLP(d, 4 * d) }`. */
const INLINE_KINDS: ReadonlySet<Stmt["kind"]> = new Set(["layer", "assign", "return"]);

/** How every body of statements prints its items. */
export function stmtPrinter(p: Printer): ItemPrinter<Stmt> {
  return {
    print: (s, next) => printStmt(p, s, next),
    inline: (s) => (INLINE_KINDS.has(s.kind) ? simpleText(s) : undefined),
  };
}

/** Where a header's last argument ends (the `{` follows), or `from` when there are none. */
function afterArgs(args: readonly Arg[], from: number): number {
  return args[args.length - 1]?.span.end ?? from;
}

/** Print one statement (with its comments) followed by what starts at `next`. */
export function printStmt(p: Printer, s: Stmt, next: number): void {
  const simple = simpleText(s);
  if (simple !== undefined) {
    p.simple(s, simple, next);
    return;
  }
  let header: string;
  let headerEnd: number;
  let body: readonly Stmt[];
  switch (s.kind) {
    case "residual":
    case "moe":
      header = `${s.kind}(${printArgs(s.args)})`;
      headerEnd = afterArgs(s.args, s.span.start + s.kind.length);
      body = s.body;
      break;
    case "parallel":
      header = s.args.length === 0 ? "parallel" : `parallel(${printArgs(s.args)})`;
      headerEnd = afterArgs(s.args, s.span.start + "parallel".length);
      body = s.branches;
      break;
    case "repeat": {
      header = `repeat ${printExpr(s.count)}`;
      headerEnd = s.count.span.end;
      if (s.index !== undefined) {
        header += ` as ${s.index.name}`;
        headerEnd = s.index.span.end;
      }
      if (s.dwa !== undefined) {
        header += ` with dwa(${printArgs(s.dwa.args)})`;
        headerEnd = s.dwa.span.end;
      }
      if (s.exits !== undefined) {
        header += ` with ${s.exits.kind}(${printArgs(s.exits.args)})`;
        headerEnd = s.exits.span.end;
      }
      if (s.pmod !== undefined) {
        header += ` with pmod(${printArgs(s.pmod.args)})`;
        headerEnd = s.pmod.span.end;
      }
      if (s.scalarMix !== undefined) {
        header += " with scalar_mix";
        headerEnd = s.scalarMix.span.end;
      }
      body = s.body;
      break;
    }
    case "if":
      printIf(p, s, next);
      return;
    default:
      throw new InternalCompilerError(`formatter: unexpected statement kind ${s.kind}`);
  }
  const open = p.openBrace(headerEnd);
  p.leading(s.span.start, open);
  const close = p.body(header, open, body, stmtPrinter(p));
  p.trailing(close + 1, next);
}

/** `if a { … } else if b { … } else { … }`, the chain continuing on each closing line. */
function printIf(p: Printer, s: IfStmt, next: number): void {
  const open = p.openBrace(s.test.span.end);
  p.leading(s.span.start, open);
  let close = p.body(`if ${printExpr(s.test)}`, open, s.then, stmtPrinter(p));
  let rest = s.else;
  while (rest !== undefined) {
    if (Array.isArray(rest)) {
      const elseOpen = p.openBrace(close + 1);
      const extra = p.comments.takeBefore(elseOpen);
      close = p.body("else", elseOpen, rest as readonly Stmt[], stmtPrinter(p), {
        append: true,
        extra,
      });
      rest = undefined;
    } else {
      const elif = rest as IfStmt;
      const elifOpen = p.openBrace(elif.test.span.end);
      const extra = p.comments.takeBefore(elifOpen);
      const header = `else if ${printExpr(elif.test)}`;
      close = p.body(header, elifOpen, elif.then, stmtPrinter(p), { append: true, extra });
      rest = elif.else;
    }
  }
  p.trailing(close + 1, next);
}
