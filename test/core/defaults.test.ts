/**
 * Each default is defined once (src/core/defaults.ts); the core, the functions, the pane and the command
 * line read it, and the README must say the same: a changed default with a stale README fails here.
 */
import { readFileSync } from "fs";
import path from "path";
import { SWEEP_DEFAULTS } from "../../src/core/choosek";
import { DEFAULTS } from "../../src/core/defaults";
import { KMEANS_DEFAULTS } from "../../src/core/kmeans";
import { EXACT_SILHOUETTE_LIMIT } from "../../src/core/metrics";
import { parseRestarts, parseSeed } from "../../src/functions/args";
import { SWEEP_SILHOUETTE_LIMIT } from "../../src/functions/limits";
import { ANALYSIS } from "../../src/taskpane/limits";

// What users read: the README and the guide it links for the rules behind the defaults.
const readme = ["README.md", "docs/GUIDE.md"]
  .map((file) => readFileSync(path.resolve(__dirname, "..", "..", file), "utf8"))
  .join("\n");
const thousands = (n: number) => n.toLocaleString("en-US");

describe("defaults", () => {
  it("are the same in the core, the functions' parsers and the pane", () => {
    expect([KMEANS_DEFAULTS.seed, parseSeed(null), ANALYSIS.seed]).toEqual([
      DEFAULTS.seed,
      DEFAULTS.seed,
      DEFAULTS.seed,
    ]);
    expect([KMEANS_DEFAULTS.restarts, parseRestarts(null), ANALYSIS.restarts]).toEqual(
      new Array(3).fill(DEFAULTS.restarts),
    );
    expect([SWEEP_DEFAULTS.kmin, SWEEP_DEFAULTS.kmax, ANALYSIS.kmin, ANALYSIS.kmax]).toEqual([
      DEFAULTS.kmin,
      DEFAULTS.kmax,
      DEFAULTS.kmin,
      DEFAULTS.kmax,
    ]);
    expect([SWEEP_SILHOUETTE_LIMIT, ANALYSIS.sweepSilhouetteLimit]).toEqual([
      DEFAULTS.sweepSilhouetteLimit,
      DEFAULTS.sweepSilhouetteLimit,
    ]);
    expect(EXACT_SILHOUETTE_LIMIT).toBe(DEFAULTS.exactSilhouetteLimit);
  });

  it("are what the README and the guide say", () => {
    expect(readme).toContain(
      `**\`seed\`** (default ${DEFAULTS.seed}) and **\`restarts\`** (default ${DEFAULTS.restarts},`,
    );
    expect(readme).toContain(`\`kmin\` (default ${DEFAULTS.kmin}) and \`kmax\` (default ${DEFAULTS.kmax},`);
    expect(readme).toContain(
      `ELBOW and BESTK, silhouettes are exact up to ${thousands(DEFAULTS.sweepSilhouetteLimit)} rows and estimated from a ${thousands(DEFAULTS.sweepSilhouetteLimit)}-row sample`,
    );
    expect(readme).toContain(
      `SILHOUETTE and METRICS are exact up to ${thousands(DEFAULTS.exactSilhouetteLimit)} rows.`,
    );
    expect(readme).toContain(`Exact up to ${thousands(DEFAULTS.exactSilhouetteLimit)} labelled rows`);
    // The task pane's Segments step.
    expect(readme).toMatch(
      new RegExp(
        `k = ${DEFAULTS.kmin} to ${DEFAULTS.kmax} is tried \\(${DEFAULTS.restarts} k-means\\+\\+ starts each, seed ${DEFAULTS.seed}, ` +
          `silhouettes exact up to\\s+${thousands(DEFAULTS.sweepSilhouetteLimit)} rows`,
      ),
    );
    expect(readme).toContain(`--seed N              random seed (default ${DEFAULTS.seed})`);
    expect(readme).toContain(
      `--restarts N          k-means starts to try, the best kept (default ${DEFAULTS.restarts})`,
    );
  });
});
