import type { Clusterer } from "./clusterer";
import { dbscanClusterer } from "./dbscan";
import { gmmClusterer } from "./gmm";
import { kmeansClusterer } from "./kmeans";

/**
 * Every algorithm behind the seam, by id: what the task pane's analysis runs. A new algorithm is its
 * file in this folder and a line here (then its SEGMENT function and its entry in the pane).
 */
export const CLUSTERERS = {
  kmeans: kmeansClusterer as unknown as Clusterer,
  gmm: gmmClusterer,
  dbscan: dbscanClusterer as unknown as Clusterer,
} as const;

export type ClustererId = keyof typeof CLUSTERERS;
