import type { ParamSpec } from "../core/algorithms/clusterer";
import { DBSCAN_PARAMS } from "../core/algorithms/dbscan";
import { GMM_PARAMS } from "../core/algorithms/gmm";
import { KMEANS_PARAMS } from "../core/algorithms/kmeans";
import type { AlgorithmId } from "./protocol";

/**
 * The algorithms the wizard offers, in the order it lists them, k-means first (the default). Each
 * points at its parameter table in the core, so the pane's controls take their bounds, defaults and
 * help from where the functions take theirs. A fourth algorithm is a line here and a panel for the k
 * step (views/algorithm-panels.ts); its parameters get inputs from the table alone.
 */
export interface PaneAlgorithm {
  readonly id: AlgorithmId;
  /** As the core's clusterer labels it (a test holds them equal). */
  readonly label: string;
  /** One line on when to choose it, for the k step. */
  readonly summary: string;
  readonly params: readonly ParamSpec[];
}

export const PANE_ALGORITHMS: readonly PaneAlgorithm[] = [
  {
    id: "kmeans",
    label: "k-means",
    summary: "Compact segments around a centre each. The usual choice, and the fastest.",
    params: KMEANS_PARAMS,
  },
  {
    id: "gmm",
    label: "Gaussian mixture",
    summary: "Segments as overlapping ellipses of any size and tilt; each customer gets a probability.",
    params: GMM_PARAMS,
  },
  {
    id: "dbscan",
    label: "DBSCAN",
    summary: "Segments as dense groups of any shape; customers in no dense group are noise.",
    params: DBSCAN_PARAMS,
  },
];

export const DEFAULT_ALGORITHM: AlgorithmId = "kmeans";

export function paneAlgorithm(id: AlgorithmId): PaneAlgorithm {
  return PANE_ALGORITHMS.find((a) => a.id === id) ?? PANE_ALGORITHMS[0];
}

/** The default of parameter `name` of algorithm `id`, as its table gives it. */
export function paramDefault(id: AlgorithmId, name: string): number | string | null {
  return paneAlgorithm(id).params.find((p) => p.name === name)?.default ?? null;
}

export function paramSpec(id: AlgorithmId, name: string): ParamSpec {
  const spec = paneAlgorithm(id).params.find((p) => p.name === name);
  if (!spec) throw new Error(`${id} has no parameter ${name}.`);
  return spec;
}
