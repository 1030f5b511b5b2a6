#!/usr/bin/env node
// The `segment` command. The command line is TypeScript, run through tsx (a runtime dependency), so
// that it works straight after `npm ci` or a global install, with no build step.
"use strict";
require("tsx/cjs/api").register();
const { run } = require("../src/cli/main.ts");

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`segment: could not finish (${error && error.message ? error.message : error}).\n`);
    process.exitCode = 1;
  },
);
