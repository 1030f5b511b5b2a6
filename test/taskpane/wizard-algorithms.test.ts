import { KMEANS_PARAMS } from "../../src/core/algorithms/kmeans";
import { NOISE_HEADER, PROFILE_SHEET } from "../../src/core/plan";
import { plainAlgorithm } from "../../src/taskpane/algorithms";
import { SETTINGS_KEY } from "../../src/taskpane/settings";
import type { Wizard } from "../../src/taskpane/wizard";
import { stabilitySpill } from "../../src/functions/stability";
import { mallCustomers } from "./fixtures";
import { throughToIncomeAndScore, wizardOn } from "./helpers";

/** The wizard on the Mall customers, on the k step with Annual Income and Spending Score only. */
async function onKStep(seed?: Record<string, unknown>) {
  const on = wizardOn(undefined, { answers: [true, true], seed });
  await throughToIncomeAndScore(on.wizard);
  return on;
}

const sheet = (
  on: { host: { workbook: { snapshot(): { sheets: { name: string; values: unknown[][] }[] } } } },
  name: string,
) => on.host.workbook.snapshot().sheets.find((s) => s.name === name)?.values ?? [];

async function settle(wizard: Wizard): Promise<void> {
  // The density counts run in the background of an action: wait until they are in.
  for (let i = 0; i < 50 && wizard.state.density.counting; i++) await new Promise((r) => setTimeout(r, 0));
}

describe("the wizard's k step with DBSCAN", () => {
  it("shows the k-distance curve, suggests eps, and counts segments and noise before running", async () => {
    const on = await onKStep();
    const { wizard } = on;
    expect(wizard.state.algorithm).toBe("kmeans");
    expect(wizard.state.sweep).not.toBeNull();

    await wizard.setAlgorithm("dbscan");
    await settle(wizard);
    const { density } = wizard.state;
    expect(density.curve?.minPoints).toBe(5);
    expect([density.eps, density.epsEdited]).toEqual([0.43, false]);
    expect(density.counts).toMatchObject({ sizes: [143, 33, 11], noise: 13 });
    expect(wizard.canRun()).toBe(true);

    await wizard.setEps(0.3);
    await settle(wizard);
    expect(wizard.state.density).toMatchObject({ eps: 0.3, epsEdited: true });
    const tighter = wizard.state.density.counts;
    expect(tighter?.eps).toBe(0.3);
    expect(tighter?.noise).toBeGreaterThan(13);

    // An invalid eps is not taken: the field says why, the state keeps the last good one.
    await wizard.setEps(0);
    expect(wizard.state.density.eps).toBe(0.3);

    await wizard.useSuggestedEps();
    await settle(wizard);
    expect(wizard.state.density).toMatchObject({ eps: 0.43, epsEdited: false });
    expect(wizard.state.density.counts?.noise).toBe(13);
  });

  it("measures the curve again for a new min points, and eps follows its suggestion until typed", async () => {
    const { wizard } = await onKStep();
    await wizard.setAlgorithm("dbscan");
    await settle(wizard);
    await wizard.setMinPoints(10);
    await settle(wizard);
    const { density } = wizard.state;
    expect(density.curve?.minPoints).toBe(10);
    expect(density.eps).toBe(Number(density.curve?.suggestedEps.toPrecision(2)));
    expect(density.eps).not.toBe(0.43);
    expect(density.counts?.minPoints).toBe(10);

    await wizard.setEps(0.5);
    await wizard.setMinPoints(4);
    await settle(wizard);
    expect(wizard.state.density).toMatchObject({ eps: 0.5, minPoints: 4, epsEdited: true });
  });

  it("runs, shows noise apart, and writes it as 0 under a header that says so", async () => {
    const on = await onKStep();
    const { wizard } = on;
    await wizard.setAlgorithm("dbscan");
    await settle(wizard);
    await wizard.next(); // run
    const result = wizard.state.result;
    expect(wizard.state.step).toBe("results");
    expect(result).toMatchObject({ algorithm: "dbscan", k: 3, sizes: [143, 33, 11], noise: 13 });
    expect(wizard.state.names).toHaveLength(3);

    await wizard.write();
    expect(wizard.state.problem).toBeNull();
    const data = sheet(on, "Customers");
    expect(data[0][5]).toBe(NOISE_HEADER);
    const labels = data.slice(1).map((row) => row[5]);
    expect(labels.filter((l) => l === 0)).toHaveLength(13);
    expect(labels.filter((l) => l === 1)).toHaveLength(143);
    const profile = sheet(on, PROFILE_SHEET);
    const noiseRow = profile.find((row) => row[1] === "Noise");
    expect(noiseRow?.slice(0, 3)).toEqual([0, "Noise", 13]);
  });
});

describe("the wizard's k step with a Gaussian mixture", () => {
  it("shows BIC over k, recommends the lowest, and runs the chosen k and covariance", async () => {
    const { wizard } = await onKStep();
    await wizard.setAlgorithm("gmm");
    const { mixture } = wizard.state;
    expect(mixture.sweep?.points.map((p) => p.k)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([mixture.covariance, mixture.k, mixture.sweep?.recommendation.k]).toEqual(["full", 5, 5]);

    await wizard.setCovariance("diag");
    expect(wizard.state.mixture.sweep?.covariance).toBe("diag");
    wizard.setMixtureK(4);
    expect(wizard.state.mixture.k).toBe(4);
    await wizard.next();
    expect(wizard.state.result).toMatchObject({
      algorithm: "gmm",
      k: 4,
      params: { k: 4, covariance: "diag", seed: 42, restarts: 4 },
    });
    expect(wizard.state.result?.confidence?.mean).toBeGreaterThan(0.5);
  });
});

describe("the algorithm and its choices", () => {
  it("are remembered in the workbook, and a typed eps is restored with them", async () => {
    const first = await onKStep();
    await first.wizard.setAlgorithm("dbscan");
    await settle(first.wizard);
    await first.wizard.setEps(0.5);
    await settle(first.wizard);
    const stored = first.host.workbook.snapshot().settings[SETTINGS_KEY];
    expect(stored).toMatchObject({ algorithm: "dbscan", eps: 0.5, minPoints: 5, covariance: "full" });

    const again = await onKStep({ settings: { [SETTINGS_KEY]: stored } });
    await settle(again.wizard);
    expect(again.wizard.state.algorithm).toBe("dbscan");
    expect(again.wizard.state.density).toMatchObject({ eps: 0.5, epsEdited: true });
    expect(again.wizard.state.density.counts?.eps).toBe(0.5);
  });

  it("all have to be explored again when the features change", async () => {
    const { wizard } = await onKStep();
    await wizard.setAlgorithm("gmm");
    await wizard.setAlgorithm("dbscan");
    await settle(wizard);
    expect(wizard.state.mixture.sweep).not.toBeNull();
    wizard.back();
    wizard.toggleFeature("Age", true);
    expect([wizard.state.sweep, wizard.state.mixture.sweep, wizard.state.density.curve]).toEqual([
      null,
      null,
      null,
    ]);
    expect(wizard.canGoTo("k")).toBe(false);
    await wizard.next();
    await settle(wizard);
    expect(wizard.state.density.curve).not.toBeNull();
    // Only the chosen algorithm is explored on the way in.
    expect(wizard.state.mixture.sweep).toBeNull();
  });
});

describe("an algorithm whose k step computes nothing", () => {
  it("needs only its entry: its parameters come from its table's defaults and what the user set", async () => {
    const { wizard } = await onKStep();
    const plain = plainAlgorithm({
      id: "kmeans",
      label: "k-means, plainly",
      summary: "",
      params: KMEANS_PARAMS,
    });
    expect(plain.explored(wizard.state)).toBe(true);
    // k has no default: no run until it is set.
    expect(plain.runParams(wizard.state)).toBeNull();
    wizard.setChoice("kmeans", "k", 3);
    wizard.setChoice("kmeans", "restarts", 0); // refused by the table: at least 1
    expect(wizard.state.choices).toEqual({ kmeans: { k: 3 } });
    expect(plain.runParams(wizard.state)).toEqual({ k: 3, seed: 42, restarts: 4 });
  });
});

describe("stability in the results", () => {
  it("scores each k-means segment as SEGMENT.STABILITY does, for the run on screen", async () => {
    const { wizard } = await onKStep();
    wizard.setK(5);
    await wizard.next();
    const result = wizard.state.result;
    expect(result?.k).toBe(5);
    await wizard.checkStability();
    expect(wizard.state.stability?.result).toBe(result);
    const incomeScore = mallCustomers().map((row) => [row[3], row[4]]);
    const spill = stabilitySpill(incomeScore, 5, null, "zscore", null, "none");
    expect(wizard.state.stability?.outcome).toEqual({
      runs: 100,
      segments: spill.slice(1).map((row) => ({ stability: row[2], verdict: row[5] })),
    });
    // A new run's results are not this one's: the scores do not carry over.
    wizard.back();
    wizard.setK(4);
    await wizard.next();
    expect(wizard.state.stability?.result).not.toBe(wizard.state.result);
  });

  it("is for k-means only", async () => {
    const { wizard } = await onKStep();
    await wizard.setAlgorithm("dbscan");
    await settle(wizard);
    await wizard.next();
    await wizard.checkStability();
    expect(wizard.state.stability).toBeNull();
  });
});
