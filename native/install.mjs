// `npm install` step for the optional native backend: builds native/ (binding.gyp) with node-gyp,
// against the system OpenBLAS when its header and library are found, else with the bundled GEMM.
// Never fails the install: without a compiler (or node-gyp, or Node's headers) it prints one line
// saying why and archc runs on wasm. ARCHC_NATIVE=off skips the build.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));

function note(msg) {
  process.stderr.write(`archc: native backend ${msg}\n`);
}

/** OpenBLAS is usable when cblas.h and libopenblas.so are on the default search paths. */
function hasOpenblas() {
  const incs = ["/usr/include", "/usr/local/include", "/usr/include/openblas"];
  const libs = ["/usr/lib", "/usr/local/lib", "/usr/lib64"];
  for (const d of ["/usr/include", "/usr/lib"]) {
    try {
      for (const e of readdirSync(d))
        if (e.endsWith("-linux-gnu")) (d === "/usr/include" ? incs : libs).push(join(d, e));
    } catch {
      // no such folder
    }
  }
  const header = incs.some((d) => existsSync(join(d, "cblas.h")));
  const lib = libs.some((d) => existsSync(join(d, "libopenblas.so")));
  return header && lib;
}

/** node-gyp: npm's own (npm_config_node_gyp in install scripts), else one on PATH. */
function nodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return [process.execPath, fromNpm];
  const npmBundled = join(
    dirname(process.execPath),
    "..",
    "lib",
    "node_modules",
    "npm",
    "node_modules",
    "node-gyp",
    "bin",
    "node-gyp.js",
  );
  if (existsSync(npmBundled)) return [process.execPath, npmBundled];
  return ["node-gyp"];
}

/** The -march value: ARCHC_NATIVE_MARCH (empty: the compiler's default target) or "native". */
function marchWanted() {
  const env = process.env.ARCHC_NATIVE_MARCH;
  if (env === undefined) return "native";
  if (/^[A-Za-z0-9_.+-]*$/.test(env)) return env;
  note(
    `ignores ARCHC_NATIVE_MARCH=${JSON.stringify(env)} (letters, digits, _.+- only); uses native`,
  );
  return "native";
}

/** One node-gyp rebuild; its spawnSync result. */
function build(blas, march) {
  const [cmd, ...pre] = nodeGyp();
  const args = [...pre, "rebuild", `--blas=${blas}`, `--march=${march}`];
  // Node's own headers when they ship with this Node (no download on an offline machine).
  const nodedir = join(dirname(process.execPath), "..");
  if (existsSync(join(nodedir, "include", "node", "node_api.h"))) args.push(`--nodedir=${nodedir}`);
  return spawnSync(cmd, args, { cwd: HERE, encoding: "utf8" });
}

function main() {
  if (process.env.ARCHC_NATIVE === "off")
    return note("not built (ARCHC_NATIVE=off); archc uses wasm");
  const blas = hasOpenblas() ? "openblas" : "none";
  const wanted = marchWanted();
  let march = wanted;
  let r = build(blas, march);
  if (r.status !== 0 && march !== "") {
    march = ""; // a compiler without -march=<wanted>: its default target
    r = build(blas, march);
  }
  if (r.status === 0) {
    const gemm =
      blas === "openblas"
        ? "OpenBLAS"
        : "bundled GEMM: no OpenBLAS found; apt-get install libopenblas-dev";
    const target =
      march === ""
        ? wanted === ""
          ? ""
          : `; -march=${wanted} failed, default target`
        : `, -march=${march}`;
    return note(`built (${gemm}${target})`);
  }
  const why = r.error
    ? r.error.message
    : ((r.stderr || r.stdout || "")
        .trim()
        .split("\n")
        .filter((l) => /error/i.test(l))[0] ?? `node-gyp exited ${r.status}`);
  note(`not built (${why.slice(0, 200)}); archc uses wasm`);
}

main();
