import { useBackend } from "./backends.ts";
import { enableWasmMatmul } from "../runtime/kernels/wasm-matmul.ts";
import { createGpt, makeTrainer, randomBatch, DEFAULT_GPT } from "./hand-written/gpt.ts";
await useBackend("cpu-fast");
await enableWasmMatmul();
const gpt = createGpt(DEFAULT_GPT);
const tr = makeTrainer(gpt);
const { x, y } = randomBatch(DEFAULT_GPT);
for (let i = 0; i < 12; i++) tr.step(x, y);
