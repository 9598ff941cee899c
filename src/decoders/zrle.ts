/**
 * ZRLE (encoding 16, rfbproto "ZRLE Encoding"): U32 length, then zlib data
 * (one stream for the whole connection) that inflates to 64×64 tiles, left
 * to right, top to bottom. Each tile starts with a subencoding byte:
 * 0 raw CPIXELs, 1 solid, 2..16 packed palette (1, 2 or 4-bit indices, rows
 * padded to a byte), 128 plain RLE, 130..255 palette RLE; run lengths are
 * 1 + the sum of bytes up to the first one that is not 255. 17..127 and 129
 * are unused and fail.
 *
 * The uncompressed size depends on the tiles, so it is bounded instead: no
 * valid tile is longer than 1 + 127·cpixel + w·h·(cpixel+1) bytes, and the
 * inflater stops past that budget (robustness.md B7). The compressed data is
 * consumed in pieces of up to 64 KiB as it arrives; tiles are decoded once the
 * rectangle's data is complete, into an RGBA scratch that goes to the sink in
 * one putPixels. Inflated data shorter or longer than the tiles need fails.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import {ProtocolError} from '../protocol/errors.js';
import {ChunkedInflate} from './chunked-inflate.js';
import type {DecodeContext, Rect, RectDecoder} from './decoder.js';
import type {FrameSink} from './frame-sink.js';
import {PixelUnpacker, Scratch, unpackerFor} from './pixel-unpacker.js';

const TILE = 64;

function short(): never {
  throw new ProtocolError('bad-length', 'ZRLE data ends inside a tile');
}

export class ZrleDecoder implements RectDecoder {
  readonly encodings = [ENCODINGS.zrle] as const;
  private readonly _zlib = new ChunkedInflate();
  private readonly _rgba = new Scratch();
  private readonly _palette = new Uint32Array(128);
  private _unpacker: PixelUnpacker | undefined;

  reset(): void {
    this._zlib.reset();
  }

  decode(rect: Rect, reader: ByteReader, sink: FrameSink, ctx: DecodeContext): boolean {
    const unpacker = (this._unpacker = unpackerFor(this._unpacker, ctx.pixelFormat, 'cpixel'));
    const w = rect.width;
    const h = rect.height;
    const cp = unpacker.size;
    const tiles = Math.ceil(w / TILE) * Math.ceil(h / TILE);
    const budget = tiles * (1 + 127 * cp) + w * h * (cp + 1);
    if (!this._zlib.started) {
      if (!reader.has(4)) return false;
      const length = reader.peekU32();
      if (length > budget + Math.ceil(budget / 65535) * 5 + 1024) {
        throw new ProtocolError('bad-length', `ZRLE length ${length} for a ${w}x${h} rectangle`);
      }
      reader.discard(4);
      this._zlib.start(length);
    }
    const data = this._zlib.read(reader, ctx, budget);
    if (!data) return false;
    const end = this._zlib.produced;
    if (w === 0 || h === 0) {
      if (end !== 0) throw new ProtocolError('bad-length', 'ZRLE data for an empty rectangle');
      return true;
    }
    this._rgba.ensure(w * h * 4);
    this._decodeTiles(data, end, w, h, unpacker);
    sink.putPixels(rect.x, rect.y, w, h, this._rgba.bytes.subarray(0, w * h * 4));
    return true;
  }

  private _decodeTiles(src: Uint8Array, end: number, w: number, h: number, u: PixelUnpacker): void {
    const bytes = this._rgba.bytes;
    const words = this._rgba.words;
    const pal = this._palette;
    const cp = u.size;
    let p = 0;
    for (let ty = 0; ty < h; ty += TILE) {
      const th = Math.min(TILE, h - ty);
      for (let tx = 0; tx < w; tx += TILE) {
        const tw = Math.min(TILE, w - tx);
        const base = ty * w + tx;
        if (p >= end) short();
        const sub = src[p++]!;
        if (sub === 0) {
          const rowBytes = tw * cp;
          if (p + rowBytes * th > end) short();
          for (let j = 0; j < th; j++) {
            u.toRgba(src, p + j * rowBytes, bytes, (base + j * w) * 4, tw);
          }
          p += rowBytes * th;
        } else if (sub === 1) {
          if (p + cp > end) short();
          const colour = u.pack(src, p);
          p += cp;
          for (let j = 0, o = base; j < th; j++, o += w) words.fill(colour, o, o + tw);
        } else if (sub <= 16) {
          p = this._readPalette(src, p, end, sub, u);
          const bits = sub === 2 ? 1 : sub <= 4 ? 2 : 4;
          const rowBytes = (tw * bits + 7) >> 3;
          if (p + rowBytes * th > end) short();
          const mask = (1 << bits) - 1;
          for (let j = 0; j < th; j++) {
            const row = p + j * rowBytes;
            for (let i = 0, o = base + j * w, bit = 0; i < tw; i++, bit += bits) {
              const index = (src[row + (bit >> 3)]! >> (8 - bits - (bit & 7))) & mask;
              if (index >= sub) throw badIndex(index, sub);
              words[o + i] = pal[index]!;
            }
          }
          p += rowBytes * th;
        } else if (sub === 128 || sub >= 130) {
          const paletted = sub >= 130;
          const size = sub - 128;
          if (paletted) p = this._readPalette(src, p, end, size, u);
          // Runs may continue from one tile row to the next (rfbproto).
          let left = tw * th;
          let col = 0;
          let o = base;
          while (left > 0) {
            let colour: number;
            let run = 1;
            if (paletted) {
              if (p >= end) short();
              let index = src[p++]!;
              if (index & 128) {
                index &= 127;
                run = readRunLength(src, p, end);
                p = readRunEnd;
              }
              if (index >= size) throw badIndex(index, size);
              colour = pal[index]!;
            } else {
              if (p + cp > end) short();
              colour = u.pack(src, p);
              run = readRunLength(src, p + cp, end);
              p = readRunEnd;
            }
            if (run > left) {
              throw new ProtocolError('bad-length', 'ZRLE run longer than the rest of its tile');
            }
            left -= run;
            while (run > 0) {
              const n = Math.min(run, tw - col);
              if (n < 16) {
                for (let k = 0; k < n; k++) words[o + k] = colour;
              } else {
                words.fill(colour, o, o + n);
              }
              run -= n;
              col += n;
              if (col === tw) {
                col = 0;
                o += w - tw + n;
              } else {
                o += n;
              }
            }
          }
        } else {
          throw new ProtocolError('bad-subencoding', `ZRLE subencoding ${sub}`);
        }
      }
    }
    if (p !== end) throw new ProtocolError('bad-length', 'ZRLE data goes on after the last tile');
  }

  private _readPalette(
    src: Uint8Array,
    p: number,
    end: number,
    size: number,
    u: PixelUnpacker,
  ): number {
    const cp = u.size;
    if (p + size * cp > end) short();
    for (let i = 0; i < size; i++, p += cp) this._palette[i] = u.pack(src, p);
    return p;
  }
}

/** Where the last readRunLength stopped (a module slot avoids allocating a result). */
let readRunEnd = 0;

/** A run length: 1 + the sum of bytes up to and including the first that is not 255. */
function readRunLength(src: Uint8Array, p: number, end: number): number {
  let run = 1;
  let b: number;
  do {
    if (p >= end) short();
    b = src[p++]!;
    run += b;
  } while (b === 255);
  readRunEnd = p;
  return run;
}

function badIndex(index: number, size: number): ProtocolError {
  return new ProtocolError('bad-subencoding', `palette index ${index} of ${size} colours`);
}
