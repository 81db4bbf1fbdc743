// The shape rule shared by the binary element-wise ops (add, sub, mul): equal shapes in, same out.
import { fail, ok, sameShape, showShape, type ShapeResult } from "./op-def.ts";
import type { Shape } from "../types.ts";

export function equalShapes(op: string, [a, b]: readonly Shape[]): ShapeResult {
  if (a === undefined || b === undefined) return fail(`${op}: needs two inputs`);
  return sameShape(a, b)
    ? ok(a)
    : fail(`${op} needs equal shapes, gets ${showShape(a)} and ${showShape(b)}`);
}
