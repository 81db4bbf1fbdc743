// Spans: every AST node of every example carries a span of its file inside the text, and the spans
// of names, literals and statements cover exactly their source text.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/parse.ts";
import { allNodes, blockBody, parseOk } from "./helpers.ts";
import { archFiles } from "../property/arch-files.ts";

describe("spans", () => {
  it.each(archFiles().slice(0, 40))("every node of %s has a span within the text", (path) => {
    const text = readFileSync(path, "utf8");
    const { module } = parse(text, path);
    const nodes = allNodes(module);
    expect(nodes.length).toBeGreaterThan(1);
    for (const n of nodes) {
      expect(n.span, `${n.kind} has a span`).toBeDefined();
      if (n.span === undefined) continue;
      expect(n.span.file).toBe(path);
      expect(n.span.start).toBeGreaterThanOrEqual(0);
      expect(n.span.end).toBeGreaterThanOrEqual(n.span.start);
      expect(n.span.end).toBeLessThanOrEqual(text.length);
    }
  });

  it("covers exactly the source text of names, literals, expressions and statements", () => {
    const text =
      "block B(d: int = 2) {\n  residual(pre) { MLP(d, act: gelu) }\n  h = Linear(d, d)(x) ** 2\n}";
    const m = parseOk(text);
    const slice = (s: { start: number; end: number }): string => text.slice(s.start, s.end);
    const b = m.decls[0];
    if (b?.kind !== "block") throw new Error("block expected");
    expect(slice(b.span)).toBe(text);
    expect(slice(b.params[0]!.span)).toBe("d: int = 2");
    expect(slice(b.params[0]!.type.span)).toBe("int");
    expect(slice(b.body[0]!.span)).toBe("residual(pre) { MLP(d, act: gelu) }");
    const h = b.body[1];
    if (h?.kind !== "assign") throw new Error("assign expected");
    expect(slice(h.span)).toBe("h = Linear(d, d)(x) ** 2");
    expect(slice(h.value.span)).toBe("Linear(d, d)(x) ** 2");
    if (h.value.kind !== "binary" || h.value.left.kind !== "apply")
      throw new Error("apply expected");
    expect(slice(h.value.left.fn.span)).toBe("Linear(d, d)");
    expect(slice(h.value.left.inputs[0]!.span)).toBe("x");
  });

  it("gives statement spans in nested bodies", () => {
    const [r] = blockBody("repeat n as i { if i > 0 { A } else { B } }");
    if (r?.kind !== "repeat") throw new Error("repeat expected");
    expect(r.body[0]?.span.end).toBeGreaterThan(r.body[0]?.span.start ?? Infinity);
  });
});
