#!/usr/bin/python3
"""Reference DBSCAN runs from scikit-learn for test/core/dbscan.test.ts.

Run from the project root (needs scikit-learn and numpy; Debian's python3-sklearn is enough):

    /usr/bin/python3 scripts/sklearn_dbscan.py

It reads test/fixtures/mall-customers.csv and writes test/fixtures/sklearn-dbscan.json. The output
is deterministic: run it twice and the file is the same byte for byte (for the same scikit-learn and
numpy versions, recorded under "meta"). Every data set is stored as X, so the test needs nothing
else; floats are written with Python's repr, the shortest text that reads back as the same double.

Each DBSCAN case is DBSCAN(eps, min_samples, metric="euclidean") fitted with algorithm="auto",
"kd_tree", "ball_tree" and "brute": the script stops if any two disagree on labels_ or
core_sample_indices_, so that no case hangs on a distance that rounds to either side of eps. A case
records eps, minSamples, labels (scikit-learn's labels_: 0-based in the order clusters were found,
-1 for noise), coreSampleIndices, and the counts of clusters, noise and core rows.

Data sets (X):
  mall          Annual Income (k$) and Spending Score (1-100) of the 200 Mall customers, z-scored with
                the population standard deviation (StandardScaler).
  blobs2d       make_blobs(400, centers=4, cluster_std=0.6, random_state=0) plus 60 rows uniform in
                the blobs' box widened by 1 (RandomState(1)): clusters with noise, 2 features.
  blobs3d       make_blobs(300, n_features=3, centers=3, cluster_std=0.8, random_state=4) plus 30
                uniform rows (RandomState(5)).
  blobs5d       make_blobs(400, n_features=5, centers=3, cluster_std=1.0, random_state=2) plus 40
                uniform rows (RandomState(3)): the k-d tree's side (above 3 features).
  dup2d         150 rows of whole numbers 0..9 in 2 features (RandomState(6)): many exact duplicates,
                and distances of exactly 1 and sqrt(2), so eps 1 tests "<= eps".
  dup5d         200 rows of whole numbers 0..2 in 5 features (RandomState(7)).

Cases: several eps and min_samples per data set, among them one where every row is noise
(blobs2d, eps 1e-3), one with a single cluster (mall, eps 10), and min_samples 1 (every row core).

kdist: for some data sets and k, NearestNeighbors(n_neighbors=k, algorithm="kd_tree").fit(X)
.kneighbors(X)[0][:, -1] sorted ascending: the distance to the k-th nearest row, the row itself
counted first (X is passed again, so each row is its own neighbour at distance 0).
"""

import csv
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN
from sklearn.datasets import make_blobs
from sklearn.neighbors import NearestNeighbors
from reference_io import dump

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "test", "fixtures")
OUT = os.path.join(FIXTURES, "sklearn-dbscan.json")


def mall():
    with open(os.path.join(FIXTURES, "mall-customers.csv"), newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    idx = [header.index("Annual Income (k$)"), header.index("Spending Score (1-100)")]
    x = np.array([[float(r[j]) for j in idx] for r in rows[1:]], dtype=np.float64)
    return (x - x.mean(axis=0)) / x.std(axis=0)


def with_noise(x, count, seed):
    rng = np.random.RandomState(seed)
    lo = x.min(axis=0) - 1
    hi = x.max(axis=0) + 1
    return np.vstack([x, rng.uniform(lo, hi, size=(count, x.shape[1]))])


def whole_numbers(n, d, top, seed):
    return np.random.RandomState(seed).randint(0, top + 1, size=(n, d)).astype(np.float64)


DATA = {
    "mall": mall(),
    "blobs2d": with_noise(make_blobs(400, centers=4, cluster_std=0.6, random_state=0)[0], 60, 1),
    "blobs3d": with_noise(
        make_blobs(300, n_features=3, centers=3, cluster_std=0.8, random_state=4)[0], 30, 5
    ),
    "blobs5d": with_noise(
        make_blobs(400, n_features=5, centers=3, cluster_std=1.0, random_state=2)[0], 40, 3
    ),
    "dup2d": whole_numbers(150, 2, 9, 6),
    "dup5d": whole_numbers(200, 5, 2, 7),
}

CASES = [
    ("mall", 0.3, 5),
    ("mall", 0.4, 5),
    ("mall", 0.5, 10),
    ("mall", 10.0, 5),  # one cluster: every row core
    ("blobs2d", 0.3, 8),
    ("blobs2d", 0.5, 10),
    ("blobs2d", 0.2, 1),  # min_samples 1: every row core
    ("blobs2d", 1e-3, 3),  # every row noise
    ("blobs3d", 0.6, 6),
    ("blobs3d", 1.0, 12),
    ("blobs5d", 1.5, 5),
    ("blobs5d", 2.0, 8),
    ("dup2d", 1.0, 8),
    ("dup2d", 1.0, 6),
    ("dup2d", 0.5, 3),  # only exact duplicates are neighbours
    ("dup5d", 1.0, 5),
    ("dup5d", 0.5, 2),
]

KDIST = [("mall", 5), ("blobs2d", 8), ("blobs5d", 10), ("dup2d", 4), ("dup5d", 5)]


def fit(x, eps, min_samples, algorithm):
    model = DBSCAN(eps=eps, min_samples=min_samples, metric="euclidean", algorithm=algorithm).fit(x)
    return model.labels_, model.core_sample_indices_


def dbscan_case(name, eps, min_samples):
    x = DATA[name]
    labels, core = fit(x, eps, min_samples, "auto")
    for algorithm in ("kd_tree", "ball_tree", "brute"):
        other_labels, other_core = fit(x, eps, min_samples, algorithm)
        if not (np.array_equal(labels, other_labels) and np.array_equal(core, other_core)):
            sys.exit(f"{name} eps={eps} min_samples={min_samples}: {algorithm} disagrees with auto")
    return {
        "data": name,
        "eps": float(eps),
        "minSamples": int(min_samples),
        "clusters": int(labels.max() + 1),
        "noise": int((labels == -1).sum()),
        "core": int(len(core)),
        "labels": [int(v) for v in labels],
        "coreSampleIndices": [int(v) for v in core],
    }


def kdist_case(name, k):
    x = DATA[name]
    distances = NearestNeighbors(n_neighbors=k, algorithm="kd_tree").fit(x).kneighbors(x)[0][:, -1]
    return {"data": name, "k": k, "sorted": [float(v) for v in np.sort(distances)]}


reference = {
    "meta": {
        "generator": "scripts/sklearn_dbscan.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "note": "labels are scikit-learn's labels_ (0-based in the order found, -1 noise); the core numbers by size.",
    },
    "data": {name: [[float(v) for v in row] for row in x] for name, x in DATA.items()},
    "dbscan": [dbscan_case(*case) for case in CASES],
    "kdist": [kdist_case(*case) for case in KDIST],
}


with open(OUT, "w") as f:
    f.write(dump(reference) + "\n")
print(f"wrote {os.path.relpath(OUT, ROOT)}", file=sys.stderr)
for case in reference["dbscan"]:
    print(
        f"  {case['data']} eps={case['eps']} min_samples={case['minSamples']}: "
        f"{case['clusters']} clusters, {case['noise']} noise, {case['core']} core",
        file=sys.stderr,
    )
