// Module resolve hook for running archc from its TypeScript sources (a checkout): `archc` and
// `archc/<sub>`, which generated programs import, resolve to the source file behind the package's
// `exports` entry (./dist/X.js → ./X.ts), so a program imported in this process shares the
// compiler's own runtime modules. Dependencies with a single-file build load that file
// (bundled-deps.mjs: chevrotain, which otherwise costs a second of tsx's loader per start). The
// installed package never registers it (it runs dist/).
import { readFileSync } from "node:fs";
import { BUNDLED } from "./bundled-deps.mjs";

const ROOT = new URL("../", import.meta.url);
const { exports } = JSON.parse(readFileSync(new URL("package.json", ROOT), "utf8"));

/** The source URL for `archc` / `archc/<sub>`, or undefined for any other specifier. */
function sourceOf(specifier) {
  if (specifier !== "archc" && !specifier.startsWith("archc/")) return undefined;
  const entry = exports[`.${specifier.slice("archc".length)}`];
  const target = typeof entry === "string" ? entry : entry?.default;
  if (typeof target !== "string" || !target.startsWith("./dist/")) return undefined;
  return new URL(target.slice("./dist/".length).replace(/\.js$/, ".ts"), ROOT).href;
}

/** The resolve hook: the source file's URL goes on down the chain (tsx's loader transforms it). */
export async function resolve(specifier, context, nextResolve) {
  return nextResolve(sourceOf(specifier) ?? BUNDLED[specifier] ?? specifier, context);
}
