/**
 * The per-row work arrays of one k-means fit, and where the WebAssembly kernels find them. They
 * are views into the matrix's arena when it has one, so that a million-row fit allocates nothing per
 * row beyond them; otherwise plain typed arrays, on which the JavaScript paths run.
 *
 * Hamerly's bounds are float32, rounded outward (lloyd.ts): a bound only decides whether a row is
 * measured, never a label, so their precision costs a little skipping and no result. k-means++
 * seeding, which comes before them, needs its squared distances exact: `closest` is a float64 view
 * of the same bytes as the two bounds. Four bytes per row per bound rather than eight, and no
 * separate array for seeding, and one-byte labels (labels.ts) keep a full sheet's fit to 9 bytes a row.
 */
import { Arena, SMALL_BYTES, arenaMatrix, arenaOf, kernelsFor, workBytes } from "./arena";
import { Labels, narrowLabels } from "./labels";
import { Matrix } from "./matrix";

export interface KernelMemory {
  readonly arena: Arena;
  /** Byte offsets of the matrix and of the work arrays in the arena's memory. */
  readonly data: number;
  readonly closest: number;
  readonly upper: number;
  readonly lower: number;
  readonly labels: number;
  /** Bytes per label: 1, or 4 for more than 255 clusters (labels.ts). */
  readonly labelBytes: 1 | 4;
  /** Offset and size of the region for small per-fit buffers. */
  readonly small: number;
  readonly smallBytes: number;
}

export interface Workspace {
  /** k-means++'s squared distance from each row to its nearest centre: the bounds' bytes. */
  readonly closest: Float64Array;
  readonly upper: Float32Array;
  readonly lower: Float32Array;
  /** Labels.ts's narrow or wide labels, by the number of clusters. */
  readonly labels: Labels;
  /** Null when the kernels cannot run: then every pass runs in JavaScript. */
  readonly kernels: KernelMemory | null;
  /** Gives the arena back for the next fit. */
  release(): void;
}

/**
 * Work arrays for fitting `matrix` with k clusters: in place in its arena when it has one with room for them and
 * no other fit is using it; in a new arena holding a copy of the matrix when WebAssembly is
 * available; plain arrays otherwise.
 */
export function workspaceFor(matrix: Matrix, k: number): Workspace {
  const { data, n, d } = matrix;
  const narrow = narrowLabels(k);
  if (n === 0 || !kernelsFor(d)) return plainWorkspace(n, narrow);
  let at = arenaOf(data, n, d);
  if (!at || at.workOffset < 0 || at.arena.busy) {
    try {
      const fresh = arenaMatrix(n, d, true);
      fresh.data.set(data);
      at = fresh.at;
    } catch {
      // No room for a WebAssembly memory this large: the JavaScript passes need none.
      return plainWorkspace(n, narrow);
    }
  }
  const arena = at.arena;
  const buffer = arena.memory.buffer;
  arena.busy = true;
  const views = workViews(buffer, at.workOffset, n, narrow);
  return {
    ...views,
    kernels: {
      arena,
      data: at.dataOffset,
      closest: views.closest.byteOffset,
      upper: views.upper.byteOffset,
      lower: views.lower.byteOffset,
      labels: views.labels.byteOffset,
      labelBytes: narrow ? 1 : 4,
      small: 0,
      smallBytes: SMALL_BYTES,
    },
    release: () => {
      arena.busy = false;
    },
  };
}

/**
 * The work arrays in `buffer` from byte `offset` (a multiple of 8): upper, lower, then labels. Room
 * is made for wide labels; narrow ones leave the rest of it untouched, and untouched pages of a
 * WebAssembly memory take no physical memory.
 */
function workViews(buffer: ArrayBufferLike, offset: number, n: number, narrow: boolean) {
  const at = offset + 8 * n;
  return {
    closest: new Float64Array(buffer, offset, n),
    upper: new Float32Array(buffer, offset, n),
    lower: new Float32Array(buffer, offset + 4 * n, n),
    labels: narrow ? new Uint8Array(buffer, at, n) : new Int32Array(buffer, at, n),
  };
}

function plainWorkspace(n: number, narrow: boolean): Workspace {
  return {
    ...workViews(new ArrayBuffer(narrow ? 9 * n : workBytes(n)), 0, n, narrow),
    kernels: null,
    release: () => undefined,
  };
}
