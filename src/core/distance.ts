/**
 * The squared Euclidean distance every hot loop of the core uses.
 *
 * It adds the squared differences one coordinate after another, in order, exactly as the plain loop
 * `for (t = 0; t < d; t++) sum += diff * diff` does, so every caller gets bit-identical numbers to
 * the plain algorithms. It is only unrolled: four coordinates per step, so that V8 spends its time
 * on arithmetic rather than on loop control and index computation (about twice as fast at d = 8).
 */
export function sqDist(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let sum = 0;
  let t = 0;
  for (; t + 4 <= d; t += 4) {
    const e0 = a[ai + t] - b[bi + t];
    const e1 = a[ai + t + 1] - b[bi + t + 1];
    const e2 = a[ai + t + 2] - b[bi + t + 2];
    const e3 = a[ai + t + 3] - b[bi + t + 3];
    sum = sum + e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3;
  }
  for (; t < d; t++) {
    const e = a[ai + t] - b[bi + t];
    sum += e * e;
  }
  return sum;
}
