// Seeded, order-independent parameter initialisation: a parameter's value depends only on
// (seed, name, shape, init), so adding or reordering parameters never changes the others.
import * as tf from "./tf.ts";
import type { InitSpec, ParamInit } from "./model.ts";

/** 32-bit FNV-1a hash of a string, mixed with a seed. */
export function hashString(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return fmix32(h);
}

/** Murmur3's finaliser: spreads the bits of a 32-bit value. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines numbers and strings into one 32-bit seed (for dropout sites, steps, parameter names). */
export function mixSeed(...parts: readonly (number | string)[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    const v =
      typeof p === "string"
        ? hashString(p)
        : fmix32(Math.floor(p) >>> 0) ^ fmix32(Math.floor(p / 2 ** 32) >>> 0);
    h = fmix32((h ^ v) + 0x9e3779b9 + (h << 6) + (h >>> 2));
  }
  return h >>> 0;
}

/** A small seeded PRNG (sfc32) with uniform and normal draws. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.nextU32();
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }

  /** Standard normal (Box–Muller, both values used). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

/** The seed for one parameter: depends on the run seed, its name and its shape only. */
export function paramSeed(seed: number, name: string, shape: readonly number[]): number {
  return mixSeed(seed, name, shape.join("x"));
}

/** Fan-in and fan-out of a kernel: [in, out] for rank 2; the last axis is the output axis. */
function fans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  const out = shape[shape.length - 1]!;
  const inp = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  return [inp, out];
}

/** The initial values of one parameter, as a flat Float32Array (row-major). */
export function initValues(spec: InitSpec, shape: readonly number[], seed: number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  const rng = new Rng(seed);
  switch (spec.kind) {
    case "zeros":
      break;
    case "ones":
      out.fill(1);
      break;
    case "normal":
      for (let i = 0; i < size; i++) out[i] = spec.std * rng.normal();
      break;
    case "uniform":
      for (let i = 0; i < size; i++) out[i] = spec.limit * (2 * rng.uniform() - 1);
      break;
    case "xavierNormal": {
      const [fi, fo] = fans(shape);
      const std = spec.gain * Math.sqrt(2 / (fi + fo));
      for (let i = 0; i < size; i++) out[i] = std * rng.normal();
      break;
    }
    case "oneHotLast":
      if (size > 0) out[size - 1] = 1;
      break;
  }
  return out;
}

/** Creates every parameter as a trainable tf.Variable, keyed by its IR name, in the given order. */
export function createParams(inits: readonly ParamInit[], seed: number): Map<string, tf.Variable> {
  const params = new Map<string, tf.Variable>();
  for (const p of inits) {
    if (params.has(p.name)) throw new Error(`duplicate parameter name '${p.name}'`);
    const values = initValues(p.init, p.shape, paramSeed(seed, p.name, p.shape));
    const v = tf.tidy(() => tf.variable(tf.tensor(values, [...p.shape], "float32"), true));
    params.set(p.name, v);
  }
  return params;
}

/** Disposes every variable of a parameter map. */
export function disposeParams(params: ReadonlyMap<string, tf.Variable>): void {
  for (const v of params.values()) v.dispose();
}

/** Total number of scalar weights. */
export function countParams(inits: readonly ParamInit[]): number {
  return inits.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
}

/** The set of names that receive weight decay (for AdamWConfig.decay). */
export function decayNames(inits: readonly ParamInit[]): Set<string> {
  return new Set(inits.filter((p) => p.decay).map((p) => p.name));
}
