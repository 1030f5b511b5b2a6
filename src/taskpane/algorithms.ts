import type { ParamSpec, ParamValue } from "../core/algorithms/clusterer";
import { DBSCAN_PARAMS } from "../core/algorithms/dbscan";
import { GMM_PARAMS } from "../core/algorithms/gmm";
import { KMEANS_PARAMS } from "../core/algorithms/kmeans";
import type { AlgorithmId } from "./protocol";
import type { Wizard, WizardState } from "./wizard";

/**
 * The algorithms the wizard offers, in the order it lists them, k-means first (the default). Each
 * entry says what the k step computes before a run (explore) and what the run takes (runParams), and
 * points at its parameter table in the core, so the pane's controls take their bounds, defaults and
 * help from where the functions take theirs. The wizard, the Run button and the Run step know nothing
 * else of any algorithm; its panel of controls and charts is in views/algorithm-panels.ts.
 */
export interface PaneAlgorithm {
  readonly id: AlgorithmId;
  /** As the core's clusterer labels it (a test holds them equal). */
  readonly label: string;
  /** One line on when to choose it, for the k step. */
  readonly summary: string;
  readonly params: readonly ParamSpec[];
  /** Whether the k step has what it shows for this algorithm (a sweep, a curve), given the state. */
  explored(state: WizardState): boolean;
  /** Computes it. */
  explore(wizard: Wizard): Promise<void>;
  /** The run's parameters by the names of the table (its defaults fill the rest), or null while one is unchosen. */
  runParams(state: WizardState): Record<string, ParamValue> | null;
}

/**
 * An algorithm whose k step needs nothing computed: its parameters are the values set through the
 * generic form of its table (views/params-panel.ts, Wizard.setChoice), its defaults filling the rest.
 */
export function plainAlgorithm(
  entry: Pick<PaneAlgorithm, "id" | "label" | "summary" | "params">,
): PaneAlgorithm {
  return {
    ...entry,
    explored: () => true,
    explore: async () => undefined,
    runParams(state) {
      const chosen = state.choices[entry.id] ?? {};
      const params: Record<string, ParamValue> = {};
      for (const spec of entry.params) {
        const value = chosen[spec.name] ?? spec.default;
        if (value === null) return null;
        params[spec.name] = value;
      }
      return params;
    },
  };
}

export const PANE_ALGORITHMS: readonly PaneAlgorithm[] = [
  {
    id: "kmeans",
    label: "k-means",
    summary: "Compact segments around a centre each. The usual choice, and the fastest.",
    params: KMEANS_PARAMS,
    explored: (s) => s.sweep !== null,
    explore: (wizard) => wizard.computeSweep(),
    runParams: (s) => (s.sweep !== null && s.k !== null ? { k: s.k } : null),
  },
  {
    id: "gmm",
    label: "Gaussian mixture",
    summary: "Segments as overlapping ellipses of any size and tilt; each customer gets a probability.",
    params: GMM_PARAMS,
    explored: (s) => s.mixture.sweep !== null,
    explore: (wizard) => wizard.computeMixtureSweep(),
    runParams: ({ mixture }) =>
      mixture.sweep !== null && mixture.k !== null ? { k: mixture.k, covariance: mixture.covariance } : null,
  },
  {
    id: "dbscan",
    label: "DBSCAN",
    summary: "Segments as dense groups of any shape; customers in no dense group are noise.",
    params: DBSCAN_PARAMS,
    explored: (s) => s.density.curve !== null,
    explore: (wizard) => wizard.computeDensityCurve(),
    runParams: ({ density }) =>
      density.curve !== null && density.eps !== null
        ? { eps: density.eps, min_points: density.minPoints }
        : null,
  },
];

export const DEFAULT_ALGORITHM: AlgorithmId = "kmeans";

export function paneAlgorithm(id: AlgorithmId): PaneAlgorithm {
  return PANE_ALGORITHMS.find((a) => a.id === id) ?? PANE_ALGORITHMS[0];
}

/** The default of parameter `name` of algorithm `id`, as its table gives it. */
export function paramDefault(id: AlgorithmId, name: string): ParamValue | null {
  return paneAlgorithm(id).params.find((p) => p.name === name)?.default ?? null;
}

export function paramSpec(id: AlgorithmId, name: string): ParamSpec {
  const spec = paneAlgorithm(id).params.find((p) => p.name === name);
  if (!spec) throw new Error(`${id} has no parameter ${name}.`);
  return spec;
}

/** "k = 5", "eps = 0.43": the first parameter a run takes, for the Run button and the Run step. */
export function leadingChoice(id: AlgorithmId, params: Record<string, ParamValue> | null): string | null {
  const first = paneAlgorithm(id).params[0];
  return params && first ? `${first.name} = ${String(params[first.name])}` : null;
}
