/**
 * Where the numeric kernels' data lives: one WebAssembly.Memory holding a matrix and, after it, the
 * per-row work arrays of a k-means fit. The kernels (wasm-kernels.ts) then work in place, with no
 * copying, and JavaScript sees the same bytes through ordinary typed-array views.
 *
 * Layout of a matrix arena (byte offsets):
 *   [0, SMALL)                     small buffers of one fit: centroids, sums, counts, candidates
 *   [SMALL, SMALL + 8nd)           the matrix, row-major float64
 *   then, when made for fitting:   the work arrays of workspace.ts (workBytes)
 *
 * An arena's memory never grows (growing would detach every view of it), so it is sized once.
 * When WebAssembly with SIMD is not available, or switched off with useWasm(false), every caller
 * takes its plain JavaScript path, which computes the same numbers bit for bit.
 */
import { Func, assemble } from "./wasm-asm";

export const SMALL_BYTES = 1 << 18;
const PAGE = 65536;

export interface Arena {
  readonly memory: WebAssembly.Memory;
  readonly bytes: number;
  /** Instances of kernel modules bound to this memory, by kernel key. */
  readonly instances: Map<string, WebAssembly.Instance>;
  /** Set while a fit uses the work arrays, so that a nested fit makes its own arena. */
  busy: boolean;
}

/** Where a matrix's work arrays are, when its arena has them. */
export interface MatrixArena {
  readonly arena: Arena;
  readonly dataOffset: number;
  readonly n: number;
  readonly d: number;
  /** Offset of upper, lower and labels, or -1 when the arena holds the matrix only. */
  readonly workOffset: number;
}

const arenas = new WeakMap<ArrayBuffer, MatrixArena>();

let enabled: boolean | null = null;

/** Whether kernels run as WebAssembly: SIMD supported and not switched off. */
export function wasmEnabled(): boolean {
  if (enabled === null) enabled = simdSupported();
  return enabled;
}

/**
 * The kernels are generated for each d and unrolled over the coordinates, some holding a row's
 * coordinates in locals (silhouette.ts, seeding): beyond this many features their code and stack
 * frames grow past what a browser worker allows (16,384 features overflowed its stack), and the
 * plain JavaScript, which gives the same numbers, takes over.
 */
export const MAX_KERNEL_FEATURES = 256;

/** Whether data of d features runs on the WebAssembly kernels. */
export function kernelsFor(d: number): boolean {
  return d > 0 && d <= MAX_KERNEL_FEATURES && wasmEnabled();
}

/**
 * Switches the WebAssembly kernels on or off (on only where supported). Results do not depend on
 * it: the tests use it to check that both paths give the same bytes, the benchmark to show both.
 */
export function useWasm(on: boolean): void {
  enabled = on && simdSupported();
}

/**
 * Whether a SIMD module can be compiled and run here. Compiled and run, not only validated: a page
 * whose Content-Security-Policy lacks 'wasm-unsafe-eval' refuses to compile any module.
 */
function simdSupported(): boolean {
  try {
    if (typeof WebAssembly !== "object") return false;
    const probe = new Func("probe", ["f64"], ["f64"]);
    probe.asm(`local.get 0 f64x2.splat f64x2.sqrt f64x2.extract_lane 0`);
    const module = new WebAssembly.Module(assemble([probe]));
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    const run = new WebAssembly.Instance(module, { env: { memory } }).exports.probe as (x: number) => number;
    return run(4) === 2;
  } catch {
    return false;
  }
}

export function createArena(bytes: number): Arena {
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  return { memory, bytes: pages * PAGE, instances: new Map(), busy: false };
}

/**
 * Bytes of a fit's per-row work arrays (workspace.ts): Hamerly's two float32 bounds, whose bytes
 * k-means++ uses first for its float64 distances, then int32 labels.
 */
export function workBytes(n: number): number {
  return 12 * n;
}

function align(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/**
 * A zeroed n x d matrix store. With `forFitting`, in an arena with room for a k-means fit's work
 * arrays, so that kmeans works on it in place; otherwise (or without WebAssembly) a plain array.
 */
export function allocateMatrixData(n: number, d: number, forFitting: boolean): Float64Array {
  if (!forFitting || n === 0 || !kernelsFor(d)) return new Float64Array(n * d);
  try {
    return arenaMatrix(n, d, true).data;
  } catch {
    // A WebAssembly memory is limited (4 GB, less on some hosts): beyond it, plain JavaScript.
    return new Float64Array(n * d);
  }
}

/** A fresh arena holding an n x d matrix (zeroed) and, if asked, the work arrays after it. */
export function arenaMatrix(
  n: number,
  d: number,
  withWork: boolean,
): { data: Float64Array; at: MatrixArena } {
  const dataBytes = align(8 * n * d);
  const arena = createArena(SMALL_BYTES + dataBytes + (withWork ? align(workBytes(n)) : 0));
  const at: MatrixArena = {
    arena,
    dataOffset: SMALL_BYTES,
    n,
    d,
    workOffset: withWork ? SMALL_BYTES + dataBytes : -1,
  };
  const data = new Float64Array(arena.memory.buffer, SMALL_BYTES, n * d);
  arenas.set(arena.memory.buffer, at);
  return { data, at };
}

/** The arena a matrix's data lives in, when it is exactly an arena matrix of that shape. */
export function arenaOf(data: Float64Array, n: number, d: number): MatrixArena | null {
  const at = arenas.get(data.buffer as ArrayBuffer);
  if (!at || at.n !== n || at.d !== d || data.byteOffset !== at.dataOffset || data.length !== n * d)
    return null;
  return at;
}
