// Lint rules: typescript-eslint's recommended set plus the one-way layering rules (grammar ← compiler ← cli → runtime;
// spec/ below compiler and runtime, importing nothing).
import tseslint from "typescript-eslint";

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
  {
    files: ["grammar/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            "../compiler/*",
            "../runtime/*",
            "**/compiler/**",
            "**/runtime/**",
            "**/cli/**",
            "../cli/*",
          ],
        },
      ],
    },
  },
  {
    files: ["runtime/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["**/grammar/**", "**/compiler/**", "**/cli/**"] },
      ],
    },
  },
  {
    // The compiler core emits programs that import the runtime; it never loads the runtime itself.
    // Commands that train or export (compiler and runtime together) live in cli/.
    files: ["compiler/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["**/runtime/**", "**/cli/**"] }],
    },
  },
  {
    // spec/ holds the facts compiler and runtime share (vocabulary, defaults, formulas): plain
    // TypeScript that both may import, so it imports none of the project's layers and no tfjs.
    files: ["spec/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
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
        },
      ],
    },
  },
  { rules: { "max-lines": ["warn", { max: 400, skipBlankLines: true, skipComments: true }] } },
);
