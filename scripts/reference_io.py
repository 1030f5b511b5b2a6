"""What the scikit-learn reference scripts share: reading the fixtures, and writing numbers as JSON that
reads back to the same doubles (Python's repr), with lists of scalars on one line so files stay small
and diffable. Imported by sklearn_reference.py, sklearn_dbscan.py and sklearn_gmm.py."""

import csv
import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "test", "fixtures")


def read_csv(name):
    with open(os.path.join(FIXTURES, name), newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def numeric_columns(header, rows, names):
    idx = [header.index(n) for n in names]
    return np.array([[float(r[j]) for j in idx] for r in rows], dtype=np.float64)


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def rows_of(a):
    return [floats(r) for r in np.asarray(a, dtype=np.float64)]


def ints(a):
    return [int(v) for v in np.asarray(a).ravel()]


def dump(value, indent=0):
    """JSON with lists of scalars on one line, so that the file stays small and diffable."""
    pad = "  " * (indent + 1)
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k)}: {dump(v, indent + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * indent + "}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        items = [f"{pad}{dump(v, indent + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + "\n" + "  " * indent + "]"
    if isinstance(value, float) and not np.isfinite(value):
        raise ValueError("non-finite float in the reference")
    return json.dumps(value, allow_nan=False)
