// Emitter `sub`: `sub(a, b)`.
import { binary } from "./elementwise.ts";

export const sub = binary<"sub">("sub");
