// Lint rules: typescript-eslint's recommended set plus the one-way layering rules (grammar ← compiler ← cli → runtime;
// spec/ below compiler and runtime, importing nothing), and one home for TensorFlow.js: code imports
// `* as tf` from runtime/tf.ts, never the @tensorflow/tfjs umbrella (not a dependency) nor
// tfjs-core or the cpu backend directly (runtime/tf.ts registers gradients and chained ops on them).
import tseslint from "typescript-eslint";

const TFJS_HOME =
  "import * as tf from runtime/tf.ts (the one home of tfjs-core and its registrations)";
const NO_UMBRELLA = {
  group: ["@tensorflow/tfjs", "@tensorflow/tfjs/*"],
  message: `archc depends on @tensorflow/tfjs-core, not the umbrella: ${TFJS_HOME}.`,
};
const NO_CORE = {
  group: ["@tensorflow/tfjs-core", "@tensorflow/tfjs-core/*", "@tensorflow/tfjs-backend-cpu"],
  message: `${TFJS_HOME}.`,
};

/** no-restricted-imports for a layer: its forbidden layers plus the tfjs rules (one option object,
 * since a later config's options replace an earlier one's). */
function restrict(layers, tfjs = [NO_UMBRELLA, NO_CORE]) {
  const patterns = layers.length > 0 ? [{ group: layers }, ...tfjs] : tfjs;
  return { "no-restricted-imports": ["error", { patterns }] };
}
const RUNTIME_LAYERS = ["**/grammar/**", "**/compiler/**", "**/cli/**"];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "dist/**",
      "runs/**",
      "out/**",
      "tests/baselines/**",
      "**/*.generated.d.ts",
      "bench/.work/**",
    ],
  },
  ...tseslint.configs.recommended,
  { files: ["**/*.{ts,js,mjs}"], rules: restrict([]) },
  {
    files: ["grammar/**/*.ts"],
    rules: restrict([
      "../compiler/*",
      "../runtime/*",
      "**/compiler/**",
      "**/runtime/**",
      "**/cli/**",
      "../cli/*",
    ]),
  },
  { files: ["runtime/**/*.ts"], rules: restrict(RUNTIME_LAYERS) },
  // the home itself
  { files: ["runtime/tf.ts"], rules: restrict(RUNTIME_LAYERS, [NO_UMBRELLA]) },
  {
    // The compiler core emits programs that import the runtime; it never loads the runtime itself.
    // Commands that train or export (compiler and runtime together) live in cli/.
    files: ["compiler/**/*.ts"],
    rules: restrict(["**/runtime/**", "**/cli/**"]),
  },
  {
    // spec/ holds the facts compiler and runtime share (vocabulary, defaults, formulas): plain
    // TypeScript that both may import, so it imports none of the project's layers and no tfjs.
    files: ["spec/**/*.ts"],
    rules: restrict(
      [
        "../grammar/*",
        "../compiler/*",
        "../runtime/*",
        "../cli/*",
        "**/grammar/**",
        "**/compiler/**",
        "**/runtime/**",
        "**/cli/**",
        "@tensorflow/*",
      ],
      [],
    ),
  },
  { rules: { "max-lines": ["warn", { max: 400, skipBlankLines: true, skipComments: true }] } },
);
