/**
 * Choosing k for a Gaussian mixture: a fit per k, scored by BIC and AIC as scikit-learn scores them,
 * and the k with the lowest BIC recommended, in words an analyst can act on. k = 1 is allowed and
 * worth including: one Gaussian with the lowest BIC says the data show no segment structure at all.
 */
import { DEFAULTS } from "../defaults";
import { SegmentError } from "../errors";
import type { Matrix } from "../matrix";
import type { FitProgress } from "./clusterer";
import type { CovarianceType } from "./gmm-covariance";
import { GMM_DEFAULTS, gaussianMixture } from "./gmm-fit";

export const GMM_BIC_DEFAULTS = {
  /** From one Gaussian: whether there is any structure at all is the first question. */
  kmin: 1,
  kmax: DEFAULTS.kmax,
} as const;

export interface GmmBicOptions {
  /** Default 1. */
  readonly kmin?: number;
  /** Default 10; capped at the number of rows. */
  readonly kmax?: number;
  /** Default "full". */
  readonly covariance?: CovarianceType;
  /** Default 42. */
  readonly seed?: number;
  /** Starts per k. Default 4. */
  readonly restarts?: number;
}

export interface GmmBicRow {
  readonly k: number;
  /** scikit-learn's bic(X) of the fit: lower is better. */
  readonly bic: number;
  /** scikit-learn's aic(X) of the fit: lower is better. */
  readonly aic: number;
  /**
   * Mean log-likelihood per row at the last iteration's E-step (scikit-learn's lower_bound_), under
   * the parameters before the last M-step.
   */
  readonly lowerBound: number;
  /** Mean log-likelihood per row under the fitted parameters (scikit-learn's score), as BIC uses. */
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly iterations: number;
}

export interface GmmBicTable {
  readonly rows: readonly GmmBicRow[];
  readonly recommendation: { readonly k: number; readonly reason: string };
  /**
   * Set when the table stops before kmax because a fit was impossible (too few different rows for
   * that many components, or a singular covariance): every larger k would fail the same way.
   */
  readonly stopped: { readonly k: number; readonly message: string } | null;
}

/** Fits a mixture for every k in kmin..kmax and recommends the k with the lowest BIC. */
export function gmmBicTable(
  matrix: Matrix,
  options: GmmBicOptions = {},
  progress?: FitProgress,
): GmmBicTable {
  const kmin = options.kmin ?? GMM_BIC_DEFAULTS.kmin;
  const kmax = Math.min(options.kmax ?? GMM_BIC_DEFAULTS.kmax, matrix.n);
  if (!Number.isInteger(kmin) || kmin < 1) {
    throw new SegmentError("value", "kmin must be a whole number of at least 1.");
  }
  if (!Number.isInteger(kmax) || kmax < kmin) {
    throw new SegmentError(
      "value",
      `kmax must be a whole number of at least kmin (${kmin}) and at most the ${matrix.n} rows.`,
    );
  }
  const covariance = options.covariance ?? GMM_DEFAULTS.covariance;
  const rows: GmmBicRow[] = [];
  let stopped: GmmBicTable["stopped"] = null;
  const steps = kmax - kmin + 1;
  for (let k = kmin; k <= kmax; k++) {
    const step = k - kmin;
    const report: FitProgress | undefined = progress
      ? (fraction, message) => progress((step + (fraction ?? 0)) / steps, `k = ${k}: ${message}`)
      : undefined;
    try {
      const fit = gaussianMixture(
        matrix,
        { k, covariance, seed: options.seed, restarts: options.restarts },
        report,
      );
      rows.push({
        k,
        bic: fit.bic,
        aic: fit.aic,
        lowerBound: fit.lowerBound,
        logLikelihood: fit.logLikelihood,
        converged: fit.converged,
        iterations: fit.iterations,
      });
    } catch (error) {
      // A larger k than the data can carry: the k below are the table, and failing the whole of it
      // would refuse GMMBIC over a kmax nobody chose with care.
      if (error instanceof SegmentError && k > kmin) {
        stopped = { k, message: error.message };
        break;
      }
      throw error;
    }
  }
  return { rows, recommendation: recommend(rows, stopped, kmax), stopped };
}

/**
 * A BIC difference in words, after Kass and Raftery's (1995) grades of evidence (a BIC difference is
 * about 2 ln of the Bayes factor): under 2 not worth more than a mention, 2 to 6 positive, 6 to 10
 * strong, above 10 very strong.
 */
function strength(delta: number, winner: string): string {
  if (delta < 2) return "too small a difference to tell the two apart";
  if (delta < 6) return `positive evidence for ${winner}`;
  if (delta < 10) return `strong evidence for ${winner}`;
  return `very strong evidence for ${winner}`;
}

function round(x: number): string {
  return (Math.round(x * 10) / 10).toFixed(1);
}

function recommend(
  rows: readonly GmmBicRow[],
  stopped: GmmBicTable["stopped"],
  kmax: number,
): { k: number; reason: string } {
  let best = rows[0];
  for (const row of rows) if (row.bic < best.bic) best = row;
  const { k } = best;
  if (rows.length === 1) {
    return { k, reason: `Only k = ${k} was fitted, so there is nothing to compare it with.` };
  }
  const others = rows.filter((r) => r !== best).sort((a, b) => a.bic - b.bic);
  const next = others[0];
  const delta = next.bic - best.bic;
  const parts: string[] = [];
  if (k === 1) {
    parts.push(
      `One Gaussian has the lowest BIC (${round(best.bic)}): the data show no clear segment structure, ` +
        `and segments cut from them would split one continuous cloud. The next best, k = ${next.k}, ` +
        `is ${round(delta)} higher: ${strength(delta, "one Gaussian")}.`,
    );
  } else {
    parts.push(
      `k = ${k} has the lowest BIC (${round(best.bic)}), ${round(delta)} below the next best, k = ${next.k}: ` +
        `${strength(delta, `k = ${k}`)}.`,
    );
    if (delta < 2 && next.k < k) parts.push(`The simpler k = ${next.k} may serve as well.`);
    const one = rows.find((r) => r.k === 1);
    if (one)
      parts.push(`One Gaussian (k = 1) is ${round(one.bic - best.bic)} higher, so there is structure.`);
  }
  let bestAic = rows[0];
  for (const row of rows) if (row.aic < bestAic.aic) bestAic = row;
  if (bestAic.k !== k) {
    const edge = bestAic.k === rows[rows.length - 1].k ? ", the largest tried" : "";
    parts.push(`AIC, which penalises extra components less, would choose k = ${bestAic.k}${edge}.`);
  }
  const last = rows[rows.length - 1].k;
  if (k === last && stopped === null && last === kmax && k > 1) {
    parts.push("That is the largest k tried: a larger kmax may give a lower BIC still.");
  }
  if (stopped !== null) parts.push(`k = ${stopped.k} and above could not be fitted: ${stopped.message}`);
  if (!best.converged) parts.push(`The fit at k = ${k} had not converged when it stopped.`);
  return { k, reason: parts.join(" ") };
}
