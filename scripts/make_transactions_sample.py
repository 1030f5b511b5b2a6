"""Makes samples/online-retail-transactions.csv: a few thousand invoice lines cut from the UCI Online
Retail file (../shared/data/online-retail.csv.gz), for SEGMENT.RFM, `segment rfm` and the README.

What is kept: the complete histories (every line: purchases, cancellations, free items) of customers
drawn at random with a fixed seed until about TARGET_LINES lines are taken, and a few whole invoices
of guests (lines without a customer id). So that every reason RFM leaves a line out is present, one
customer is first drawn from those with a free item (an amount of 0 not on a cancelled invoice), and
customer 13256 is always in: their only line is a free item, so they have no purchase (this is why
the full file has 4,338 customers with a purchase, and 4,339 with a line of positive quantity).
Customers with more than MAX_CUSTOMER_LINES lines are not drawn: a single wholesaler holds up to
7,983 lines and would be most of the sample. Lines keep the file's order.

Columns: InvoiceNo, InvoiceDate (ISO, as in the source), CustomerID (blank for guests, written as a
whole number: the source's "17850.0" is 17850), Quantity, UnitPrice, Amount (Quantity x UnitPrice
rounded to cents) and Country.

    /usr/bin/python3 scripts/make_transactions_sample.py [path to online-retail.csv.gz]
"""
import csv
import gzip
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "online-retail.csv.gz")
OUT = os.path.join(ROOT, "samples", "online-retail-transactions.csv")
SEED = 20261130
TARGET_LINES = 5000
MAX_CUSTOMER_LINES = 300
GUEST_INVOICES = 4
MAX_GUEST_INVOICE_LINES = 15
NO_PURCHASE_CUSTOMER = "13256.0"

with gzip.open(SOURCE, "rt", encoding="utf-8", newline="") as f:
    lines = list(csv.DictReader(f))

by_customer = {}
guest_invoices = {}
free_items = set()
for number, line in enumerate(lines):
    customer = line["CustomerID"].strip()
    if customer:
        by_customer.setdefault(customer, []).append(number)
        amount = float(line["Quantity"]) * float(line["UnitPrice"])
        if amount <= 0 and not line["InvoiceNo"].startswith("C"):
            free_items.add(customer)
    else:
        guest_invoices.setdefault(line["InvoiceNo"], []).append(number)

rng = random.Random(SEED)
by_number = lambda c: float(c)  # noqa: E731
with_free_item = sorted(
    (c for c in free_items if c != NO_PURCHASE_CUSTOMER and len(by_customer[c]) <= MAX_CUSTOMER_LINES),
    key=by_number,
)
chosen = [NO_PURCHASE_CUSTOMER, rng.choice(with_free_item)]
taken = sum(len(by_customer[c]) for c in chosen)
customers = sorted(by_customer, key=by_number)
rng.shuffle(customers)
for customer in customers:
    if customer in chosen:
        continue
    size = len(by_customer[customer])
    if size > MAX_CUSTOMER_LINES or taken + size > TARGET_LINES:
        continue
    chosen.append(customer)
    taken += size
    if taken >= TARGET_LINES - 20:
        break

small_guests = sorted(i for i, rows in guest_invoices.items() if 2 <= len(rows) <= MAX_GUEST_INVOICE_LINES)
guests = rng.sample(small_guests, GUEST_INVOICES)

keep = sorted([n for c in chosen for n in by_customer[c]] + [n for i in guests for n in guest_invoices[i]])
with open(OUT, "w", newline="", encoding="utf-8") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["InvoiceNo", "InvoiceDate", "CustomerID", "Quantity", "UnitPrice", "Amount", "Country"])
    for n in keep:
        line = lines[n]
        customer = line["CustomerID"].strip()
        quantity = int(line["Quantity"])
        price = line["UnitPrice"]
        amount = round(quantity * float(price), 2) + 0.0  # no "-0.00"
        out.writerow(
            [
                line["InvoiceNo"],
                line["InvoiceDate"],
                str(int(float(customer))) if customer else "",
                quantity,
                price,
                f"{amount:.2f}",
                line["Country"],
            ]
        )
print(
    f"{len(keep)} lines: {len(chosen)} customers' histories and {GUEST_INVOICES} guest invoices "
    f"-> {os.path.relpath(OUT, ROOT)} ({os.path.getsize(OUT) // 1024} KB)"
)
