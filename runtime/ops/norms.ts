// Normalisations over the last axis: LayerNorm, RMSNorm, and MSG's masked-statistics LayerNorm.
// On the native backend LayerNorm and RMSNorm are one C++ kernel each way (kernels/native/fused-norm.ts).
import * as tf from "../tf.ts";
import { LAYER_NORM_EPS, RMS_NORM_EPS } from "../../spec/norms.ts";
import { check, fmtShape } from "../errors.ts";
import { nativeNorm } from "../kernels/native/fused-norm.ts";
import { sumLeading, withGradN } from "./grad.ts";

/** Checks that a scale, bias or mask v is [d] for x [..., d]. */
export function checkVec(
  op: string,
  x: tf.Tensor,
  v: tf.Tensor | null | undefined,
  what: string,
): void {
  if (v == null) return;
  const d = x.shape[x.rank - 1]!;
  check(
    v.rank === 1 && v.shape[0] === d,
    () => `${op}: ${what} ${fmtShape(v.shape)} does not match input ${fmtShape(x.shape)}`,
  );
}

/**
 * LayerNorm: (x − μ)/√(σ² + ε)·scale + bias, statistics over the last axis (biased variance).
 * Fused gradient: with x̂ the normalised input and g = dy·scale,
 * dx = (g − mean(g) − x̂·mean(g·x̂))/√(σ² + ε), d scale = Σ dy·x̂, d bias = Σ dy.
 */
export function layerNorm<T extends tf.Tensor>(
  x: T,
  scale: tf.Tensor,
  bias: tf.Tensor | null | undefined,
  eps: number = LAYER_NORM_EPS,
): T {
  checkVec("layerNorm", x, scale, "scale");
  checkVec("layerNorm", x, bias, "bias");
  const native = nativeNorm(x, scale, bias, eps, true);
  if (native !== null) return native as T;
  const inputs = bias == null ? [x, scale] : [x, scale, bias];
  return withGradN(inputs, ([v, s, b], save) => {
    const axis = v!.rank - 1;
    const [xhat, rstd, y] = tf.tidy((): [tf.Tensor, tf.Tensor, tf.Tensor] => {
      const xc = tf.sub(v!, tf.mean(v!, axis, true)); // [..., d]
      const r = tf.rsqrt(tf.add(tf.mean(tf.square(xc), axis, true), eps)); // [..., 1]
      const xh = tf.mul(xc, r);
      const out = tf.mul(xh, s!);
      return [xh, r, b === undefined ? out : tf.add(out, b)];
    });
    save([xhat, rstd, s!]);
    const gradFunc = (dy: tf.Tensor, [sx, sr, ss]: tf.Tensor[]): tf.Tensor[] =>
      tf.tidy(() => {
        const g = tf.mul(dy, ss!);
        const mg = tf.mean(g, axis, true);
        const mgx = tf.mean(tf.mul(g, sx!), axis, true);
        const dx = tf.mul(tf.sub(tf.sub(g, mg), tf.mul(sx!, mgx)), sr!);
        const ds = sumLeading(tf.mul(dy, sx!));
        return b === undefined ? [dx, ds] : [dx, ds, sumLeading(dy)];
      });
    return { value: y, gradFunc };
  }) as T;
}

/**
 * RMSNorm: x/√(mean(x²) + ε)·scale (no centring, no bias). Fused gradient: with r = 1/√(mean(x²) + ε),
 * x̂ = x·r and g = dy·scale, dx = r·(g − x̂·mean(g·x̂)), d scale = Σ dy·x̂.
 */
export function rmsNorm<T extends tf.Tensor>(
  x: T,
  scale: tf.Tensor,
  eps: number = RMS_NORM_EPS,
): T {
  checkVec("rmsNorm", x, scale, "scale");
  const native = nativeNorm(x, scale, null, eps, false);
  if (native !== null) return native as T;
  return withGradN([x, scale], ([v, s], save) => {
    const axis = v!.rank - 1;
    const [xhat, r, y] = tf.tidy((): [tf.Tensor, tf.Tensor, tf.Tensor] => {
      const rr = tf.rsqrt(tf.add(tf.mean(tf.square(v!), axis, true), eps)); // [..., 1]
      const xh = tf.mul(v!, rr);
      return [xh, rr, tf.mul(xh, s!)];
    });
    save([xhat, r, s!]);
    const gradFunc = (dy: tf.Tensor, [sx, sr, ss]: tf.Tensor[]): tf.Tensor[] =>
      tf.tidy(() => {
        const g = tf.mul(dy, ss!);
        const dx = tf.mul(tf.sub(g, tf.mul(sx!, tf.mean(tf.mul(g, sx!), axis, true))), sr!);
        return [dx, sumLeading(tf.mul(dy, sx!))];
      });
    return { value: y, gradFunc };
  }) as T;
}

/**
 * MSG masked LayerNorm (hidden-size growth): with a mask m [d] (1 on old coordinates, c on new),
 * μ = Σ mᵢxᵢ / Σ mᵢ, σ² = Σ mᵢ(xᵢ − μ)² / Σ mᵢ, and the output (LN·scale + bias) is multiplied by m.
 * With m all ones it equals layerNorm; at c = 0 the old coordinates equal the small model's LN
 * and the new coordinates are 0.
 */
export function maskedLayerNorm<T extends tf.Tensor>(
  x: T,
  scale: tf.Tensor,
  bias: tf.Tensor | null | undefined,
  mask: tf.Tensor,
  eps: number,
): T {
  checkVec("maskedLayerNorm", x, scale, "scale");
  checkVec("maskedLayerNorm", x, bias, "bias");
  checkVec("maskedLayerNorm", x, mask, "mask");
  return tf.tidy(() => {
    const axis = x.rank - 1;
    const msum = tf.sum(mask); // scalar
    const mu = tf.div(tf.sum(tf.mul(x, mask), axis, true), msum); // [..., 1]
    const xc = tf.sub(x, mu); // [..., d]
    const variance = tf.div(tf.sum(tf.mul(tf.square(xc), mask), axis, true), msum); // [..., 1]
    const y = tf.mul(tf.mul(xc, tf.rsqrt(tf.add(variance, eps))), scale);
    return tf.mul(bias == null ? y : tf.add(y, bias), mask) as T;
  });
}

/** The MSG growth mask [d]: `old` ones followed by `d − old` copies of c. */
export function growthMask(d: number, old: number, c: number): tf.Tensor1D {
  const m = new Float32Array(d);
  m.fill(1, 0, old);
  m.fill(c, old);
  return tf.tensor1d(m);
}
