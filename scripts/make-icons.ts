/*
 * Writes the add-in icons (assets/icon-<size>.png) using only Node's zlib.
 * Each icon is a rounded blue square with three small groups of dots (three "segments").
 * The output is deterministic. Usage: npx tsx scripts/make-icons.ts
 */
import fs from "fs";
import path from "path";
import zlib from "zlib";

const SIZES = [16, 32, 64, 80, 128];
const OUT_DIR = path.join(__dirname, "..", "assets");

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

function encodePng(size: number, rgba: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter type None
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

type Rgb = [number, number, number];

const BACKGROUND: Rgb = [15, 108, 189]; // Fluent "communication blue" #0F6CBD
// Dot centres and colours in unit coordinates: three groups of three dots.
const DOTS: Array<{ x: number; y: number; c: Rgb }> = [
  { x: 0.3, y: 0.3, c: [255, 255, 255] },
  { x: 0.4, y: 0.24, c: [255, 255, 255] },
  { x: 0.36, y: 0.4, c: [255, 255, 255] },
  { x: 0.68, y: 0.36, c: [255, 209, 102] },
  { x: 0.76, y: 0.28, c: [255, 209, 102] },
  { x: 0.62, y: 0.26, c: [255, 209, 102] },
  { x: 0.48, y: 0.72, c: [127, 224, 200] },
  { x: 0.6, y: 0.68, c: [127, 224, 200] },
  { x: 0.42, y: 0.62, c: [127, 224, 200] },
];

/** Fraction (0..1) of the pixel at (px, py) covered by a shape, by 4x4 supersampling. */
function coverage(px: number, py: number, inside: (x: number, y: number) => boolean): number {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) if (inside(px + (sx + 0.5) / 4, py + (sy + 0.5) / 4)) hits++;
  }
  return hits / 16;
}

function drawIcon(size: number): Buffer {
  const rgba = Buffer.alloc(size * size * 4);
  const radius = size * 0.18;
  const inRoundedSquare = (x: number, y: number): boolean => {
    const cx = Math.min(Math.max(x, radius), size - radius);
    const cy = Math.min(Math.max(y, radius), size - radius);
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
  };
  const dotRadius = Math.max(size * 0.06, 1.1);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let colour: Rgb = BACKGROUND;
      for (const dot of DOTS) {
        const dx = dot.x * size;
        const dy = dot.y * size;
        const a = coverage(px, py, (x, y) => (x - dx) ** 2 + (y - dy) ** 2 <= dotRadius ** 2);
        if (a > 0) colour = colour.map((v, i) => Math.round(v * (1 - a) + dot.c[i] * a)) as Rgb;
      }
      const o = (py * size + px) * 4;
      rgba[o] = colour[0];
      rgba[o + 1] = colour[1];
      rgba[o + 2] = colour[2];
      rgba[o + 3] = Math.round(255 * coverage(px, py, inRoundedSquare));
    }
  }
  return encodePng(size, rgba);
}

fs.mkdirSync(OUT_DIR, { recursive: true });
for (const size of SIZES) {
  const file = path.join(OUT_DIR, `icon-${size}.png`);
  fs.writeFileSync(file, drawIcon(size));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
