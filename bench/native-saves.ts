// The engine's saves for the backward pass in a training step of examples/gpt.arch on the native
// backend: shared data (runtime/train/shared-saves.ts, the default) against tfjs's Identity clones
// (ARCHC_SAVES=clone, read per call), the two taking turns step by step in one process; ratios
// per round. Kernel calls: tf.profile of one step.
import * as tf from "../runtime/tf.ts";
import { useNative } from "./backends.ts";
import { cpuTime, loadCompiled, programStepper } from "./optimizer-programs.ts";
import { fmt, pairedRows, stats, type Benchmark } from "./types.ts";

const VARIANTS = ["shared saves", "Identity clones"] as const;

function setVariant(v: (typeof VARIANTS)[number]): void {
  if (v === "Identity clones") process.env["ARCHC_SAVES"] = "clone";
  else delete process.env["ARCHC_SAVES"];
}

export const benchmark: Benchmark = {
  name: "native-saves",
  title: "Tensors saved for the backward pass: shared vs cloned (examples/gpt.arch, native)",
  order: 15,
  description:
    "One training step of examples/gpt.arch (batch 16, 1 BLAS thread; runtime/train/step.ts, what " +
    "`archc train` runs) on the native backend, with the engine's saves for the backward pass " +
    "sharing the saved tensor's data (runtime/train/shared-saves.ts) against tfjs's engine.clone " +
    "(an Identity kernel and a tape node per saved tensor; ARCHC_SAVES=clone). ms = CPU " +
    "milliseconds per step, the loss read back; the variants alternate step by step from their own " +
    "weights; ratios per round. Kernel calls: tf.profile of one step.",
  async run(ctx) {
    const addon = await useNative();
    if (Array.isArray(addon)) return addon;
    addon.setThreads(1);
    const model = await loadCompiled("examples/gpt.arch", "native-saves");
    const steppers = new Map(VARIANTS.map((v) => [v, programStepper(model, 16)] as const));
    const rounds = ctx.quick ? 4 : 20;
    const ms = new Map<string, number[]>(VARIANTS.map((v) => [v, []]));
    const calls = new Map<string, number>();
    for (const v of VARIANTS) {
      setVariant(v);
      await steppers.get(v)!.step(); // warm-up: kernel registration, pool, moments
      calls.set(v, (await tf.profile(() => steppers.get(v)!.step())).kernels.length);
    }
    for (let r = 0; r < rounds; r++)
      for (const v of VARIANTS) {
        setVariant(v);
        ms.get(v)!.push((await cpuTime(() => steppers.get(v)!.step())).cpu * 1000);
      }
    delete process.env["ARCHC_SAVES"];
    for (const s of steppers.values()) s.dispose();
    const [shared, cloned] = VARIANTS.map((v) => ms.get(v)!);
    ctx.log(
      `gpt step: shared ${fmt(stats(shared!).median)} ms, cloned ${fmt(stats(cloned!).median)} ms`,
    );
    return pairedRows(
      "training step",
      ms,
      VARIANTS,
      "cloned",
      (v) => `${calls.get(v)} kernel calls`,
    );
  },
};
