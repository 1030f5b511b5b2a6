/**
 * RFM scores: 1..5 by quintiles of rank, equal values always given equal scores.
 *
 * The rule: score = ceil(5 * rank / n), where rank is the tied group's first rank, 1 + the number of
 * customers with a worse value (Excel's RANK.EQ in ascending order, pandas' rank(method="min")).
 * Without ties this is exactly the quintiles. With ties, the whole group takes the score of its first
 * member, so the worst value always scores 1: on Online Retail a third of the customers have one
 * invoice, and all of them get F = 1 (a last rank would give them all 2 and leave 1 empty; pandas'
 * qcut of rank(method="first") splits them between 1 and 2 by row order). A large tied group at the
 * top may leave 5 unused, never a score in the middle of a group.
 */
import { SCORE_LEVELS } from "./rfm-segments";

/**
 * The score of each value; `higherIsBetter` false for recency (fewer days since the last purchase
 * scores higher).
 */
export function quintileScores(values: ArrayLike<number>, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  // Worst first: rank 1 is the worst value.
  order.sort(higherIsBetter ? (a, b) => values[a] - values[b] : (a, b) => values[b] - values[a]);
  const scores = new Uint8Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const score = Math.ceil((SCORE_LEVELS * (start + 1)) / n);
    for (let k = start; k < end; k++) scores[order[k]] = score;
    start = end;
  }
  return scores;
}
