/**
 * The per-row work arrays of one k-means fit (bounds and labels; k-means++ borrows them for its
 * distances), and where the WebAssembly kernels find them. They are views into the matrix's arena
 * when it has one, so that a million-row fit allocates nothing per row beyond them; otherwise
 * plain typed arrays, on which the JavaScript paths run.
 */
import { Arena, SMALL_BYTES, arenaMatrix, arenaOf, wasmEnabled } from "./arena";
import { Matrix } from "./matrix";

export interface KernelMemory {
  readonly arena: Arena;
  /** Byte offsets of the matrix and of the work arrays in the arena's memory. */
  readonly data: number;
  readonly upper: number;
  readonly lower: number;
  readonly labels: number;
  /** Offset and size of the region for small per-fit buffers. */
  readonly small: number;
  readonly smallBytes: number;
}

export interface Workspace {
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  readonly labels: Int32Array;
  /** Null when the kernels cannot run: then every pass runs in JavaScript. */
  readonly kernels: KernelMemory | null;
  /**
   * The centres k-means++ just placed, when the work arrays hold the first Lloyd assignment to them
   * (labels, squared distances to the nearest and second nearest centre); null otherwise.
   */
  seeded: Float64Array | null;
  /** Gives the arena back for the next fit. */
  release(): void;
}

/**
 * Work arrays for fitting `matrix`: in place in its arena when it has one with room for them and
 * no other fit is using it; in a new arena holding a copy of the matrix when WebAssembly is
 * available; plain arrays otherwise.
 */
export function workspaceFor(matrix: Matrix): Workspace {
  const { data, n, d } = matrix;
  if (!wasmEnabled() || n * d === 0) return plainWorkspace(n);
  let at = arenaOf(data, n, d);
  if (!at || at.workOffset < 0 || at.arena.busy) {
    try {
      const fresh = arenaMatrix(n, d, true);
      fresh.data.set(data);
      at = fresh.at;
    } catch {
      // No room for a WebAssembly memory this large: the JavaScript passes need none.
      return plainWorkspace(n);
    }
  }
  const arena = at.arena;
  const buffer = arena.memory.buffer;
  const upper = at.workOffset;
  const lower = upper + 8 * n;
  const labels = lower + 8 * n;
  arena.busy = true;
  return {
    upper: new Float64Array(buffer, upper, n),
    lower: new Float64Array(buffer, lower, n),
    labels: new Int32Array(buffer, labels, n),
    kernels: { arena, data: at.dataOffset, upper, lower, labels, small: 0, smallBytes: SMALL_BYTES },
    seeded: null,
    release: () => {
      arena.busy = false;
    },
  };
}

function plainWorkspace(n: number): Workspace {
  return {
    upper: new Float64Array(n),
    lower: new Float64Array(n),
    labels: new Int32Array(n),
    kernels: null,
    seeded: null,
    release: () => undefined,
  };
}
