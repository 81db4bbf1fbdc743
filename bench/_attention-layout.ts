// Packed vs blocked native attention at gpt.arch's layer sizes (not a benchmark; run by hand):
//   npx tsx bench/_attention-layout.ts [rounds] [T] [B]
// Forward + backward (tf.grads, read back) of one layer's attention from the merged projection's
// qkv [B, T, 384] (default [16, 64, 384]) on the native backend, the two routes taking turns call by call: "packed" is
// attendPacked's fused path (ArchcAttentionPackedFwd/Bwd read qkv in place and write [B, T, H·dh]);
// "blocked" is the route attendPacked took before: Transpose + SplitV of qkv into q, k, v
// [B·H, T, dh], ArchcAttentionFwd/Bwd, a Transpose of the output, and in backward a Transpose, a
// Concat of dq, dk, dv and a Transpose. Prints the median CPU ms per call and the kernel calls.
import * as tf from "../runtime/tf.ts";
import { fusedAttention } from "../runtime/ops/attention-fused.ts";
import { attendPacked } from "../runtime/ops/fused.ts";
import { useNative } from "./backends.ts";
import { fmt, stats, timeIt } from "./types.ts";

const rounds = Number(process.argv[2] ?? 30);
const [T, B, H, dh] = [Number(process.argv[3] ?? 64), Number(process.argv[4] ?? 16), 4, 32];

/** The blocked route: [B, T, 3H·dh] → [B, 3H, T, dh] → q, k, v [B·H, T, dh] → fusedAttention. */
function blocked(qkv: tf.Tensor): tf.Tensor {
  const all = qkv.reshape([B, T, 3 * H, dh]).transpose([0, 2, 1, 3]); // [B, 3H, T, dh]
  const [q, k, v] = tf
    .split(all, [H, H, H], 1)
    .map((t) => t.reshape([B * H, T, dh]) as tf.Tensor3D);
  return fusedAttention(q!, k!, v!, B, H, H, true); // [B, T, H·dh]
}

const ROUTES: Record<string, (qkv: tf.Tensor) => tf.Tensor> = {
  packed: (qkv) => attendPacked(qkv, { heads: H, causal: true, fused: true, prescaled: true }),
  blocked,
};

const addon = await useNative();
if (Array.isArray(addon)) throw new Error("the native addon is not available");
addon.setThreads(1);
const qkv = tf.randomNormal([B, T, 3 * H * dh], 0, 1, "float32", 7);
const once = (f: (x: tf.Tensor) => tf.Tensor): void =>
  tf.tidy(
    () =>
      void tf
        .grad((x: tf.Tensor) => tf.sum(f(x)))(qkv)
        .dataSync(),
  );
const ms = new Map<string, number[]>();
for (const [name, f] of Object.entries(ROUTES)) {
  once(f); // warm-up: kernel registration, buffer pool
  const info = await tf.profile(() => once(f));
  console.log(
    `${name}: ${info.kernels.length} kernel calls (${info.kernels.map((k) => k.name).join(" ")})`,
  );
  ms.set(name, []);
}
for (let r = 0; r < rounds; r++)
  for (const [name, f] of Object.entries(ROUTES))
    ms.get(name)!.push(timeIt(() => once(f)).cpu * 1000);
for (const [name, t] of ms)
  console.log(`${name}: median ${fmt(stats(t).median)} CPU ms per forward + backward`);
