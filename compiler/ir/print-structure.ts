// Text form of a graph's structure (structure.ts), after its nodes in `archc ir` and the IR goldens:
// one scope per line, indented by depth, with its attributes, its node range and its source:
//   structure
//     model[name=GPT,stage=0] %0..%57  @ examples/gpt.arch:19:1
//       repeat[count=4,index=i] %4..%53  @ examples/gpt.arch:22:3
//         iteration[index=0,instance=blocks.0] %4..%15  @ examples/gpt.arch:23:5
import { printAttrs, printSpan, type PrintOptions } from "./print.ts";
import { childScopes, scopeSpec, type StructureScope } from "./structure.ts";
import { subtreeRanges } from "./verify-structure.ts";
import type { Graph } from "./types.ts";

/** The `structure` section's lines (none for a graph without scopes). */
export function printStructure(g: Graph, opts: PrintOptions): string[] {
  if (g.structure.length === 0) return [];
  const kids = childScopes(g.structure);
  const ranges = subtreeRanges(g);
  const lines = ["structure"];
  const walk = (s: StructureScope, depth: number): void => {
    const { kind, span, ...attrs } = scopeSpec(s);
    const r = ranges.get(s.id);
    const nodes =
      r === undefined
        ? "(no nodes)"
        : r.first === r.last
          ? `%${r.first}`
          : `%${r.first}..%${r.last}`;
    lines.push(
      `${"  ".repeat(depth + 1)}${kind}${printAttrs(flatten(attrs))} ${nodes}  @ ${printSpan(span, opts)}`,
    );
    for (const c of kids.get(s.id) ?? []) walk(c, depth + 1);
  };
  walk(g.structure[0]!, 0);
  return lines;
}

/** Nested attribute objects (`dwa`, `args`) as `key.sub=value`. */
function flatten(attrs: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === "object" && v !== null && !Array.isArray(v))
      Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = v;
  }
  return out;
}
