"""Makes test/fixtures/online-retail-rfm.csv: Recency, Frequency and Monetary per customer from the
UCI Online Retail transactions (../shared/data/online-retail.csv.gz, 541,909 invoice lines).

The usual cleaning: lines without a customer, cancellations (invoice numbers starting with C) and
lines with a quantity of zero or less are left out. Recency is the days from the customer's
last purchase to the day after the last invoice in the file (2011-12-10); Frequency is distinct
invoices; Monetary is the sum of quantity x unit price, rounded to cents.

    /usr/bin/python3 scripts/make_rfm_fixture.py [path to online-retail.csv.gz]
"""
import csv
import gzip
import os
import sys
from datetime import datetime, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "online-retail.csv.gz")
OUT = os.path.join(ROOT, "test", "fixtures", "online-retail-rfm.csv")

last = {}
invoices = {}
spend = {}
latest = None
with gzip.open(SOURCE, "rt", encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        customer = row["CustomerID"].strip()
        if not customer or row["InvoiceNo"].startswith("C"):
            continue
        quantity = float(row["Quantity"])
        price = float(row["UnitPrice"])
        if quantity <= 0:
            continue
        customer = str(int(float(customer)))
        when = datetime.strptime(row["InvoiceDate"][:10], "%Y-%m-%d")
        latest = when if latest is None or when > latest else latest
        last[customer] = max(last.get(customer, when), when)
        invoices.setdefault(customer, set()).add(row["InvoiceNo"])
        spend[customer] = spend.get(customer, 0.0) + quantity * price

as_of = latest + timedelta(days=1)
with open(OUT, "w", newline="") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["CustomerID", "Recency", "Frequency", "Monetary"])
    for customer in sorted(last, key=int):
        out.writerow([customer, (as_of - last[customer]).days, len(invoices[customer]), f"{spend[customer]:.2f}"])
print(f"{len(last)} customers, as of {as_of:%Y-%m-%d} -> {os.path.relpath(OUT, ROOT)}")
