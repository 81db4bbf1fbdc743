import { useBackend } from "./backends.ts";
import { enableWasmMatmul } from "../runtime/kernels/wasm-matmul.ts";
import { createGpt, makeTrainer, randomBatch, DEFAULT_GPT } from "./hand-written/gpt.ts";
import { timeIt } from "./types.ts";
await useBackend("cpu-fast");
if (process.argv[2] === "wasmmm") await enableWasmMatmul();
const gpt = createGpt(DEFAULT_GPT);
const tr = makeTrainer(gpt);
const { x, y } = randomBatch(DEFAULT_GPT);
for (let i = 0; i < 3; i++) tr.step(x, y);
const ts: number[] = [];
for (let r = 0; r < 4; r++)
  ts.push(
    (timeIt(() => {
      for (let i = 0; i < 2; i++) tr.step(x, y);
    }).cpu /
      2) *
      1000,
  );
console.log(process.argv.slice(2).join(" "), "step cpu ms", ts.map((t) => t.toFixed(0)).join(" "));
