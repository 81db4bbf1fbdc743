// End to end on the wasm backend (what `auto` picks without tfjs-node): every example compiles and
// trains a few steps on a fixed batch with finite, falling losses, so no example relies on a kernel
// or gradient that wasm lacks (wasm has no gather gradient, for one).
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../runtime/backend.ts";
import { EXAMPLES } from "../codegen/support.ts";
import { SKIPPED, trainExample } from "./support.ts";

beforeAll(async () => {
  await selectBackend("wasm");
});

describe("examples train on wasm", () => {
  for (const file of EXAMPLES) {
    const skip = SKIPPED[file];
    it.skipIf(skip !== undefined)(
      `examples/${file}${skip !== undefined ? ` (skipped: ${skip})` : ""}`,
      async () => {
        const { losses } = await trainExample(file, "e2e-wasm", 4, 2, 12);
        expect(losses.every(Number.isFinite), `losses ${losses.join(", ")}`).toBe(true);
        expect(losses[losses.length - 1]!, `losses ${losses.join(", ")}`).toBeLessThan(losses[0]!);
      },
      180_000,
    );
  }
});
