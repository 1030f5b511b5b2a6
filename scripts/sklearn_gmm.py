#!/usr/bin/python3
"""Gaussian-mixture reference numbers from scikit-learn for test/core/gmm.test.ts.

Run from the project root (needs scikit-learn, numpy and scipy; Debian's python3-sklearn is enough):

    /usr/bin/python3 scripts/sklearn_gmm.py

It reads test/fixtures/mall-customers.csv and test/fixtures/iris.csv and writes
test/fixtures/sklearn-gmm.json. The output is deterministic: run it twice and the file is the same
byte for byte (for the same scikit-learn / numpy / scipy versions, recorded under "meta").
Floats are written with Python's repr, the shortest text that reads back as the same double.

Data:
  mall  Annual Income (k$) and Spending Score (1-100), z-scored with StandardScaler (population
        standard deviation, as the core's "zscore" scaling), 200 rows.
  iris  the four measurements, unscaled, 150 rows.

Every case starts both implementations from the same parameters, so that the EM iterations can be
compared step for step (the core's own start is its k-means, which scikit-learn cannot reproduce):

  1. a fixed labelling: KMeans(n_clusters=k, n_init=10, random_state=0).fit(X).labels_;
  2. one-hot responsibilities of it -> _estimate_gaussian_parameters(X, resp, reg_covar=1e-6,
     covariance_type) (sklearn.mixture._gaussian_mixture) -> weights = nk / n, means, covariances;
  3. _compute_precision_cholesky(covariances, type) -> the type's precisions:
     full: P_c = L_c L_c^T per component; tied: P = L L^T; diag and spherical: L ** 2;
  4. GaussianMixture(n_components=k, covariance_type=type, weights_init=weights, means_init=means,
     precisions_init=precisions, reg_covar=1e-6, tol=1e-3, max_iter=<maxIter>, random_state=0),
     fit_predict(X). (With init_params="kmeans", its default, scikit-learn still runs a KMeans of
     its own before the given weights, means and precisions replace what it gives; with
     random_state=0 that changes nothing but time.)

Recorded per case (labels are scikit-learn's component indices, 0-based, in its order; the core
renumbers segments by size):
  initLabels       the k-means labelling of step 1
  init             weights (k), means (k x d), precisions in scikit-learn's layout for the type,
                   flat row-major: full k x d x d, tied d x d, diag k x d, spherical k
  labels           fit_predict(X): the argmax of the final E-step, after the last M-step
  lowerBound       lower_bound_: the mean log-likelihood of the E-step of the last iteration,
                   i.e. of the parameters BEFORE the last M-step
  score            score(X): the mean log-likelihood under the final parameters (what bic/aic use)
  nIter, converged n_iter_, converged_
  weights, means, covariances   weights_, means_, covariances_ (flat, the layouts above)
  bic, aic, nParameters         bic(X), aic(X), _n_parameters()
  probaFirstRows   predict_proba(X[:10]) (10 x k)
  firstRows        X[:3], to check that the core's scaling gives the same matrix

Cases: each covariance type on mall (k = 5) and iris (k = 3) with max_iter = 100; mall with k = 1
(one Gaussian, for the BIC of "no structure"); and iris full with max_iter = 3, a fit that stops
before it converges (its ConvergenceWarning is expected and silenced).

Paths: the lower bound after each iteration, from the same kind of start, as lower_bound_ of fits
with max_iter = 1, 2, ..., T and tol = 0 (so that each runs exactly max_iter iterations). For mall
k = 5 full, and for "dip": twelve 1-D values (found by the property tests of gmm.test.ts) on which
the lower bound with reg_covar = 1e-6 falls slightly (about 7e-11) from iteration 4 to 5, and does
not with reg_covar = 0. EM only guarantees a non-decreasing likelihood for the exact M-step; adding
reg_covar to the covariances makes the step a little off the maximiser, and near convergence the
likelihood can approach its limit from above. scikit-learn does the same; the core follows it.
"""

import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import (
    _compute_precision_cholesky,
    _estimate_gaussian_parameters,
)
from sklearn.preprocessing import StandardScaler
from reference_io import dump, floats, ints, numeric_columns, read_csv, rows_of

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "test", "fixtures")
OUT = os.path.join(FIXTURES, "sklearn-gmm.json")

IRIS_FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
MALL_FEATURES = ["Annual Income (k$)", "Spending Score (1-100)"]
REG_COVAR = 1e-6
TOL = 1e-3
TYPES = ["full", "diag", "spherical", "tied"]


mall_header, mall_rows = read_csv("mall-customers.csv")
X_mall = StandardScaler().fit_transform(numeric_columns(mall_header, mall_rows, MALL_FEATURES))
iris_header, iris_rows = read_csv("iris.csv")
X_iris = numeric_columns(iris_header, iris_rows, IRIS_FEATURES)

DATA = {
    "mall": (X_mall, "mall-customers.csv", MALL_FEATURES, "zscore"),
    "iris": (X_iris, "iris.csv", IRIS_FEATURES, "none"),
}


def initial_parameters(X, k, covariance_type):
    """weights, means and precisions from a fixed k-means labelling, as scikit-learn's own init."""
    n = X.shape[0]
    labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit(X).labels_
    resp = np.zeros((n, k))
    resp[np.arange(n), labels] = 1
    nk, means, covariances = _estimate_gaussian_parameters(X, resp, REG_COVAR, covariance_type)
    weights = nk / n
    chol = _compute_precision_cholesky(covariances, covariance_type)
    if covariance_type == "full":
        precisions = np.array([c @ c.T for c in chol])
    elif covariance_type == "tied":
        precisions = chol @ chol.T
    else:
        precisions = chol**2
    return labels, weights, means, precisions


DIP = np.array(
    [
        -4.914677585567587, -4.723299597617017, -5.466190839441586, -5.873571125159662,
        -5.38935258768872, -4.893397768616922, -5.856630723274635, -5.96654765767528,
        -5.7991394161232455, -5.420720740196852, -5.3998615016613565, -5.538130014420192,
    ]
).reshape(-1, 1)

CASES = [(dataset, k, t, 100) for dataset, k in (("mall", 5), ("iris", 3)) for t in TYPES]
CASES += [("mall", 1, "full", 100), ("iris", 3, "full", 3)]

cases = []
for dataset, k, covariance_type, max_iter in CASES:
    X, file, features, scaling = DATA[dataset]
    kmeans_labels, weights, means, precisions = initial_parameters(X, k, covariance_type)
    gm = GaussianMixture(
        n_components=k,
        covariance_type=covariance_type,
        weights_init=weights,
        means_init=means,
        precisions_init=precisions,
        reg_covar=REG_COVAR,
        tol=TOL,
        max_iter=max_iter,
        random_state=0,
    )
    with warnings.catch_warnings():
        # The max_iter = 3 case is meant not to converge.
        warnings.simplefilter("ignore", ConvergenceWarning)
        labels = gm.fit_predict(X)
    assert np.array_equal(labels, gm.predict(X))
    cases.append(
        {
            "name": f"{dataset}-k{k}-{covariance_type}"
            + ("" if max_iter == 100 else f"-maxiter{max_iter}"),
            "dataset": dataset,
            "features": features,
            "scaling": scaling,
            "k": k,
            "covariance": covariance_type,
            "regCovar": REG_COVAR,
            "tol": TOL,
            "maxIter": max_iter,
            "firstRows": rows_of(X[:3]),
            "initLabels": ints(kmeans_labels),
            "init": {
                "weights": floats(weights),
                "means": floats(means),
                "precisions": floats(precisions),
            },
            "labels": ints(labels),
            "lowerBound": float(gm.lower_bound_),
            "score": float(gm.score(X)),
            "nIter": int(gm.n_iter_),
            "converged": bool(gm.converged_),
            "weights": floats(gm.weights_),
            "means": floats(gm.means_),
            "covariances": floats(gm.covariances_),
            "bic": float(gm.bic(X)),
            "aic": float(gm.aic(X)),
            "nParameters": int(gm._n_parameters()),
            "probaFirstRows": rows_of(gm.predict_proba(X[:10])),
        }
    )

PATHS = [("mall-k5-full", X_mall, 5, "full", REG_COVAR, 8)]
PATHS += [(f"dip-k2-full-reg{reg!r}", DIP, 2, "full", reg, 8) for reg in (REG_COVAR, 0.0)]

paths = []
for name, X, k, covariance_type, reg_covar, iterations in PATHS:
    _, weights, means, precisions = initial_parameters(X, k, covariance_type)
    bounds = []
    for max_iter in range(1, iterations + 1):
        gm = GaussianMixture(
            n_components=k,
            covariance_type=covariance_type,
            weights_init=weights,
            means_init=means,
            precisions_init=precisions,
            reg_covar=reg_covar,
            tol=0.0,
            max_iter=max_iter,
            random_state=0,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            gm.fit(X)
        assert gm.n_iter_ == max_iter
        bounds.append(float(gm.lower_bound_))
    paths.append(
        {
            "name": name,
            **({"dataset": "mall"} if X is X_mall else {"data": floats(X)}),
            "k": k,
            "covariance": covariance_type,
            "regCovar": reg_covar,
            "init": {
                "weights": floats(weights),
                "means": floats(means),
                "precisions": floats(precisions),
            },
            "lowerBounds": bounds,
        }
    )

reference = {
    "meta": {
        "generator": "scripts/sklearn_gmm.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "datasets": {
            name: {"file": d[1], "features": d[2], "scaling": d[3]} for name, d in DATA.items()
        },
        "note": (
            "Labels are scikit-learn's component indices (0-based, its order); the core numbers "
            "segments by size. Arrays are flat, row-major, in scikit-learn's layout for the "
            "covariance type."
        ),
    },
    "cases": cases,
    "paths": paths,
}


with open(OUT, "w") as f:
    f.write(dump(reference) + "\n")
print(f"wrote {os.path.relpath(OUT, ROOT)}", file=sys.stderr)
