// The two sides of `archc upcycle`: the target model (compiled from its .arch file: parameters,
// roles, layers and mixture-of-attention sites) and each dense run (its newest checkpoint's
// parameters with the roles its run.json build recorded), in the forms runtime/export/upcycle.ts maps.
import { buildProgram } from "../../compiler/program.ts";
import { describeModel } from "../../compiler/describe.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import { checkpointAt, readCheckpoint, runDirOf } from "../../runtime/checkpoint/read.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import type { MoaSite, UpcycleSource, UpcycleTarget } from "../../runtime/export/upcycle.ts";
import { readRunInfo, runInfoPath } from "../../runtime/run/info.ts";
import type { Io } from "../command.ts";
import { printDiagnostics } from "../report.ts";

/** The target of `file`'s model, or undefined after printing its errors. */
export function targetOf(file: string, io: Io): UpcycleTarget | undefined {
  const r = buildProgram(file, { optimize: false });
  const errors = printDiagnostics(r.diagnostics, r.sources, io);
  if (r.model === undefined || errors > 0) {
    if (errors === 0) io.err(`error: \`${file}\` defines no model\n`);
    return undefined;
  }
  return targetOfGraph(r.model.lowered.graph);
}

/** The target of a lowered graph. */
function targetOfGraph(g: Graph): UpcycleTarget {
  const d = describeModel(g);
  const params = g.nodes.flatMap((n) =>
    n.params.filter((p) => p.tiedTo === undefined).map((p) => ({ name: p.name, shape: p.shape })),
  );
  const moa = new Map<string, MoaSite>();
  for (const n of g.nodes) {
    if (n.kind !== "moaMix") continue;
    const router = n.params[0]!.name; // `<prefix>.moa.router`
    moa.set(router.slice(0, -".moa.router".length), n.attrs);
  }
  return { params, roles: d.params, layers: d.layerList.map((l) => l.instance), moa };
}

/** A dense run's newest checkpoint (or a checkpoint folder) with its model description. */
export function sourceOf(path: string): UpcycleSource {
  const ckpt = checkpointAt(path);
  if (ckpt === null) throw new RuntimeUserError(`run \`${path}\` has no complete checkpoint`);
  const runDir = runDirOf(ckpt);
  const { manifest, tensors } = readCheckpoint(ckpt);
  const info = runInfoPath(runDir) === null ? undefined : readRunInfo(runDir);
  const model = info?.build?.models?.[manifest.growStage ?? 0];
  if (model === undefined)
    throw new RuntimeUserError(
      `run \`${path}\` has no model description in its run.json (an older run): its weights' roles are unknown`,
    );
  const params = tensors.filter((t) => t.group === "param");
  return {
    label: path,
    params: params.map((t) => ({ name: t.name, shape: t.shape })),
    roles: model.params,
    layers: model.layerList.map((l) => l.instance),
    tensors: new Map(params.map((t) => [t.name, t])),
    ...(model.heads !== undefined ? { heads: model.heads } : {}),
  };
}
