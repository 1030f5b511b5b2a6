/**
 * A very small WebAssembly assembler: just enough to write the core's numeric kernels (wasm-kernels.ts)
 * as code, specialised at run time for the number of features, instead of shipping a binary and a
 * build step for it. The kernels use 128-bit SIMD on float64 pairs (WebView2 / Chromium 91 and later,
 * Safari 16.4 and later); where it is missing, as in the Internet Explorer and EdgeHTML webviews of
 * older Office, the core falls back to plain JavaScript with the same arithmetic (see arena.ts).
 *
 * Encoding: https://webassembly.github.io/spec/core/binary/ (module, sections, LEB128 integers) and
 * the SIMD proposal's opcode table (0xfd prefix). Only the instructions used are listed.
 */

export type ValType = "i32" | "f64" | "v128";
const TYPE_CODE: Record<ValType, number> = { i32: 0x7f, f64: 0x7c, v128: 0x7b };

/** Instructions without immediates. */
const PLAIN = {
  "i32.eqz": [0x45],
  "i32.eq": [0x46],
  "i32.ne": [0x47],
  "i32.lt_s": [0x48],
  "i32.lt_u": [0x49],
  "i32.gt_s": [0x4a],
  "i32.ge_s": [0x4e],
  "i32.and": [0x71],
  "i32.shl": [0x74],
  "i32.shr_u": [0x76],
  select: [0x1b],
  "i32.add": [0x6a],
  "i32.sub": [0x6b],
  "i32.mul": [0x6c],
  "f64.lt": [0x63],
  "f64.gt": [0x64],
  "f64.ge": [0x66],
  "f64.sqrt": [0x9f],
  "f64.add": [0xa0],
  "f64.sub": [0xa1],
  "f64.mul": [0xa2],
  "f64.convert_i32_s": [0xb7],
  "f32.demote_f64": [0xb6],
  "f64.promote_f32": [0xbb],
  "f64x2.splat": [0xfd, 0x14],
  "f64x2.lt": [0xfd, 0x49],
  "f64x2.gt": [0xfd, 0x4a],
  "v128.bitselect": [0xfd, 0x52],
  "f64x2.sqrt": [0xfd, 0xef, 0x01],
  "f64x2.add": [0xfd, 0xf0, 0x01],
  "f64x2.sub": [0xfd, 0xf1, 0x01],
  "f64x2.mul": [0xfd, 0xf2, 0x01],
} as const;

/** Memory instructions: opcode and natural alignment (log2 of bytes). */
const MEMORY = {
  "i32.load": { code: [0x28], align: 2 },
  "i32.load8_u": { code: [0x2d], align: 0 },
  "f32.load": { code: [0x2a], align: 2 },
  "f64.load": { code: [0x2b], align: 3 },
  "i32.store": { code: [0x36], align: 2 },
  "i32.store8": { code: [0x3a], align: 0 },
  "f32.store": { code: [0x38], align: 2 },
  "f64.store": { code: [0x39], align: 3 },
  "v128.load": { code: [0xfd, 0x00], align: 3 },
  "v128.load64_splat": { code: [0xfd, 0x0a], align: 3 },
  "v128.store": { code: [0xfd, 0x0b], align: 3 },
} as const;

const LANE = {
  "f64x2.extract_lane": [0xfd, 0x21],
  "f64x2.replace_lane": [0xfd, 0x22],
} as const;

/** Structured control, with an empty block type. */
const CONTROL = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
} as const;

/** Instructions with one unsigned index: a local or a branch depth. */
const INDEXED = {
  "local.get": 0x20,
  "local.set": 0x21,
  "local.tee": 0x22,
  br: 0x0c,
  br_if: 0x0d,
} as const;

type PlainOp = keyof typeof PLAIN;
type MemoryOp = keyof typeof MEMORY;
type LaneOp = keyof typeof LANE;

function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function f64Bytes(value: number): number[] {
  return Array.from(new Uint8Array(new Float64Array([value]).buffer));
}

function name(text: string): number[] {
  return [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

/** One exported function: declare locals, then emit its body with the chained methods. */
export class Func {
  readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];

  constructor(
    readonly name: string,
    readonly params: readonly ValType[],
    readonly results: readonly ValType[] = [],
  ) {}

  /** A new local; returns its index (parameters come first). */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  /** `count` new locals of one type. */
  locals(type: ValType, count: number): number[] {
    return Array.from({ length: count }, () => this.local(type));
  }

  /**
   * Appends instructions written as WebAssembly text, e.g.
   *   f.asm(`local.get ${row} v128.load64_splat ${8 * t} local.get ${x} f64x2.sub`)
   * Mnemonics are the spec's; numbers are the immediates that follow them: a local's index, a
   * constant (JavaScript's shortest decimal text reads back as the same double), a memory offset
   * (optional, default 0), a lane or a branch depth. block, loop and if take no result type.
   */
  asm(text: string): this {
    const tokens = text
      .split(/\s+/)
      .filter((word) => word !== "")
      .map((word) => (/^[-+]?(\d|\.\d|Infinity$)/.test(word) ? Number(word) : word));
    const immediate = (at: number, mnemonic: string): number => {
      const value = tokens[at];
      if (typeof value !== "number") throw new Error(`wasm-asm: ${mnemonic} needs a number`);
      return value;
    };
    for (let at = 0; at < tokens.length; at++) {
      const word = tokens[at];
      if (typeof word === "number") throw new Error(`wasm-asm: stray number ${word}`);
      if (word in PLAIN) this.code.push(...PLAIN[word as PlainOp]);
      else if (word in MEMORY) {
        const { code, align } = MEMORY[word as MemoryOp];
        const offset = typeof tokens[at + 1] === "number" ? (tokens[++at] as number) : 0;
        this.code.push(...code, align, ...uleb(offset));
      } else if (word in LANE) this.code.push(...LANE[word as LaneOp], immediate(++at, word));
      else if (word in CONTROL) this.code.push(...CONTROL[word as keyof typeof CONTROL]);
      else if (word in INDEXED)
        this.code.push(INDEXED[word as keyof typeof INDEXED], ...uleb(immediate(++at, word)));
      else if (word === "i32.const") this.code.push(0x41, ...sleb(immediate(++at, word)));
      else if (word === "f64.const") this.code.push(0x44, ...f64Bytes(immediate(++at, word)));
      else throw new Error(`wasm-asm: unknown instruction ${word}`);
    }
    return this;
  }

  /** local += step, for an i32 local. */
  inc(index: number, step: number): this {
    return this.asm(`local.get ${index} i32.const ${step} i32.add local.set ${index}`);
  }

  encodeType(): number[] {
    return [
      0x60,
      ...vector(this.params.map((t) => [TYPE_CODE[t]])),
      ...vector(this.results.map((t) => [TYPE_CODE[t]])),
    ];
  }

  encodeBody(): number[] {
    const body = [...vector(this.localTypes.map((t) => [1, TYPE_CODE[t]])), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

/** A module that imports its memory as env.memory and exports every function by its name. */
export function assemble(funcs: readonly Func[]): Uint8Array<ArrayBuffer> {
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(funcs.map((f) => f.encodeType()))),
    ...section(2, vector([[...name("env"), ...name("memory"), 0x02, 0x00, 0x00]])),
    ...section(3, vector(funcs.map((_, i) => uleb(i)))),
    ...section(7, vector(funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(funcs.map((f) => f.encodeBody()))),
  ];
  return new Uint8Array(bytes);
}
