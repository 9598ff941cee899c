/**
 * Tight (encoding 7, rfbproto "Tight Encoding").
 *
 * compression-control byte: bits 0-3 reset zlib streams 0-3 (even for fill
 * and JPEG, rfbproto NOTE1); the high nibble is 0-7 basic compression
 * (bits 4-5 stream id, bit 6 "filter id follows"), 8 fill, 9 JPEG, anything
 * else invalid (10 is PNG, which only TightPNG may use). Basic compression
 * filters: 0 copy, 1 palette (2..256 TPIXELs; at most 2 colours = 1-bit
 * indices with rows padded to a byte, else 8-bit), 2 gradient (16/32 bpp
 * only). Data shorter than 12 bytes is sent as is; longer data is a compact
 * length (1-3 bytes, at most 4,194,303) and zlib data from the chosen stream.
 * JPEG is a compact length and a JFIF stream for the sink to decode.
 *
 * Hostile input (robustness.md B6/B7): unknown control values and filters
 * fail; non-fill rectangles wider than 2048 fail (rfbproto; TigerVNC
 * TIGHT_MAX_WIDTH); a palette index past the palette fails instead of
 * painting black; the inflater returns exactly the size the geometry implies
 * or fails; a JPEG whose SOF size differs from the rectangle fails before the
 * browser decodes it (B8).
 *
 * Resumable by phase: control, filter id, palette, and the data (compact
 * length + payload) are each consumed only when complete.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import {LIMITS, ProtocolError} from '../protocol/errors.js';
import type {PixelFormat} from '../protocol/pixel-format.js';
import type {DecodeContext, Inflater, Rect, RectDecoder} from './decoder.js';
import type {FrameSink} from './frame-sink.js';
import {checkImageSize} from './image-header.js';
import {PixelUnpacker, Scratch, blueOf, greenOf, redOf, unpackerFor} from './pixel-unpacker.js';
import {openInflater} from './stream-inflater.js';

/** rfbproto: data shorter than this is not compressed. */
const MIN_TO_COMPRESS = 12;

const PHASE_CONTROL = 0;
const PHASE_FILL = 1;
const PHASE_JPEG = 2;
const PHASE_FILTER = 3;
const PHASE_PALETTE = 4;
const PHASE_DATA = 5;

const FILTER_COPY = 0;
const FILTER_PALETTE = 1;
const FILTER_GRADIENT = 2;

export class TightDecoder implements RectDecoder {
  readonly encodings = [ENCODINGS.tight] as const;
  private _phase = PHASE_CONTROL;
  private _stream = 0;
  private _filter = FILTER_COPY;
  private _paletteSize = 0;
  private readonly _palette = new Uint32Array(256);
  /** The connection's four zlib streams, opened on first use. */
  private readonly _streams: (Inflater | undefined)[] = [
    undefined,
    undefined,
    undefined,
    undefined,
  ];
  private readonly _rgba = new Scratch();
  private _unpacker: PixelUnpacker | undefined;
  private _gradient: GradientTables | undefined;
  /** Bytes taken by the compact length found by the last _peekCompact. */
  private _compactBytes = 0;

  reset(): void {
    this._phase = PHASE_CONTROL;
  }

  decode(rect: Rect, reader: ByteReader, sink: FrameSink, ctx: DecodeContext): boolean {
    const unpacker = (this._unpacker = unpackerFor(this._unpacker, ctx.pixelFormat, 'tpixel'));
    const tpx = unpacker.size;
    if (this._phase === PHASE_CONTROL) {
      if (!reader.has(1)) return false;
      this._control(reader.u8(), rect);
    }
    switch (this._phase) {
      case PHASE_FILL: {
        if (!reader.has(tpx)) return false;
        const colour = unpacker.pack(reader.bytes(tpx), 0);
        if (rect.width > 0 && rect.height > 0) {
          const {x, y, width, height} = rect;
          sink.fillRect(x, y, width, height, redOf(colour), greenOf(colour), blueOf(colour));
        }
        this._phase = PHASE_CONTROL;
        return true;
      }
      case PHASE_JPEG: {
        const length = this._peekCompact(reader);
        if (length < 0 || !reader.has(this._compactBytes + length)) return false;
        reader.discard(this._compactBytes);
        const jpeg = reader.bytes(length);
        checkImageSize('image/jpeg', jpeg, rect.width, rect.height);
        sink.putImage(rect.x, rect.y, rect.width, rect.height, 'image/jpeg', jpeg);
        this._phase = PHASE_CONTROL;
        return true;
      }
      case PHASE_FILTER: {
        if (!reader.has(1)) return false;
        const filter = reader.u8();
        if (filter === FILTER_PALETTE) {
          this._phase = PHASE_PALETTE;
        } else if (filter === FILTER_GRADIENT) {
          // rfbproto: the gradient filter may only be used at 16 or 32 bpp.
          if (ctx.pixelFormat.bitsPerPixel === 8) {
            throw new ProtocolError('bad-subencoding', 'Tight gradient filter at 8 bpp');
          }
          this._filter = FILTER_GRADIENT;
          this._phase = PHASE_DATA;
        } else if (filter === FILTER_COPY) {
          this._phase = PHASE_DATA;
        } else {
          throw new ProtocolError('bad-subencoding', `Tight filter id ${filter}`);
        }
      }
    }
    if (this._phase === PHASE_PALETTE) {
      if (!reader.has(1)) return false;
      const size = reader.peekU8() + 1;
      if (!reader.has(1 + size * tpx)) return false;
      const bytes = reader.bytes(1 + size * tpx);
      for (let i = 0; i < size; i++) this._palette[i] = unpacker.pack(bytes, 1 + i * tpx);
      this._paletteSize = size;
      this._filter = FILTER_PALETTE;
      this._phase = PHASE_DATA;
    }
    // PHASE_DATA
    const w = rect.width;
    const h = rect.height;
    const rowBytes =
      this._filter === FILTER_PALETTE ? (this._paletteSize <= 2 ? (w + 7) >> 3 : w) : w * tpx;
    const length = rowBytes * h;
    let data: Uint8Array;
    if (length < MIN_TO_COMPRESS) {
      if (!reader.has(length)) return false;
      data = reader.bytes(length);
    } else {
      const compressed = this._peekCompact(reader);
      if (compressed < 0 || !reader.has(this._compactBytes + compressed)) return false;
      const stream = (this._streams[this._stream] ??= openInflater(ctx));
      reader.discard(this._compactBytes);
      data = stream.inflate(reader.bytes(compressed), length);
    }
    this._phase = PHASE_CONTROL;
    if (w === 0 || h === 0) return true;
    const rgba = this._rgba.ensure(w * h * 4);
    if (this._filter === FILTER_PALETTE) this._drawPalette(data, w, h);
    else if (this._filter === FILTER_GRADIENT) this._drawGradient(data, w, h, unpacker);
    else unpacker.toRgba(data, 0, rgba, 0, w * h);
    sink.putPixels(rect.x, rect.y, w, h, rgba.subarray(0, w * h * 4));
    return true;
  }

  /** Applies the reset bits and picks the phase from the high nibble. */
  private _control(control: number, rect: Rect): void {
    for (let i = 0; i < 4; i++) {
      if ((control >> i) & 1) this._streams[i]?.reset();
    }
    const method = control >> 4;
    if (method === 8) {
      this._phase = PHASE_FILL;
      return;
    }
    if (method === 9) {
      this._phase = PHASE_JPEG;
    } else if (method < 8) {
      this._stream = method & 3;
      this._filter = FILTER_COPY;
      this._paletteSize = 0;
      this._phase = method & 4 ? PHASE_FILTER : PHASE_DATA;
    } else {
      throw new ProtocolError(
        'bad-subencoding',
        `Tight compression control 0x${control.toString(16)}`,
      );
    }
    if (rect.width > LIMITS.tightMaxWidth) {
      throw new ProtocolError(
        'bad-length',
        `Tight rectangle ${rect.width} wide (at most ${LIMITS.tightMaxWidth} unless it is a fill)`,
      );
    }
  }

  /**
   * The compact length at the front of the reader, without consuming it
   * (sets _compactBytes), or -1 if it is not all there yet. At most
   * 4,194,303 = LIMITS.compactLength by construction.
   */
  private _peekCompact(reader: ByteReader): number {
    if (!reader.has(1)) return -1;
    const b0 = reader.peekU8(0);
    let length = b0 & 0x7f;
    this._compactBytes = 1;
    if (b0 & 0x80) {
      if (!reader.has(2)) return -1;
      const b1 = reader.peekU8(1);
      length |= (b1 & 0x7f) << 7;
      this._compactBytes = 2;
      if (b1 & 0x80) {
        if (!reader.has(3)) return -1;
        length |= reader.peekU8(2) << 14;
        this._compactBytes = 3;
      }
    }
    return length;
  }

  private _drawPalette(data: Uint8Array, w: number, h: number): void {
    const words = this._rgba.words;
    const pal = this._palette;
    const size = this._paletteSize;
    if (size <= 2) {
      const rowBytes = (w + 7) >> 3;
      for (let j = 0, o = 0; j < h; j++) {
        const row = j * rowBytes;
        for (let i = 0; i < w; i++, o++) {
          const index = (data[row + (i >> 3)]! >> (7 - (i & 7))) & 1;
          if (index >= size) throw badIndex(index, size);
          words[o] = pal[index]!;
        }
      }
      return;
    }
    const n = w * h;
    if (size === 256) {
      for (let i = 0; i < n; i++) words[i] = pal[data[i]!]!;
      return;
    }
    for (let i = 0; i < n; i++) {
      const index = data[i]!;
      if (index >= size) throw badIndex(index, size);
      words[i] = pal[index]!;
    }
  }

  /**
   * rfbproto GradientFilter, undone: each colour component is the sent value
   * plus the prediction left + above - above-left (0 outside the rectangle),
   * clamped to [0, max], modulo max+1.
   */
  private _drawGradient(data: Uint8Array, w: number, h: number, unpacker: PixelUnpacker): void {
    const out = this._rgba.bytes;
    const stride = w * 4;
    if (unpacker.bytes3) {
      // 3-byte TPIXEL: the components are the R, G, B bytes, and the RGBA output
      // keeps them as they are, so the rows above are read back from `out`.
      for (let j = 0, o = 0, s = 0; j < h; j++) {
        for (let i = 0; i < w; i++, o += 4, s += 3) {
          if (j === 0) {
            // Above is outside the rectangle: the prediction is the left pixel (or 0).
            out[o] = (data[s]! + (i > 0 ? out[o - 4]! : 0)) & 255;
            out[o + 1] = (data[s + 1]! + (i > 0 ? out[o - 3]! : 0)) & 255;
            out[o + 2] = (data[s + 2]! + (i > 0 ? out[o - 2]! : 0)) & 255;
          } else if (i === 0) {
            // Left is outside: the prediction is the pixel above.
            out[o] = (data[s]! + out[o - stride]!) & 255;
            out[o + 1] = (data[s + 1]! + out[o - stride + 1]!) & 255;
            out[o + 2] = (data[s + 2]! + out[o - stride + 2]!) & 255;
          } else {
            const a = o - stride;
            let p = out[o - 4]! + out[a]! - out[a - 4]!;
            out[o] = (data[s]! + (p < 0 ? 0 : p > 255 ? 255 : p)) & 255;
            p = out[o - 3]! + out[a + 1]! - out[a - 3]!;
            out[o + 1] = (data[s + 1]! + (p < 0 ? 0 : p > 255 ? 255 : p)) & 255;
            p = out[o - 2]! + out[a + 2]! - out[a - 2]!;
            out[o + 2] = (data[s + 2]! + (p < 0 ? 0 : p > 255 ? 255 : p)) & 255;
          }
          out[o + 3] = 255;
        }
      }
      return;
    }
    const t = this._gradientTables(unpacker.pf);
    const bpp = unpacker.size;
    const big = unpacker.pf.bigEndian;
    // Components at their own precision, 3 per pixel, for this row and the one above.
    if (t.rows.length < w * 6) t.rows = new Uint16Array(w * 6);
    const rows = t.rows;
    let above = 0;
    let here = w * 3;
    rows.fill(0, 0, w * 3);
    for (let j = 0, o = 0, s = 0; j < h; j++) {
      for (let i = 0; i < w; i++, o += 4, s += bpp) {
        let v: number;
        if (bpp === 2) v = big ? (data[s]! << 8) | data[s + 1]! : data[s]! | (data[s + 1]! << 8);
        else
          v = big
            ? ((data[s]! << 24) | (data[s + 1]! << 16) | (data[s + 2]! << 8) | data[s + 3]!) >>> 0
            : (data[s]! | (data[s + 1]! << 8) | (data[s + 2]! << 16) | (data[s + 3]! << 24)) >>> 0;
        for (let c = 0; c < 3; c++) {
          const max = t.max[c]!;
          const up = rows[above + i * 3 + c]!;
          const left = i > 0 ? rows[here + (i - 1) * 3 + c]! : 0;
          const upLeft = i > 0 ? rows[above + (i - 1) * 3 + c]! : 0;
          let p = left + up - upLeft;
          p = p < 0 ? 0 : p > max ? max : p;
          const value = (((v >>> t.shift[c]!) & max) + p) & max;
          rows[here + i * 3 + c] = value;
          out[o + c] = t.scale[c]![value]!;
        }
        out[o + 3] = 255;
      }
      const swap = above;
      above = here;
      here = swap;
    }
  }

  private _gradientTables(pf: PixelFormat): GradientTables {
    if (this._gradient?.pf === pf) return this._gradient;
    const tables: GradientTables = {
      pf,
      max: [pf.redMax, pf.greenMax, pf.blueMax],
      shift: [pf.redShift, pf.greenShift, pf.blueShift],
      scale: [pf.redMax, pf.greenMax, pf.blueMax].map((max) => {
        // Same scaling as pixel-format.ts toRgba.
        const table = new Uint8Array(max + 1);
        for (let v = 0; v <= max; v++) table[v] = max === 255 ? v : Math.round((v * 255) / max);
        return table;
      }),
      rows: new Uint16Array(0),
    };
    this._gradient = tables;
    return tables;
  }
}

interface GradientTables {
  pf: PixelFormat;
  max: number[];
  shift: number[];
  scale: Uint8Array[];
  rows: Uint16Array;
}

function badIndex(index: number, size: number): ProtocolError {
  return new ProtocolError('bad-subencoding', `Tight palette index ${index} of ${size} colours`);
}
