// JSON form of a graph: `{"version": 2, …}` exactly as the plain data, so fromJson(toJson(g)) ≡ g.
import { InternalCompilerError } from "../../grammar/core/diagnostic.ts";
import { verifyGraph } from "./verify.ts";
import type { Graph } from "./types.ts";

/** Serialises a graph (keys in the order the IR declares them; no whitespace unless `pretty`). */
export function toJson(g: Graph, pretty = false): string {
  return JSON.stringify(g, undefined, pretty ? 2 : undefined);
}

/** Parses and verifies a graph written by toJson; throws on another version or a broken graph. */
export function fromJson(text: string): Graph {
  const data = JSON.parse(text) as { version?: unknown; nodes?: unknown };
  if (data.version !== 2)
    throw new InternalCompilerError(
      `IR JSON version ${String(data.version)} is not supported (expected 2)`,
    );
  if (!Array.isArray(data.nodes)) throw new InternalCompilerError("IR JSON has no nodes");
  const g = data as unknown as Graph;
  const errs = verifyGraph(g);
  if (errs.length > 0)
    throw new InternalCompilerError(
      `IR JSON does not verify:\n  ${errs.slice(0, 10).join("\n  ")}`,
    );
  return g;
}
