// Shapes as people read them, `[B, T, 256]`: one formatter for codegen comments, the report and the picture.
import type { Dim } from "./types.ts";

export function formatDim(d: Dim): string {
  return typeof d === "number" ? String(d) : d.sym;
}

export function formatShape(shape: readonly Dim[]): string {
  return `[${shape.map(formatDim).join(", ")}]`;
}
