"""An independent computation of SEGMENT.RFM's table, in plain Python (csv, gzip, datetime; no pandas),
for the tests to check the TypeScript against: writes test/fixtures/rfm-reference.json.

It reads the raw files itself and follows the rules the README states, written here from the
statement and not from the TypeScript:

- each line is counted once, under the first reason that applies: no customer id, no readable date,
  no readable amount, on a cancelled invoice (InvoiceNo starting with "C"), an amount of zero or less;
  the other lines are purchases. Customer ids "17850.0" and "17850" are one customer;
- as_of is the day after the latest date in the file (every line with a date, guests' included);
  Recency is the days from a customer's last purchase day to as_of, Frequency their distinct
  invoices among purchases, Monetary the sum of their purchases' amounts, added in file order;
- with returns "net", Monetary also adds the amounts of the customer's cancelled and non-positive
  lines (never purchases: Frequency and Recency do not change);
- scores: score = ceil(5 * rank / n), rank = 1 + the number of customers with a worse value
  (a larger Recency; a smaller Frequency or Monetary);
- segment names from "RF" by the regular-expression map of the usual RFM tutorials.

Two inputs: (a) the full Online Retail file (Amount = Quantity x UnitPrice, unrounded), (b) the
shipped sample samples/online-retail-transactions.csv (its Amount column).

    /usr/bin/python3 scripts/rfm_reference.py [path to online-retail.csv.gz]
"""
import bisect
import csv
import gzip
import json
import os
import re
import sys
from datetime import datetime, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FULL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "online-retail.csv.gz")
SAMPLE = os.path.join(ROOT, "samples", "online-retail-transactions.csv")
OUT = os.path.join(ROOT, "test", "fixtures", "rfm-reference.json")

SEGMENT_MAP = [
    (r"[1-2][1-2]", "Hibernating"),
    (r"[1-2][3-4]", "At Risk"),
    (r"[1-2]5", "Can't Lose Them"),
    (r"3[1-2]", "About to Sleep"),
    (r"33", "Need Attention"),
    (r"[3-4][4-5]", "Loyal Customers"),
    (r"41", "Promising"),
    (r"51", "New Customers"),
    (r"[4-5][2-3]", "Potential Loyalists"),
    (r"5[4-5]", "Champions"),
]
NAMES = [name for _, name in SEGMENT_MAP]


def segment_of(r, f):
    found = [name for pattern, name in SEGMENT_MAP if re.fullmatch(pattern, f"{r}{f}")]
    assert len(found) == 1, (r, f, found)
    return found[0]


def customer_id(text):
    text = text.strip()
    if not text:
        return None
    try:
        x = float(text)
    except ValueError:
        return text
    return int(x) if x.is_integer() else x


def read_date(text):
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def read_amount(text):
    try:
        return float(text)
    except ValueError:
        return None


def scores(values, higher_is_better):
    """ceil(5 * rank / n), rank the tied group's first: 1 + how many customers are worse."""
    n = len(values)
    ordered = sorted(values)
    out = []
    for v in values:
        worse = bisect.bisect_left(ordered, v) if higher_is_better else n - bisect.bisect_right(ordered, v)
        out.append(-(-5 * (worse + 1) // n))
    return out


def rfm(lines):
    """lines: (invoice, date text, customer text, amount) in file order."""
    counts = {"lines": 0, "purchases": 0, "noCustomer": 0, "badDate": 0, "badAmount": 0, "cancelled": 0, "nonPositive": 0}
    ids = set()
    latest = None
    last, invoices, spend = {}, {}, {}
    for invoice, date_text, customer_text, amount in lines:
        counts["lines"] += 1
        when = read_date(date_text)
        if when is not None and (latest is None or when > latest):
            latest = when
        customer = customer_id(customer_text)
        if customer is None:
            counts["noCustomer"] += 1
            continue
        ids.add(customer)
        if when is None:
            counts["badDate"] += 1
            continue
        if amount is None:
            counts["badAmount"] += 1
            continue
        if invoice.strip().upper().startswith("C") or amount <= 0:
            counts["cancelled" if invoice.strip().upper().startswith("C") else "nonPositive"] += 1
            continue
        counts["purchases"] += 1
        day = when.date()
        last[customer] = max(last.get(customer, day), day)
        invoices.setdefault(customer, set()).add(invoice.strip())
        spend[customer] = spend.get(customer, 0.0) + amount
    as_of = latest.date() + timedelta(days=1)
    customers = sorted(last, key=lambda c: (isinstance(c, str), c))
    recency = [(as_of - last[c]).days for c in customers]
    frequency = [len(invoices[c]) for c in customers]
    monetary = [spend[c] for c in customers]
    r = scores(recency, False)
    f = scores(frequency, True)
    m = scores(monetary, True)
    segment = [segment_of(a, b) for a, b in zip(r, f)]
    net = net_monetary(lines, customers)
    net_m = scores(net, True)
    return {
        "lines": counts["lines"],
        "distinctIds": len(ids),
        "customers": len(customers),
        "asOf": as_of.isoformat(),
        "counts": counts,
        "segmentCounts": {name: segment.count(name) for name in NAMES},
        "ids": customers,
        "recency": recency,
        "frequency": frequency,
        "monetary": monetary,
        "scores": "".join(f"{a}{b}{c}" for a, b, c in zip(r, f, m)),
        "segment": [NAMES.index(s) for s in segment],
        "net": {"monetary": net, "m": "".join(str(x) for x in net_m)},
    }


def net_monetary(lines, customers):
    """Monetary with returns "net": every amount of a customer with a purchase, in file order."""
    keep = set(customers)
    total = {}
    for invoice, date_text, customer_text, amount in lines:
        customer = customer_id(customer_text)
        if customer not in keep or read_date(date_text) is None or amount is None:
            continue
        total[customer] = total.get(customer, 0.0) + amount
    return [total[c] for c in customers]


def full_lines(path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            q, p = read_amount(row["Quantity"]), read_amount(row["UnitPrice"])
            amount = None if q is None or p is None else q * p
            yield row["InvoiceNo"], row["InvoiceDate"], row["CustomerID"], amount


def sample_lines(path):
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            yield row["InvoiceNo"], row["InvoiceDate"], row["CustomerID"], read_amount(row["Amount"])


result = {
    "rule": "score = ceil(5 * rank / n), rank = 1 + the number of customers with a worse value",
    "segmentNames": NAMES,
    "grid": {pattern: name for pattern, name in SEGMENT_MAP},
    "sample": rfm(list(sample_lines(SAMPLE))),
    "full": rfm(list(full_lines(FULL))),
}
with open(OUT, "w") as f:
    json.dump(result, f, separators=(",", ":"))
    f.write("\n")
for part in ("full", "sample"):
    r = result[part]
    print(f"{part}: {r['lines']} lines, {r['distinctIds']} ids, {r['customers']} customers, as of {r['asOf']}, {r['counts']}")
    print(f"  {r['segmentCounts']}")
print(f"-> {os.path.relpath(OUT, ROOT)} ({os.path.getsize(OUT) // 1024} KB)")
