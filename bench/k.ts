/**
 * The k benchmark: on data sets whose right number of segments is agreed (test/fixtures/k-benchmark,
 * made by scripts/k_benchmark.py), how often each single criterion picks it, beside BESTK's "auto",
 * for the tuning sets and the held-out sets apart.
 *
 *   npm run bench:k                   every set, gap statistic with B = 10 references
 *   npm run bench:k -- --picks        also every set's picks (a miss is starred) and auto's reason
 *   npm run bench:k -- --group tuning one group only
 *
 * Prints the table and writes it, with every set's picks, to bench-results/k.json.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SetResult, evaluateSet, hitRates } from "./k/evaluate";
import { K_GROUPS, loadGroup } from "./k/sets";
import { hitRateTable, picksTable } from "./k/table";

const OUT = path.resolve(__dirname, "..", "bench-results");

function main(args: string[]): void {
  const started = performance.now();
  const results: SetResult[] = [];
  const only = args.indexOf("--group") >= 0 ? args[args.indexOf("--group") + 1] : null;
  for (const group of K_GROUPS.filter((g) => only === null || g === only)) {
    for (const set of loadGroup(group)) {
      const result = evaluateSet(set);
      results.push(result);
      process.stderr.write(
        `${group} ${set.name}: agreed ${set.k}, auto ${result.picks.auto} (${result.seconds.toFixed(1)} s)\n`,
      );
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(hitRateTable(results));
  if (args.includes("--picks")) {
    console.log(`\n${picksTable(results)}\n`);
    for (const r of results) console.log(`${r.name}: ${r.reason}`);
  }
  console.log(`\n${results.length} sets in ${seconds.toFixed(1)} s.`);
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, "k.json");
  const report = {
    machine: { cpu: os.cpus()[0]?.model, nproc: os.availableParallelism(), node: process.version },
    date: new Date().toISOString(),
    seconds,
    hitRates: Object.fromEntries(K_GROUPS.map((g) => [g, hitRates(results.filter((r) => r.group === g))])),
    sets: results,
  };
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  console.log(`Written to ${path.relative(process.cwd(), file)}.`);
}

main(process.argv.slice(2));
