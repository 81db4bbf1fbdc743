// Emitter `add`: `add(a, b)` (residual connections).
import { binary } from "./elementwise.ts";

export const add = binary<"add">("add");
