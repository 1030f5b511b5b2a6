import type { MigrationOutcome } from "./protocol";

/**
 * The comparison with earlier segments in words, one sentence per earlier segment (where its customers
 * are now: kept whole, or split, naming each flow of a tenth or more), then the customers gone from
 * every segment and those new to one. Segment numbers are each run's own: the earlier run's "2" and
 * this run's "2" need not be the same kind of customer, so each sentence says which is which.
 */
const NOTABLE = 0.1;
const WHOLE = 0.9;

export function migrationSentences(m: MigrationOutcome): string[] {
  const name = (state: number) => (state === 0 ? "noise" : `segment ${state}`);
  const percent = (x: number) => `${Math.round(100 * x)}%`;
  const out: string[] = [];
  m.states.forEach((from, i) => {
    const row = m.counts[i];
    const total = row.reduce((a, b) => a + b, 0) + m.gone[i];
    if (total === 0) return;
    const flows = row
      .map((count, j) => ({ to: m.states[j], count, share: count / total }))
      .filter((f) => f.count > 0)
      .sort((a, b) => b.count - a.count || a.to - b.to);
    const earlier = `Earlier ${name(from)} (${total.toLocaleString("en-US")} customers)`;
    const main = flows[0];
    if (main && main.share >= WHOLE) {
      out.push(`${earlier} is ${name(main.to)} now (${percent(main.share)}).`);
      return;
    }
    const notable = flows.filter((f) => f.share >= NOTABLE);
    const parts = notable.map((f) => `${percent(f.share)} to ${name(f.to)}`);
    if (m.gone[i] / total >= NOTABLE) parts.push(`${percent(m.gone[i] / total)} in no segment now`);
    out.push(
      parts.length > 0
        ? `${earlier} split: ${parts.join(", ")}.`
        : `${earlier} is spread over ${flows.length} segments, none taking a tenth.`,
    );
  });
  const gone = m.gone.reduce((a, b) => a + b, 0);
  const fresh = m.fresh.reduce((a, b) => a + b, 0);
  if (gone > 0) out.push(`${gone.toLocaleString("en-US")} customers had a segment before and have none now.`);
  if (fresh > 0)
    out.push(`${fresh.toLocaleString("en-US")} customers have a segment now and had none before.`);
  return out;
}
