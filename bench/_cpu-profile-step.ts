// JS self time of training steps of a generated program, by function (not a benchmark; by hand):
//   npx tsx bench/_cpu-profile-step.ts [backend] [small|gpt] [steps]
// V8's sampling profiler (node:inspector) runs around `steps` steps after two warm-up steps; prints
// the functions with the most self time (native kernels' C++ time lands on the addon's JS entry
// functions and on "(program)"), and the share of the step outside them.
import * as tf from "../runtime/tf.ts";
import { Session } from "node:inspector/promises";
import { benchModel, programStepper } from "./optimizer-programs.ts";
import { useBackend } from "./backends.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

const backend = process.argv[2] ?? "native";
const which = process.argv[3] ?? "gpt";
const steps = Number(process.argv[4] ?? 5);
tf.env().set("PROD", true);
await useBackend(backend);
const { model, batch } = await benchModel(which, "profile");
const stepper = programStepper(model, batch);
await stepper.step();
await stepper.step();
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 100 }); // µs
await session.post("Profiler.start");
for (let i = 0; i < steps; i++) await stepper.step();
const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
session.disconnect();
stepper.dispose();

// self time per node from the samples and their time deltas
const byId = new Map(profile.nodes.map((n) => [n.id, n] as const));
const self = new Map<string, number>();
const byPlace = new Map<string, number>(); // self time per package or runtime folder
const samples = profile.samples ?? [];
const deltas = profile.timeDeltas ?? [];
let total = 0;
for (let i = 0; i < samples.length; i++) {
  const n = byId.get(samples[i]!)!;
  const dt = (deltas[i + 1] ?? 0) / 1000; // ms: a sample's time is the gap to the next one
  const f = n.callFrame;
  const where = f.url
    .replace(/^.*\/(node_modules|work\/[^/]+\/[^/]+)\//, "")
    .replace(/^file:\/\//, "");
  const key = `${f.functionName || "(anonymous)"} ${where}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  const place =
    /@tensorflow\/[^/]+|runtime\/[a-z]+(\/native)?|out\/bench/.exec(where)?.[0] ??
    "(native code, GC)";
  byPlace.set(place, (byPlace.get(place) ?? 0) + dt);
  total += dt;
}
console.log(`${backend} ${which}: ${steps} steps, ${(total / steps).toFixed(1)} ms a step sampled`);
for (const [k, ms] of [...byPlace].sort((a, b) => b[1] - a[1]))
  console.log(`${(ms / steps).toFixed(2).padStart(7)} ms/step  ${k}`);
for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
  console.log(`${(ms / steps).toFixed(2).padStart(7)} ms/step  ${k}`);
