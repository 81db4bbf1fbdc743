// Every op kind's emitter; a kind of the IR without an entry here fails the compiler's type check.
import type { OpKind } from "../../ir/types.ts";
import type { Emitter } from "../emitter.ts";
import { activation } from "./activation.ts";
import { add } from "./add.ts";
import { addNorm, addNormed } from "./add-norm.ts";
import { attention } from "./attention.ts";
import { dropout } from "./dropout.ts";
import { dwa } from "./dwa.ts";
import { exitOut } from "./exit-out.ts";
import { layerDrop } from "./layer-drop.ts";
import { embedding } from "./embedding.ts";
import { fusedLinear } from "./fused-linear.ts";
import { growMask } from "./grow-mask.ts";
import { input } from "./input.ts";
import { layerNorm } from "./layer-norm.ts";
import { linear } from "./linear.ts";
import { moaMix } from "./moa-mix.ts";
import { moeCombine } from "./moe-combine.ts";
import { moeDispatch } from "./moe-dispatch.ts";
import { moeRoute } from "./moe-route.ts";
import { mul } from "./mul.ts";
import { positions } from "./positions.ts";
import { rmsNorm } from "./rms-norm.ts";
import { scalarMix } from "./scalar-mix.ts";
import { modGather, modRouter, modScatter, modWeigh } from "./pmod.ts";
import { scale } from "./scale.ts";
import { sub } from "./sub.ts";
import { tiedHead } from "./tied-head.ts";

export const emitters = {
  input,
  embedding,
  positions,
  linear,
  layerNorm,
  rmsNorm,
  activation,
  dropout,
  add,
  sub,
  mul,
  scale,
  attention,
  moeRoute,
  moeCombine,
  moeDispatch,
  dwa,
  layerDrop,
  exitOut,
  scalarMix,
  moaMix,
  modRouter,
  modGather,
  modWeigh,
  modScatter,
  tiedHead,
  growMask,
  fusedLinear,
  addNorm,
  addNormed,
} satisfies { [K in OpKind]: Emitter<K> };

/** The emitter of one kind, typed by the kind. */
export function emitterOf<K extends OpKind>(kind: K): Emitter<K> {
  return emitters[kind] as unknown as Emitter<K>;
}
