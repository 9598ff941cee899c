/**
 * VMWDefineCursor (0x574D5664, §3.3.7, §12.14). Rectangle x, y = hot-spot,
 * width × height = cursor size; payload `U8 type, U8 pad`, then
 *   type 0 (classic): AND mask, XOR mask, each width × height PIXELs;
 *   type 1 (alpha):   width × height four-byte pixels with alpha.
 * The size is checked (≤ maxCursorSide, default 256) before anything is
 * waited for or allocated (robustness.md B5). A zero-sized cursor hides it.
 */
import type {ByteReader} from '../protocol/byte-reader.js';
import {ENCODINGS} from '../protocol/encodings.js';
import {ProtocolError} from '../protocol/errors.js';
import {bytesPerPixel, toRgba} from '../protocol/pixel-format.js';
import type {DecodeContext, Rect, RectDecoder} from './decoder.js';
import type {FrameSink} from './frame-sink.js';

export const VMW_CURSOR_TYPE = {classic: 0, alpha: 1} as const;

/**
 * Byte positions of R, G, B, A in an alpha-cursor pixel. wmks copies the
 * bytes into a BMP, i.e. reads B, G, R, A (§12.14); rfbproto, noVNC and
 * TigerVNC say R, G, B, A (§3.3.7, UNCERTAIN for ESXi). To flip, use
 * `{r: 0, g: 1, b: 2, a: 3}`.
 */
export const ALPHA_CURSOR_CHANNELS = {r: 2, g: 1, b: 0, a: 3} as const;

export class VmwDefineCursorDecoder implements RectDecoder {
  readonly encodings = [ENCODINGS.vmwDefineCursor] as const;

  decode(rect: Rect, reader: ByteReader, sink: FrameSink, ctx: DecodeContext): boolean {
    const {width, height} = rect;
    if (width > ctx.maxCursorSide || height > ctx.maxCursorSide) {
      throw new ProtocolError(
        'cursor-too-large',
        `cursor ${width}x${height} exceeds ${ctx.maxCursorSide}x${ctx.maxCursorSide}`,
      );
    }
    if (!reader.has(2)) return false;
    const type = reader.peekU8();
    const pixels = width * height;
    let dataBytes: number;
    if (type === VMW_CURSOR_TYPE.classic) dataBytes = 2 * pixels * bytesPerPixel(ctx.pixelFormat);
    else if (type === VMW_CURSOR_TYPE.alpha) dataBytes = 4 * pixels;
    else throw new ProtocolError('bad-subencoding', `VMware cursor type ${type}`);
    if (!reader.has(2 + dataBytes)) return false;
    reader.discard(2);
    const data = reader.bytes(dataBytes);
    if (pixels === 0) {
      sink.setCursor(null);
      return true;
    }
    const rgba =
      type === VMW_CURSOR_TYPE.alpha ? alphaToRgba(data, pixels) : classicToRgba(data, pixels, ctx);
    sink.setCursor({
      width,
      height,
      hotX: Math.min(rect.x, width - 1),
      hotY: Math.min(rect.y, height - 1),
      rgba,
    });
    return true;
  }

  reset(): void {}
}

function alphaToRgba(data: Uint8Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 4);
  const {r, g, b, a} = ALPHA_CURSOR_CHANNELS;
  for (let i = 0; i < pixels * 4; i += 4) {
    out[i] = data[i + r]!;
    out[i + 1] = data[i + g]!;
    out[i + 2] = data[i + b]!;
    out[i + 3] = data[i + a]!;
  }
  return out;
}

/**
 * Classic AND/XOR cursor (§12.14): AND all ones and XOR 0 = transparent; AND
 * all ones and XOR non-zero ("invert screen", not representable) = opaque
 * black; otherwise opaque in the XOR colour.
 */
function classicToRgba(data: Uint8Array, pixels: number, ctx: DecodeContext): Uint8Array {
  const bpp = bytesPerPixel(ctx.pixelFormat);
  const xorBase = pixels * bpp;
  const out = new Uint8Array(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    let andAllOnes = true;
    let xorZero = true;
    for (let k = 0; k < bpp; k++) {
      if (data[p * bpp + k] !== 0xff) andAllOnes = false;
      if (data[xorBase + p * bpp + k] !== 0) xorZero = false;
    }
    const o = p * 4;
    if (andAllOnes && xorZero) continue; // transparent: already 0,0,0,0
    if (andAllOnes) {
      out[o + 3] = 255; // opaque black
      continue;
    }
    toRgba(ctx.pixelFormat, data, xorBase + p * bpp, out, o, 1);
  }
  return out;
}
