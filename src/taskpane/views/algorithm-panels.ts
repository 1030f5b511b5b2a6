import type { Chart } from "../charts/setup";
import type { AlgorithmId } from "../protocol";
import type { Wizard, WizardState } from "../wizard";
import { densityPanel } from "./density-panel";
import { kmeansPanel } from "./kmeans-panel";
import { mixturePanel } from "./mixture-panel";

/**
 * What the k step shows for one algorithm, under the algorithm's choice: its controls and charts.
 * The step draws the charts in turn once it is in the page, and hands them back to `update`.
 */
export interface AlgorithmPanel {
  readonly heading: string;
  readonly nodes: readonly (Node | null)[];
  readonly charts: readonly (() => Chart)[];
  update?(state: WizardState, charts: readonly Chart[]): void;
}

export type PanelFactory = (state: WizardState, wizard: Wizard) => AlgorithmPanel;

/** Each algorithm's panel: a new algorithm's pane entry is a line in algorithms.ts and one here. */
export const PANELS: Readonly<Record<AlgorithmId, PanelFactory>> = {
  kmeans: kmeansPanel,
  gmm: mixturePanel,
  dbscan: densityPanel,
};
