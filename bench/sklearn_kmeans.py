#!/usr/bin/python3
"""scikit-learn's side of the benchmark (bench/run.ts starts it with /usr/bin/python3).

Reads the task as JSON in argv[1] (the same fields as bench/child.ts's Task), the data with
numpy.fromfile from the float64 file bench/data.ts wrote, and prints one JSON line as the
JavaScript children do: timesMs, the runs (k-means: run r with random_state seed + r) with
median iterations and inertia, or the silhouette value, and resident memory (baseline, with the
input, peak).

Modes (task["options"]["mode"]):
  kmeans      KMeans(n_clusters=k, n_init=1, init="k-means++", algorithm=<lloyd|elkan>,
              max_iter=300, tol=1e-4, random_state=seed): one seeding and iterations to
              convergence, as ours with restarts=1. The runner sets OMP_NUM_THREADS=1.
  silhouette  silhouette_score(X, labels): exact, every pair.
  dbscan      DBSCAN(eps, min_samples, metric="euclidean", algorithm="auto", n_jobs=None) (a k-d
              tree on these 2-D rows): clusters, core rows (core_sample_indices_) and noise rows
              (labels_ == -1) of the last run, with a note in the JavaScript child's words.
Inertia is recomputed the way the JavaScript children compute it: the sum of squared distances
of the rows to the mean of their cluster.
"""

import json
import os
import resource
import sys
import time

import numpy as np
from scipy import linalg
from sklearn.cluster import DBSCAN, KMeans
from sklearn.metrics import silhouette_score
from sklearn.mixture import GaussianMixture


class GivenStartMixture(GaussianMixture):
    """GaussianMixture that starts from weights_init, means_init and precisions_init without the
    KMeans and M-step scikit-learn 1.2 runs first and then discards (1.3's behaviour); the
    precision factors as its _initialize takes them from precisions_init."""

    def _initialize_parameters(self, X, random_state):
        self.weights_ = self.weights_init
        self.means_ = self.means_init
        if self.covariance_type == "full":
            self.precisions_cholesky_ = np.array(
                [linalg.cholesky(p, lower=True) for p in self.precisions_init]
            )
        elif self.covariance_type == "tied":
            self.precisions_cholesky_ = linalg.cholesky(self.precisions_init, lower=True)
        else:
            self.precisions_cholesky_ = np.sqrt(self.precisions_init)


def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def partition_inertia(x, labels):
    total = 0.0
    for c in np.unique(labels):
        rows = x[labels == c]
        total += float(((rows - rows.mean(axis=0)) ** 2).sum())
    return total


def main():
    task = json.loads(sys.argv[1])
    options = task.get("options") or {}
    baseline = rss_mb()
    x = np.fromfile(task["data"], dtype=np.float64).reshape(task["n"], task["d"])
    labels = np.fromfile(task["labels"], dtype=np.int32) if task.get("labels") else None
    input_mb = rss_mb()
    times = []
    out = {}
    if options["mode"] == "kmeans":
        runs = []
        for r in range(task["runs"]):
            start = time.perf_counter()
            fit = KMeans(
                n_clusters=task["k"],
                n_init=1,
                init="k-means++",
                algorithm=options["algorithm"],
                max_iter=300,
                tol=1e-4,
                random_state=task["seed"] + r,
            ).fit(x)
            ms = (time.perf_counter() - start) * 1000
            times.append(ms)
            runs.append(
                {
                    "seed": task["seed"] + r,
                    "ms": ms,
                    "iterations": int(fit.n_iter_),
                    "inertia": partition_inertia(x, fit.labels_),
                }
            )
        out = {
            "runs": runs,
            "iterations": float(np.median([run["iterations"] for run in runs])),
            "inertia": float(np.median([run["inertia"] for run in runs])),
        }
    elif options["mode"] == "dbscan":
        for _ in range(task["runs"]):
            start = time.perf_counter()
            fit = DBSCAN(eps=options["eps"], min_samples=options["minPoints"], n_jobs=None).fit(x)
            times.append((time.perf_counter() - start) * 1000)
        clusters = int(fit.labels_.max() + 1)
        core = int(len(fit.core_sample_indices_))
        noise = int((fit.labels_ == -1).sum())
        out = {
            "clusters": clusters,
            "core": core,
            "noise": noise,
            "note": f"{clusters} clusters, {core:,} core, {noise:,} noise",
        }
    elif options["mode"] == "gmm":
        k, d = task["k"], task["d"]
        start_values = np.fromfile(options["init"], dtype=np.float64)
        weights = start_values[:k]
        means = start_values[k : k + k * d].reshape(k, d)
        precisions = start_values[k + k * d :]
        if options["covariance"] == "full":
            precisions = precisions.reshape(k, d, d)
        elif options["covariance"] == "tied":
            precisions = precisions.reshape(d, d)
        elif options["covariance"] == "diag":
            precisions = precisions.reshape(k, d)
        for _ in range(task["runs"]):
            start = time.perf_counter()
            fit = GivenStartMixture(
                n_components=k,
                covariance_type=options["covariance"],
                tol=options["tolerance"],
                reg_covar=options["regCovar"],
                max_iter=options["maxIterations"],
                weights_init=weights,
                means_init=means,
                precisions_init=precisions,
            ).fit(x)
            times.append((time.perf_counter() - start) * 1000)
        bound = float(fit.lower_bound_)
        out = {
            "iterations": int(fit.n_iter_),
            "converged": bool(fit.converged_),
            "lowerBound": bound,
            "note": f"lower bound {bound:.12g}" + ("" if fit.converged_ else ", not converged"),
        }
    else:
        for _ in range(task["runs"]):
            start = time.perf_counter()
            value = silhouette_score(x, labels)
            times.append((time.perf_counter() - start) * 1000)
            out = {"value": float(value)}
    out.update({"timesMs": times, "baselineMb": baseline, "inputMb": input_mb, "peakMb": peak_mb()})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
