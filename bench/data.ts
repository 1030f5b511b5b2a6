/**
 * The benchmark's data: Gaussian blobs drawn with the core's seeded generator, so every engine (and
 * every run, on every machine) sees the same numbers. Written as raw little-endian float64, row-major,
 * which numpy reads with numpy.fromfile(path).reshape(n, d).
 */
import * as fs from "fs";
import { createRng } from "../src/core/random";

export interface Blobs {
  readonly data: Float64Array;
  /** The blob each row was drawn from, 0-based. */
  readonly truth: Int32Array;
  readonly n: number;
  readonly d: number;
}

/**
 * As scikit-learn's make_blobs: centres uniform in [-10, 10]^d, each row a centre plus Gaussian
 * noise of standard deviation `std` (make_blobs's default is 1: well separated blobs).
 */
export function makeBlobs(n: number, d: number, centres: number, seed: number, std = 1): Blobs {
  const rng = createRng(seed);
  const means = new Float64Array(centres * d);
  for (let x = 0; x < means.length; x++) means[x] = rng.next() * 20 - 10;
  const data = new Float64Array(n * d);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.int(centres);
    truth[i] = c;
    for (let t = 0; t < d; t++) {
      // Box-Muller; 1 - next() is in (0, 1], so the log is finite.
      const g = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
      data[i * d + t] = means[c * d + t] + std * g;
    }
  }
  return { data, truth, n, d };
}

export function writeFloat64(path: string, data: Float64Array): void {
  fs.writeFileSync(path, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

export function writeInt32(path: string, data: Int32Array): void {
  fs.writeFileSync(path, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

/** Reads a file written by writeFloat64, straight into a fresh Float64Array (no intermediate Buffer). */
export function readFloat64(path: string): Float64Array {
  const out = new Float64Array(fs.statSync(path).size / 8);
  readInto(path, new Uint8Array(out.buffer));
  return out;
}

export function readInt32(path: string): Int32Array {
  const out = new Int32Array(fs.statSync(path).size / 4);
  readInto(path, new Uint8Array(out.buffer));
  return out;
}

function readInto(path: string, bytes: Uint8Array): void {
  const fd = fs.openSync(path, "r");
  try {
    let at = 0;
    while (at < bytes.length) {
      const read = fs.readSync(fd, bytes, at, bytes.length - at, at);
      if (read === 0) throw new Error(`${path}: file ended after ${at} bytes`);
      at += read;
    }
  } finally {
    fs.closeSync(fd);
  }
}
