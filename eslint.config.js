// Lint rules: typescript-eslint's recommended set plus the one-way layering rule (grammar ← compiler; runtime alone).
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
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
        { patterns: ["../compiler/*", "../runtime/*", "**/compiler/**", "**/runtime/**"] },
      ],
    },
  },
  {
    files: ["runtime/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["**/grammar/**", "**/compiler/**"] }],
    },
  },
  { rules: { "max-lines": ["warn", { max: 400, skipBlankLines: true, skipComments: true }] } },
);
