/**
 * Distinct numbers in a column of up to a million rows. A Set<number> takes about a second and
 * tens of megabytes per such column; this open-addressing table on the numbers' bits takes a
 * fraction of that, and stops at the first repeat when that is all the caller asks.
 */

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** How many different numbers `values` holds, NaN left out, -0 and 0 counted once (as a Set counts). */
export function countDistinct(values: Float64Array): number {
  return scan(values, false);
}

/** Whether no number repeats (NaN left out, -0 equal to 0); stops at the first repeat. */
export function allDistinct(values: Float64Array): boolean {
  let present = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) present++;
  return scan(values, true) === present;
}

/** Distinct count; with `stopAtRepeat`, -1 as soon as a number comes twice. */
function scan(values: Float64Array, stopAtRepeat: boolean): number {
  let present = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) present++;
  if (present === 0) return 0;
  let size = 16;
  while (size < 2 * present) size *= 2;
  const mask = size - 1;
  const keys = new Float64Array(size);
  const used = new Uint8Array(size);
  let distinct = 0;
  for (let i = 0; i < values.length; i++) {
    let x = values[i];
    if (x !== x) continue; // NaN
    if (x === 0) x = 0; // -0 is 0
    bits[0] = x;
    // Mix both halves of the double (murmur3's finaliser), so that runs of whole numbers spread.
    let h = Math.imul(words[0] ^ Math.imul(words[1], 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    let slot = h & mask;
    while (used[slot] === 1 && keys[slot] !== x) slot = (slot + 1) & mask;
    if (used[slot] === 1) {
      if (stopAtRepeat) return -1;
      continue;
    }
    used[slot] = 1;
    keys[slot] = x;
    distinct++;
  }
  return distinct;
}
