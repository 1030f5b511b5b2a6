/*
 * Custom functions (namespace SEGMENT, see manifest.xml).
 *
 * custom-functions-metadata-plugin reads the JSDoc tags below to write dist/functions.json, and
 * its loader appends `CustomFunctions.associate("<ID>", <function>);` for every @customfunction
 * to this file at build time. So this file contains no associate() calls of its own: calling
 * associate() here as well would register each function twice.
 *
 * Each function only hands its raw arguments to a module that parses them and calls the core, and
 * runs inside guard(), which turns every failure into a CustomFunctions.Error with a message.
 * Ranges are typed unknown[][] (metadata type "any", like any[][]): a number[][] range would turn
 * empty cells into 0, and a missing value must stay missing. The descriptions are what Excel shows
 * in formula autocomplete: keep them short and concrete.
 */
import { bestK, elbowTable } from "./choosing";
import { guard } from "./errors";
import { dbscanSpill, kdistTable } from "./density";
import { forecastSpill, migrationSpill } from "./migration";
import { gmmBicSpill, gmmSpill } from "./mixtures";
import { metricsTable, profileTableOf, silhouetteOf } from "./evaluating";
import { toSpill } from "./output";
import { refitSpill } from "./refit";
import { rfmSpill } from "./rfm";
import { sqlSpill } from "./sql";
import { assignLabels, centroidsTable, kmeansSpill, modelOf } from "./segmenting";
import { stabilitySpill } from "./stability";

/**
 * Segments customers with k-means: spills one segment number per row of data (1 = largest segment), "" for a row with a missing value. With a header row, the spill starts with "Segment".
 * @customfunction KMEANS
 * @param data Customers, one per row, one feature per column (numbers, or text with few categories), optionally with a header row. Leave ID columns out.
 * @param k Number of segments to find, at least 1.
 * @param scaling How features are put on one scale: "zscore" (default), "minmax", "robust" or "none".
 * @param seed Random seed (default 42): the same seed and data always give the same segments.
 * @param restarts Number of k-means starts to try, the best kept (default 4).
 * @param transform "auto" (default: log(1 + x) for columns with a heavy right tail), "none", or the columns to log, e.g. "Frequency, Monetary".
 * @returns A column of segment numbers, lined up with data.
 */
export function segmentKmeans(
  data: unknown[][],
  k: number,
  scaling?: string,
  seed?: number,
  restarts?: number,
  transform?: string,
): Array<Array<number | string | boolean>> {
  return guard(() => kmeansSpill([data, k, scaling, seed, restarts, transform]));
}

/**
 * Segment centroids in the data's own units: Segment, Size, then each feature's mean (for a text category, its share of the segment).
 * @customfunction CENTROIDS
 * @param data Customers, one per row, one feature per column, optionally with a header row (the same range as in SEGMENT.KMEANS).
 * @param k Number of segments, at least 1.
 * @param scaling "zscore" (default), "minmax", "robust" or "none", as in SEGMENT.KMEANS.
 * @param seed Random seed (default 42), as in SEGMENT.KMEANS.
 * @param restarts Number of k-means starts (default 4), as in SEGMENT.KMEANS.
 * @param transform "auto" (default: log(1 + x) for columns with a heavy right tail), "none", or the columns to log, e.g. "Frequency, Monetary".
 * @returns A table with a header row and one row per segment.
 */
export function segmentCentroids(
  data: unknown[][],
  k: number,
  scaling?: string,
  seed?: number,
  restarts?: number,
  transform?: string,
): Array<Array<number | string | boolean>> {
  return guard(() => toSpill(centroidsTable([data, k, scaling, seed, restarts, transform])));
}

/**
 * Mean silhouette of a segmentation, from -1 to 1: how much closer customers are to their own segment than to the next one (above 0.5 is strong).
 * @customfunction SILHOUETTE
 * @param data Customers, one per row, as passed to SEGMENT.KMEANS.
 * @param labels Segment numbers lined up with data, such as the spill of SEGMENT.KMEANS (header cell included). Empty cells are left out.
 * @param scaling "zscore" (default), "minmax", "robust" or "none": use the scaling the segments were made with.
 * @param transform "auto" (default), "none" or the columns to log: the transform the segments were made with.
 * @returns The mean silhouette (exact up to 20,000 rows, a stratified-sample estimate above).
 */
export function segmentSilhouette(
  data: unknown[][],
  labels: unknown[][],
  scaling?: string,
  transform?: string,
): number {
  return guard(() => silhouetteOf(data, labels, scaling, transform));
}

/**
 * Tries k = kmin to kmax and scores each: inertia (for the elbow), silhouette, Calinski-Harabasz, Davies-Bouldin and the smallest segment's share, with the recommended k marked and the reason given.
 * @customfunction ELBOW
 * @param data Customers, one per row, one feature per column, optionally with a header row.
 * @param kmin Smallest k to try (default 2).
 * @param kmax Largest k to try (default 10; at most the number of rows minus 1).
 * @param scaling "zscore" (default), "minmax", "robust" or "none".
 * @param seed Random seed (default 42).
 * @param transform "auto" (default: log(1 + x) for columns with a heavy right tail), "none", or the columns to log, e.g. "Frequency, Monetary".
 * @returns A table: k, Inertia, Silhouette, Calinski-Harabasz, Davies-Bouldin, Smallest segment % (a share 0 to 1), Recommended.
 */
export function segmentElbow(
  data: unknown[][],
  kmin?: number,
  kmax?: number,
  scaling?: string,
  seed?: number,
  transform?: string,
): Array<Array<number | string | boolean>> {
  return guard(() => toSpill(elbowTable(data, kmin, kmax, scaling, seed, transform)));
}

/**
 * The recommended number of segments for data, from a sweep of k = kmin to kmax (with "auto", the k that SEGMENT.ELBOW marks for the same data, kmin, kmax, scaling and seed).
 * @customfunction BESTK
 * @param data Customers, one per row, one feature per column, optionally with a header row.
 * @param kmin Smallest k to consider (default 2).
 * @param kmax Largest k to consider (default 10).
 * @param method "auto" (default: the best silhouette, passing over a k that leaves a tiny segment; a k within 0.02 of it wins when Calinski-Harabasz and Davies-Bouldin both rate it better), "elbow", "silhouette" or "calinski".
 * @param scaling "zscore" (default), "minmax", "robust" or "none", as in SEGMENT.ELBOW.
 * @param seed Random seed (default 42), as in SEGMENT.ELBOW.
 * @param transform "auto" (default: log(1 + x) for columns with a heavy right tail), "none", or the columns to log, e.g. "Frequency, Monetary".
 * @returns The recommended k.
 */
export function segmentBestK(
  data: unknown[][],
  kmin?: number,
  kmax?: number,
  method?: string,
  scaling?: string,
  seed?: number,
  transform?: string,
): number {
  return guard(() => bestK(data, kmin, kmax, method, scaling, seed, transform));
}

/**
 * Describes each segment in the data's own units: size, share, each feature's mean and median, category shares, what sets it apart, and a generated name.
 * @customfunction PROFILE
 * @param data Customers, one per row, as passed to SEGMENT.KMEANS.
 * @param labels Segment numbers lined up with data, such as the spill of SEGMENT.KMEANS (header cell included).
 * @param scaling "zscore" (default), "minmax", "robust" or "none": the scaling the segments were made with (for the separation row).
 * @param transform "auto" (default), "none" or the columns to log: the transform the segments were made with.
 * @returns A table with a row per segment and a last row for all segments.
 */
export function segmentProfile(
  data: unknown[][],
  labels: unknown[][],
  scaling?: string,
  transform?: string,
): Array<Array<number | string | boolean>> {
  return guard(() => toSpill(profileTableOf(data, labels, scaling, transform)));
}

/**
 * Quality scores of a segmentation: Inertia (lower is tighter), Silhouette (higher is better), Calinski-Harabasz (higher is better), Davies-Bouldin (lower is better).
 * @customfunction METRICS
 * @param data Customers, one per row, as passed to SEGMENT.KMEANS.
 * @param labels Segment numbers lined up with data, such as the spill of SEGMENT.KMEANS (header cell included).
 * @param scaling "zscore" (default), "minmax", "robust" or "none": use the scaling the segments were made with.
 * @param transform "auto" (default), "none" or the columns to log: the transform the segments were made with.
 * @returns A two-column table, Metric and Value.
 */
export function segmentMetrics(
  data: unknown[][],
  labels: unknown[][],
  scaling?: string,
  transform?: string,
): Array<Array<number | string | boolean>> {
  return guard(() => toSpill(metricsTable(data, labels, scaling, transform)));
}

/**
 * The fitted segmentation as a readable table (features, scaling, category encodings, centroids in original units) that SEGMENT.ASSIGN applies to new rows.
 * @customfunction MODEL
 * @param data Customers, one per row, one feature per column, optionally with a header row.
 * @param k Number of segments, at least 1.
 * @param scaling "zscore" (default), "minmax", "robust" or "none".
 * @param seed Random seed (default 42).
 * @param restarts Number of k-means starts (default 4).
 * @param transform "auto" (default: log(1 + x) for columns with a heavy right tail), "none", or the columns to log, e.g. "Frequency, Monetary".
 * @param algorithm "kmeans" (default) or "gmm" for a Gaussian mixture, with its covariance if not full: "gmm diag", "gmm spherical", "gmm tied".
 * @returns The model table: keep it in the sheet and pass it to SEGMENT.ASSIGN.
 */
export function segmentModel(
  data: unknown[][],
  k: number,
  scaling?: string,
  seed?: number,
  restarts?: number,
  transform?: string,
  algorithm?: string,
): Array<Array<number | string | boolean>> {
  return guard(() => toSpill(modelOf([data, k, scaling, seed, restarts, transform], algorithm)));
}

/**
 * Assigns new customers to the segments of a SEGMENT.MODEL table, without refitting: one segment number per row.
 * @customfunction ASSIGN
 * @param new_data New customers, one per row. With a header row, columns are matched to the model by name; without, by position.
 * @param model The whole table spilled by SEGMENT.MODEL.
 * @returns A column of segment numbers, lined up with new_data ("" for a row with a missing value).
 */
export function segmentAssign(
  new_data: unknown[][],
  model: unknown[][],
): Array<Array<number | string | boolean>> {
  return guard(() => toSpill(assignLabels(new_data, model)));
}

/**
 * A SQL query that scores every row of a database table with a SEGMENT.MODEL table, as SEGMENT.ASSIGN would: spills the query, one line per cell, to copy into the database.
 * @customfunction SQL
 * @param model The whole table spilled by SEGMENT.MODEL (k-means or Gaussian mixture).
 * @param dialect "ansi" (default), "duckdb", "postgres", "bigquery", "spark" or "tsql".
 * @param table The table to score, e.g. "customers" (the default) or "sales.customers".
 * @param id_column The column that identifies a customer, returned beside its segment to join the result back (leave out: segment and distance only).
 * @returns The query: its rows are id (if given), segment, and the distance to the segment's centroid (a mixture: the segment's probability).
 */
export function segmentSql(
  model: unknown[][],
  dialect?: string,
  table?: string,
  id_column?: string,
): Array<Array<number | string | boolean>> {
  return guard(() => sqlSpill(model, dialect, table, id_column));
}

/**
 * Segments customers by density with DBSCAN: spills one segment number per row (1 = largest), 0 for noise (a customer in no dense group), "" for a row with a missing value.
 * @customfunction DBSCAN
 * @param data Customers, one per row, one feature per column, optionally with a header row, as in SEGMENT.KMEANS.
 * @param eps Neighbourhood radius in scaled units, above 0: SEGMENT.KDIST suggests one.
 * @param min_points Rows within eps, the row itself included, that make a row a core point (scikit-learn's min_samples; 5 is usual).
 * @param scaling How features are put on one scale: "zscore" (default), "minmax", "robust" or "none".
 * @param transform "auto" (default: log(1 + x) for columns with a heavy right tail), "none", or the columns to log.
 * @returns A column of segment numbers, lined up with data; 0 marks noise.
 */
export function segmentDbscan(
  data: unknown[][],
  eps: number,
  min_points: number,
  scaling?: string,
  transform?: string,
): Array<Array<number | string | boolean>> {
  return guard(() => dbscanSpill(data, eps, min_points, scaling, transform));
}

/**
 * The k-distance curve that helps choose DBSCAN's eps: each row's distance to its min_points-th nearest row, sorted, with the suggested eps at the curve's knee.
 * @customfunction KDIST
 * @param data Customers, as in SEGMENT.DBSCAN.
 * @param min_points As in SEGMENT.DBSCAN (default 5).
 * @param scaling As in SEGMENT.DBSCAN (default "zscore").
 * @param transform As in SEGMENT.DBSCAN (default "auto").
 * @returns A table: Rank, the distance, and the suggested eps on the knee's row (a sample of 5,000 rows above that).
 */
export function segmentKdist(
  data: unknown[][],
  min_points?: number,
  scaling?: string,
  transform?: string,
): Array<Array<number | string | boolean>> {
  return guard(() => toSpill(kdistTable(data, min_points, scaling, transform)));
}

/**
 * Segments customers as a Gaussian mixture: spills two columns, the segment (1 = largest) and the probability of that segment for the row.
 * @customfunction GMM
 * @param data Customers, one per row, one feature per column, optionally with a header row, as in SEGMENT.KMEANS.
 * @param k Number of segments (Gaussian components), at least 1.
 * @param covariance Shape of each segment: "full" (default), "diag", "spherical" or "tied".
 * @param scaling "zscore" (default), "minmax", "robust" or "none", as in SEGMENT.KMEANS.
 * @param seed Random seed of the k-means starts (default 42).
 * @param restarts Number of starts, the most likely kept (default 4).
 * @param transform "auto" (default), "none", or the columns to log, as in SEGMENT.KMEANS.
 * @returns Segment and Probability columns, lined up with data.
 */
export function segmentGmm(
  data: unknown[][],
  k: number,
  covariance?: string,
  scaling?: string,
  seed?: number,
  restarts?: number,
  transform?: string,
): Array<Array<number | string | boolean>> {
  return guard(() => gmmSpill(data, k, covariance, scaling, seed, restarts, transform));
}

/**
 * How many Gaussian components the data support: BIC and AIC for each k (lower is better), from k = 1 (no structure) by default, with the recommended k and why.
 * @customfunction GMMBIC
 * @param data Customers, as in SEGMENT.GMM.
 * @param kmin Smallest k to try (default 1: one Gaussian, no segments).
 * @param kmax Largest k to try (default 10).
 * @param covariance "full" (default), "diag", "spherical" or "tied", as in SEGMENT.GMM.
 * @param scaling As in SEGMENT.GMM (default "zscore").
 * @param transform As in SEGMENT.GMM (default "auto").
 * @returns A table: k, BIC, AIC, Log-likelihood per row, Converged, Recommended.
 */
export function segmentGmmBic(
  data: unknown[][],
  kmin?: number,
  kmax?: number,
  covariance?: string,
  scaling?: string,
  transform?: string,
): Array<Array<number | string | boolean>> {
  return guard(() => toSpill(gmmBicSpill(data, kmin, kmax, covariance, scaling, transform)));
}

/**
 * How stable each segment of SEGMENT.KMEANS is: the mean Jaccard similarity of its best match over bootstrap resamples, as R's clusterboot (1 = perfectly stable; below 0.6 dissolving).
 * @customfunction STABILITY
 * @param data Customers, one per row, as passed to SEGMENT.KMEANS.
 * @param k Number of segments, at least 1.
 * @param runs Bootstrap resamples, each fitted with k-means (default 100, 10 to 1000).
 * @param scaling "zscore" (default), "minmax", "robust" or "none", as in SEGMENT.KMEANS.
 * @param seed Random seed (default 42): the segments scored are SEGMENT.KMEANS's with this seed, and the resamples are drawn with it.
 * @param transform "auto" (default), "none" or the columns to log, as in SEGMENT.KMEANS.
 * @returns A table: Segment, Size, Stability, Dissolved (runs with Jaccard ≤ 0.5), Recovered (runs with Jaccard ≥ 0.75), Verdict.
 */
export function segmentStability(
  data: unknown[][],
  k: number,
  runs?: number,
  scaling?: string,
  seed?: number,
  transform?: string,
): Array<Array<number | string | boolean>> {
  return guard(() => stabilitySpill(data, k, runs, scaling, seed, transform));
}

/**
 * Fits a SEGMENT.MODEL table again on refreshed data, starting from its centroids; segments keep their numbers (matched by centroid distance), so segment 1 need not be the largest.
 * @customfunction REFIT
 * @param data The refreshed customers, with the model's columns (by name under a header row, else in the model's order).
 * @param model A table made by SEGMENT.MODEL (k-means), whole.
 * @param output "model" (default): the new model table, for SEGMENT.ASSIGN; "moved": how far each centroid moved.
 * @param k Number of segments (default the model's; more adds segments numbered after the model's).
 * @returns A model table, or a table: Segment, Size before, Size now, Distance moved (scaled), each feature's change.
 */
export function segmentRefit(
  data: unknown[][],
  model: unknown[][],
  output?: string,
  k?: number,
): Array<Array<number | string | boolean>> {
  return guard(() => refitSpill(data, model, output, k));
}

/**
 * RFM per customer from transactions: Recency, Frequency, Monetary, their scores 1..5 by quintiles (equal values equal scores), the RFM code and the segment name (Champions ... Hibernating).
 * @customfunction RFM
 * @param customer_ids The customer id of each line, one column (a header row is recognised and skipped).
 * @param dates The date of each line: Excel dates or text dates, lined up with customer_ids.
 * @param amounts The amount of each line (for example quantity x unit price), lined up with customer_ids.
 * @param as_of The day Recency is counted to (default: the day after the last date).
 * @param invoice_ids The invoice id of each line: Frequency counts distinct invoices; ids starting with C are cancellations.
 * @param returns "exclude" (default) leaves cancellations and amounts of zero or less out; "net" subtracts them from Monetary.
 * @returns One row per customer under a header: Customer, Recency (days), Frequency, Monetary, R, F, M, RFM, RFM segment, Notes.
 */
export function segmentRfm(
  customer_ids: unknown[][],
  dates: unknown[][],
  amounts: unknown[][],
  as_of?: unknown,
  invoice_ids?: unknown[][],
  returns?: string,
): Array<Array<number | string | boolean>> {
  return guard(() => rfmSpill(customer_ids, dates, amounts, as_of, invoice_ids, returns));
}

/**
 * How customers moved between two segmentations: counts from each segment before to each segment after, with New, Gone and totals, then each before row's shares.
 * @customfunction MIGRATION
 * @param labels_before Segment numbers before, one per customer, such as a SEGMENT.KMEANS spill (a header cell on top is skipped; 0 is noise; an empty cell is a customer not segmented).
 * @param labels_after Segment numbers after, as labels_before.
 * @param ids_before Customer ids of labels_before's rows (the same rows, header cell included). Give both id columns to match customers by id, neither to match row by row.
 * @param ids_after Customer ids of labels_after's rows.
 * @returns Two blocks a blank row apart: counts under "Before \ After" (a row per segment before, New, Total; a column per segment after, Gone, Total), then "Share of row".
 */
export function segmentMigration(
  labels_before: unknown[][],
  labels_after: unknown[][],
  ids_before?: unknown[][],
  ids_after?: unknown[][],
): Array<Array<number | string | boolean>> {
  return guard(() => migrationSpill(labels_before, labels_after, ids_before, ids_after));
}

/**
 * Projects segment sizes forward from a SEGMENT.MIGRATION table under a first-order Markov chain: next period's segment depends only on this period's, with the same probabilities every period; new and lost customers are not modelled.
 * @customfunction FORECAST
 * @param migration The SEGMENT.MIGRATION spill, or its counts block (from "Before \ After" to its Total row).
 * @param steps Periods to project (default 1, 1 to 120).
 * @returns A table: Segment, Now (the sizes after), After 1 step, ..., Long run (where the sizes settle, empty if they cycle), Notes.
 */
export function segmentForecast(
  migration: unknown[][],
  steps?: number,
): Array<Array<number | string | boolean>> {
  return guard(() => forecastSpill(migration, steps));
}

/**
 * Returns the version of the Segment add-in.
 * @customfunction VERSION
 * @returns The add-in version.
 */
export function version(): string {
  return "0.1.0";
}
