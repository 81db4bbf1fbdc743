// A small training program for the kill/resume/interrupt tests, run as `npx tsx train-child.ts FLAGS`.
// Env: ARCHC_TEST_NAN_AT (0-based step whose logits become NaN), ARCHC_TEST_STEP_DELAY_MS (sleep
// after each step so a test can signal mid-run), ARCHC_TEST_CHECKPOINT_PAUSE_MS (see checkpoint/write.ts).
import { bigramModel } from "./bigram.ts";
import { runMain } from "../../runtime/run/main.ts";
import { childConfig as config } from "./child-config.ts";

const nan = process.env["ARCHC_TEST_NAN_AT"];
const delay = Number(process.env["ARCHC_TEST_STEP_DELAY_MS"] ?? 0);
const base = bigramModel(nan !== undefined ? { nanAtStep: Number(nan) } : {});
const model: typeof base =
  delay > 0
    ? {
        ...base,
        forward(p, tokens, ctx) {
          if (ctx.training) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delay);
          return base.forward(p, tokens, ctx);
        },
      }
    : base;

process.exitCode = await runMain(model, config, process.argv);
