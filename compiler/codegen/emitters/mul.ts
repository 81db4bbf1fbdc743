// Emitter `mul`: `mul(a, b)` (gated units such as SwiGLU).
import { binary } from "./elementwise.ts";

export const mul = binary<"mul">("mul");
