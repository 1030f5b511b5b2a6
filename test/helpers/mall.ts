import { readFileSync } from "fs";
import path from "path";

/** test/fixtures/mall-customers.csv: Age, Annual Income (k$), Spending Score (1-100); header + 200 rows. */
export function mallCustomers(): (string | number)[][] {
  const file = path.resolve(__dirname, "..", "fixtures", "mall-customers.csv");
  return readFileSync(file, "utf8")
    .trim()
    .split(/\r?\n/)
    .map((line, i) => line.split(",").map((v) => (i === 0 ? v : Number(v))));
}
