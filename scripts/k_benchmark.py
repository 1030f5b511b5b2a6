#!/usr/bin/python3
"""The k benchmark: data sets whose right number of segments is agreed, for bench/k.ts and
test/core/k-benchmark.test.ts.

Run from the project root (needs scikit-learn and numpy; Debian's python3-sklearn is enough):

    /usr/bin/python3 scripts/k_benchmark.py

It writes test/fixtures/k-benchmark/<group>.json (the list of sets: name, file, agreed k, and how
each was made) and one CSV per set under test/fixtures/k-benchmark/<group>/. Two groups:

  tuning    16 planted sets, iris (3), wine (3), breast cancer (2) and the Mall Customers income and
            spending columns (5, read from test/fixtures/mall-customers.csv, not copied). The
            recommendation rule may be tuned on these.
  held-out  16 planted sets drawn from the same family with another seed, committed before the
            rule was changed, so that the rule is judged on sets it was not tuned on. A first
            new rule (the elbow among its votes) lost to the silhouette here; the rule was then
            changed, so these sets have been seen by the rule that shipped.
  held-out-2  24 more planted sets, another seed again, committed after that change and before
            the shipped rule was run on them: the clean held-out judgement.

A planted set is k Gaussian blobs in d dimensions; its parameters are drawn as draw_parameters()
says. Each blob has its own covariance: a random rotation times standard deviations spread over
[1/sqrt(r), sqrt(r)] for an elongation r (r = 1 is round), all scaled by the blob's own spread.
Centres are drawn one by one, uniformly in a box, and a draw is kept only when it lies at least
`sep` times the widest standard deviation of either blob from every earlier centre: that is what
makes the planted k the agreed one (two equal Gaussians 2.5 standard deviations apart already make
two modes), and a small `sep` gives blobs that nearly touch. Sizes are equal, or uneven: shares
drawn from a Dirichlet distribution and floored so that no blob falls under 5% of the rows or 15
rows (a planted blob is never a "tiny segment"). Rows are shuffled. Values are written with 4
significant digits, which moves none of them by more than 0.05% of itself.

The output is deterministic for the same numpy version (each set has its own recorded seed).
"""

import json
import os

import numpy as np
from sklearn.datasets import load_breast_cancer, load_iris, load_wine

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "k-benchmark")

# Each planted set's parameters are drawn from one distribution, with a seed per group, so that the
# held-out sets come from the same family as the tuning sets without being chosen by hand:
#   k           2..8 in turn (every k at least twice per group)
#   d           uniform in 2..10
#   rows        60 to 120 per blob
#   std         the base standard deviation, 1; each blob's own is std times a factor in
#               [1/sqrt(v), sqrt(v)], v = 1 (equal spreads) or 3 (varied spreads), half the sets each
#   elongation  1 (round) for half the sets, else uniform in 2..4
#   sep         uniform in 2.5..5.5: the least distance between two centres, in widest standard
#               deviations of the pair (2.5: blobs that nearly touch; 5.5: well apart)
#   sizes       equal or uneven, half the sets each
PARAMETER_SEEDS = {"tuning": 1, "held-out": 2, "held-out-2": 3}
PLANTED_SETS = {"tuning": 16, "held-out": 16, "held-out-2": 24}
PREFIXES = {"tuning": "blobs", "held-out": "held", "held-out-2": "fresh"}


def draw_parameters(group):
    rng = np.random.default_rng(PARAMETER_SEEDS[group])
    specs = []
    for i in range(PLANTED_SETS[group]):
        k = 2 + i % 7
        d = int(rng.integers(2, 11))
        rows = k * int(rng.integers(60, 121))
        spreads = 3.0 if rng.random() < 0.5 else 1.0
        elongation = 1.0 if rng.random() < 0.5 else round(float(rng.uniform(2, 4)), 2)
        sep = round(float(rng.uniform(2.5, 5.5)), 2)
        sizes = "uneven" if rng.random() < 0.5 else "equal"
        seed = int(rng.integers(1, 2**31))
        name = f"{PREFIXES[group]}-{i + 1:02d}-k{k}-d{d}"
        specs.append((name, k, d, rows, 1.0, spreads, sep, sizes, elongation, seed))
    return specs


MIN_SHARE = 0.05
MIN_ROWS = 15


def sizes_of(rng, k, rows, kind):
    if kind == "equal":
        base = np.full(k, rows // k)
        base[: rows - base.sum()] += 1
        return base
    floor = max(MIN_SHARE, MIN_ROWS / rows)
    shares = rng.dirichlet(np.full(k, 1.5))
    shares = floor + (1 - k * floor) * shares
    sizes = np.floor(shares * rows).astype(int)
    sizes[np.argmax(sizes)] += rows - sizes.sum()
    return sizes


def rotation(rng, d):
    q, r = np.linalg.qr(rng.standard_normal((d, d)))
    return q * np.sign(np.diag(r))


def planted(name, k, d, rows, std, spreads, sep, sizes_kind, elongation, seed):
    rng = np.random.default_rng(seed)
    # Each blob's axes: standard deviations from std/sqrt(r) to std*sqrt(r), in a random orientation.
    scales, widest = [], []
    for _ in range(k):
        own = std * np.exp(rng.uniform(-0.5, 0.5) * np.log(spreads))
        axes = np.full(d, own)
        if elongation > 1:
            axes = own * np.exp(rng.uniform(-0.5, 0.5, d) * np.log(elongation))
            axes[0], axes[-1] = own * np.sqrt(elongation), own / np.sqrt(elongation)
        scales.append(rotation(rng, d) * axes)
        widest.append(float(axes.max()))
    # A box in which k centres at the least distance just fit, so that the nearest pairs are near it.
    box = sep * max(widest) * k ** (1.0 / d) * 1.2
    centres = []
    while len(centres) < k:
        i = len(centres)
        for _ in range(2000):
            c = rng.uniform(-box / 2, box / 2, d)
            if all(np.linalg.norm(c - e) >= sep * max(widest[i], widest[j]) for j, e in enumerate(centres)):
                centres.append(c)
                break
        else:
            box *= 1.2
    sizes = sizes_of(rng, k, rows, sizes_kind)
    parts = [centres[i] + rng.standard_normal((sizes[i], d)) @ scales[i].T for i in range(k)]
    X = np.vstack(parts)
    X = X[rng.permutation(len(X))]
    return X, [f"x{j + 1}" for j in range(d)], {
        "kind": "planted",
        "k": k,
        "d": d,
        "rows": rows,
        "std": std,
        "spreads": spreads,
        "sep": sep,
        "sizes": sizes_kind,
        "blobSizes": [int(s) for s in sizes],
        "elongation": elongation,
        "seed": seed,
    }


def write_csv(path, header, X):
    with open(path, "w", newline="") as f:
        f.write(",".join(header) + "\n")
        for row in X:
            f.write(",".join(fmt(v) for v in row) + "\n")


def fmt(v):
    text = f"{v:.4g}"
    return "0" if text in ("-0", "0") else text


def write_group(group, sets):
    folder = os.path.join(OUT, group)
    os.makedirs(folder, exist_ok=True)
    manifest = []
    for entry in sets:
        if "X" in entry:
            file = f"{group}/{entry['name']}.csv"
            write_csv(os.path.join(OUT, file), entry["header"], entry["X"])
        else:
            file = entry["file"]
        manifest.append(
            {
                "name": entry["name"],
                "file": file,
                **({"columns": entry["columns"]} if "columns" in entry else {}),
                "k": entry["k"],
                "source": entry["source"],
            }
        )
    with open(os.path.join(OUT, f"{group}.json"), "w") as f:
        json.dump({"group": group, "sets": manifest}, f, indent=2)
        f.write("\n")


def planted_entries(specs):
    entries = []
    for spec in specs:
        X, header, source = planted(*spec)
        entries.append({"name": spec[0], "X": X, "header": header, "k": spec[1], "source": source})
    return entries


def bundled(name, loader, k, note):
    data = loader()
    header = [str(h).replace(",", " ") for h in data.feature_names]
    return {
        "name": name,
        "X": data.data,
        "header": header,
        "k": k,
        "source": {"kind": "sklearn.datasets", "loader": loader.__name__, "note": note},
    }


def main():
    tuning = planted_entries(draw_parameters("tuning")) + [
        bundled("iris", load_iris, 3, "3 species; the class column is left out"),
        bundled("wine", load_wine, 3, "3 cultivars; the class column is left out"),
        bundled("breast-cancer", load_breast_cancer, 2, "malignant or benign; the class column is left out"),
        {
            "name": "mall-customers",
            "file": "../mall-customers.csv",
            "columns": ["Annual Income (k$)", "Spending Score (1-100)"],
            "k": 5,
            "source": {"kind": "file", "note": "the five groups of the README's worked example"},
        },
    ]
    write_group("tuning", tuning)
    write_group("held-out", planted_entries(draw_parameters("held-out")))
    write_group("held-out-2", planted_entries(draw_parameters("held-out-2")))


if __name__ == "__main__":
    main()
