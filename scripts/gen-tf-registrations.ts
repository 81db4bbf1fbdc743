// Regenerates runtime/tf-registrations.generated.js: tfjs-core's gradient registrations
// (dist/register_all_gradients.js) and chained-op methods (tensor.add(...) style,
// dist/public/chained_ops/register_all_chained_ops.js) as one ES module that plain Node loads.
// tfjs-core ships those files only as ES modules with extensionless imports in a package that is
// not "type": "module", so Node cannot load them as they are; its Node entry (tf-core.node.js)
// lacks them. Here esbuild bundles them, and every import of a core-internal module is rewritten
// to the public export of @tensorflow/tfjs-core that is the same object (one copy of tfjs-core
// runs, its engine and registries included). Internal modules with no public home (a few backprop
// ops) are bundled: they are thin wrappers that call the engine.
// Run: `npx tsx scripts/gen-tf-registrations.ts`; tests/runtime/tf-registrations.test.ts fails
// when the file is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { format, resolveConfig } from "prettier";

export const TF_REGISTRATIONS_PATH = fileURLToPath(
  new URL("../runtime/tf-registrations.generated.js", import.meta.url),
);

const require = createRequire(import.meta.url);
const CORE = "@tensorflow/tfjs-core";
const CORE_DIST = dirname(require.resolve(CORE)); // .../tfjs-core/dist
const core = require(CORE) as Record<string, unknown>;

/** `import * as X from "<internal>"`: the public namespace holding that module's exports. */
const NAMESPACES: Record<string, string> = {
  util: "util",
  "ops/broadcast_util": "broadcast_util",
  "ops/axis_util": "backend_util",
  "ops/conv_util": "backend_util",
};

/** Internal names whose public home has another name or form (expressions over `__core`). */
const RENAMED: Record<string, string> = {
  ENGINE: "__core.engine()",
  resizeBilinear: "__core.image.resizeBilinear",
  resizeNearestNeighbor: "__core.image.resizeNearestNeighbor",
  parseSliceParams: "__core.slice_util.parseSliceParams",
  // the Tensor class the chained ops extend: tfjs-core's own lookup (getGlobal('Tensor'))
  getGlobalTensorClass: "() => globalThis._tfGlobals?.get('Tensor') ?? __core.Tensor",
};

/** The public namespaces that may hold a core-internal module's exports, by module. */
function namespacesOf(target: string): string[] {
  if (target === "util" || target === "util_base") return ["util"];
  if (target === "ops/broadcast_util") return ["broadcast_util", "backend_util"];
  if (target === "ops/slice_util") return ["slice_util"];
  if (target.endsWith("_util")) return ["backend_util"];
  return [""]; // ops, kernel names and the rest: top-level exports
}

/** The expression for `name` imported from `target` (a core-internal module), or undefined. */
function publicHome(target: string, name: string): string | undefined {
  if (name in RENAMED) return RENAMED[name];
  for (const ns of namespacesOf(target)) {
    const holder = (ns === "" ? core : core[ns]) as Record<string, unknown>;
    if (name in holder) return ns === "" ? `__core.${name}` : `__core.${ns}.${name}`;
  }
  return undefined;
}

/** Core-internal modules that had to be bundled (no public home for what was imported). */
export const bundled = new Set<string>();

const IMPORT = /^import (?:\{([^}]*)\}|\* as (\w+)) from '(\.[^']*)';$/gm;

/** Rewrites one core-internal file's imports: public ones read `__core`, the rest stay relative. */
function rewrite(file: string, text: string): string {
  const rel = (spec: string) =>
    resolve(dirname(file), spec)
      .slice(CORE_DIST.length + 1)
      .replace(/\\/g, "/");
  let usesCore = false;
  const out = text.replace(IMPORT, (line, names: string | undefined, ns, spec: string) => {
    const target = rel(spec);
    if (/^(gradients\/|public\/chained_ops\/)/.test(target) || target === "min_max_grad_util")
      return line; // the registrations themselves are bundled
    if (ns !== undefined) {
      const home = NAMESPACES[target];
      if (home === undefined) throw new Error(`${file}: no public namespace for '${target}'`);
      usesCore = true;
      return `const ${ns} = __core.${home};`;
    }
    const parts = names!
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const homes = parts.map((n) => publicHome(target, n));
    if (homes.some((h) => h === undefined)) {
      bundled.add(target);
      return line; // bundled (rewritten in turn)
    }
    usesCore = true;
    return parts.map((n, i) => `const ${n} = ${homes[i]!};`).join("\n");
  });
  const fixed = out.replace(/^\/\/# sourceMappingURL=.*$/m, "");
  return usesCore ? `import __core from "${PUBLIC}";\n${fixed}` : fixed;
}

/** One module holding tfjs-core's public API (module.exports), shared by every rewritten file. */
const PUBLIC = "tfjs-core-public";

const coreInternals: Plugin = {
  name: "tfjs-core-internals",
  setup(b) {
    b.onResolve({ filter: /^tfjs-core-public$/ }, () => ({ path: PUBLIC, namespace: PUBLIC }));
    b.onLoad({ filter: /.*/, namespace: PUBLIC }, () => ({
      contents: `import core from "${CORE}";\nexport default core;\n`,
      loader: "js",
    }));
    b.onResolve({ filter: /^\./ }, (args) => ({
      path: resolve(args.resolveDir, args.path.endsWith(".js") ? args.path : `${args.path}.js`),
    }));
    b.onLoad({ filter: /\.js$/ }, (args) => ({
      contents: rewrite(args.path, readFileSync(args.path, "utf8")),
      loader: "js",
      resolveDir: dirname(args.path),
    }));
  },
};

/** The text the generated file must have. */
export async function tfRegistrationsText(): Promise<string> {
  const result = await build({
    stdin: {
      contents:
        `import "./register_all_gradients.js";\n` +
        `import "./public/chained_ops/register_all_chained_ops.js";\n`,
      resolveDir: CORE_DIST,
      sourcefile: "registrations.js",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    absWorkingDir: fileURLToPath(new URL("../", import.meta.url)),
    external: [CORE],
    plugins: [coreInternals],
    legalComments: "none", // the notice is in the header, once
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  // tfjs-core's state (engine, registries, environment, the Tensor class) must come from its one
  // loaded copy: a bundled copy of any of these would be a second tfjs
  const stateful = Object.keys(result.metafile.inputs).filter((f) =>
    /tfjs-core\/dist\/(engine|tensor|kernel_registry|global_util|environment|globals|base)\.js$/.test(
      f,
    ),
  );
  if (stateful.length > 0) throw new Error(`bundled tfjs-core state: ${stateful.join(", ")}`);
  const version = (require(join(CORE_DIST, "..", "package.json")) as { version: string }).version;
  const header =
    `// GENERATED by scripts/gen-tf-registrations.ts from @tensorflow/tfjs-core ${version}: do not edit; rerun the script.\n` +
    "// tfjs-core's gradient and chained-op registrations, rewritten against its public API.\n" +
    "// @license Copyright 2020-2023 Google LLC. All Rights Reserved. Licensed under the Apache License,\n" +
    '// Version 2.0 (http://www.apache.org/licenses/LICENSE-2.0), distributed on an "AS IS" BASIS,\n' +
    "// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.\n" +
    "/* eslint-disable */\n";
  // esbuild's per-file comments name real paths (a symlinked node_modules shows through): keep the package path
  const body = result.outputFiles[0]!.text.replace(
    /^\/\/ .*?node_modules\/@tensorflow\//gm,
    "// @tensorflow/",
  );
  const options = (await resolveConfig(TF_REGISTRATIONS_PATH)) ?? {};
  return format(header + body, { ...options, filepath: TF_REGISTRATIONS_PATH });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(TF_REGISTRATIONS_PATH, await tfRegistrationsText());
  process.stdout.write(
    `wrote ${TF_REGISTRATIONS_PATH}; bundled: ${[...bundled].sort().join(", ")}\n`,
  );
}
