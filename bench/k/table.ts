/** The k benchmark's printed table: hit rates per criterion and group, then every set's picks. */
import { CRITERIA, CRITERION_NAMES, HitRate, SetResult, hitRates } from "./evaluate";
import { K_GROUPS } from "./sets";

export function hitRateTable(results: readonly SetResult[]): string {
  const byGroup = K_GROUPS.map((g) => hitRates(results.filter((r) => r.group === g)));
  const cell = (rate: HitRate) => `${rate.hits}/${rate.sets} (${Math.round((100 * rate.hits) / rate.sets)}%)`;
  const lines = [
    `| criterion | ${K_GROUPS.join(" | ")} |`,
    `|---|${K_GROUPS.map(() => "--:").join("|")}|`,
    ...CRITERIA.map(
      (c) => `| ${CRITERION_NAMES[c]} | ${byGroup.map((rates) => cell(rates[c])).join(" | ")} |`,
    ),
  ];
  return lines.join("\n");
}

export function picksTable(results: readonly SetResult[]): string {
  const lines = [
    `| set | group | rows | agreed | ${CRITERIA.join(" | ")} |`,
    `|---|---|--:|--:|${CRITERIA.map(() => "--:").join("|")}|`,
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.group} | ${r.rows} | ${r.agreed} | ${CRITERIA.map((c) => mark(r.picks[c], r.agreed)).join(" | ")} |`,
    ),
  ];
  return lines.join("\n");
}

/** A miss is starred so that it stands out in a column of numbers. */
function mark(pick: number | null, agreed: number): string {
  if (pick === null) return "-*";
  return pick === agreed ? String(pick) : `${pick}*`;
}
