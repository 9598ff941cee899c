/**
 * Test-side parser of the server's byte stream (shared/webmks-protocol.md
 * §2.3, §3), and a model framebuffer that applies updates, so tests can
 * compare what a client would show with the server's screen.png.
 */
import jpegJs from 'jpeg-js';
import {decodePng} from './png-decode.js';

export type ServerRect =
  | {enc: 'raw'; x: number; y: number; w: number; h: number; bgrx: Uint8Array}
  | {enc: 'copy'; x: number; y: number; w: number; h: number; srcX: number; srcY: number}
  | {enc: 'fill'; x: number; y: number; w: number; h: number; rgb: [number, number, number]}
  | {enc: 'png' | 'jpeg'; x: number; y: number; w: number; h: number; file: Uint8Array}
  | {enc: 'desktop-size'; x: number; y: number; w: number; h: number}
  | {
      enc: 'cursor';
      x: number;
      y: number;
      w: number;
      h: number;
      cursorType: number;
      pixels: Uint8Array;
    }
  | {enc: 'cursor-state'; flags: number}
  | {enc: 'typematic'; state: number; period: number; delay: number}
  | {enc: 'leds'; leds: number};

export type ServerMessage =
  | {type: 'update'; id: number; rects: ServerRect[]; length: number}
  | {type: 'bell'; length: number}
  | {type: 'cut-text'; text: string; length: number}
  | {type: 'vmware'; sub: number; body: Uint8Array; length: number};

function compactLength(b: Uint8Array, p: number): {value: number; size: number} | undefined {
  if (p >= b.length) return undefined;
  let value = b[p]! & 0x7f;
  if (!(b[p]! & 0x80)) return {value, size: 1};
  if (p + 1 >= b.length) return undefined;
  value |= (b[p + 1]! & 0x7f) << 7;
  if (!(b[p + 1]! & 0x80)) return {value, size: 2};
  if (p + 2 >= b.length) return undefined;
  value |= b[p + 2]! << 14;
  return {value, size: 3};
}

/** Parses one server message at `b[0…]`; undefined if incomplete. Throws on nonsense. */
export function parseServerMessage(b: Uint8Array): ServerMessage | undefined {
  if (b.length < 1) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (b[0]) {
    case 0: {
      if (b.length < 4) return undefined;
      const n = v.getUint16(2);
      let p = 4;
      const rects: ServerRect[] = [];
      for (let i = 0; i < n; i++) {
        if (b.length < p + 12) return undefined;
        const x = v.getUint16(p);
        const y = v.getUint16(p + 2);
        const w = v.getUint16(p + 4);
        const h = v.getUint16(p + 6);
        const enc = v.getInt32(p + 8);
        p += 12;
        const need = (k: number) => b.length >= p + k;
        switch (enc) {
          case 0:
            if (!need(w * h * 4)) return undefined;
            rects.push({enc: 'raw', x, y, w, h, bgrx: b.slice(p, p + w * h * 4)});
            p += w * h * 4;
            break;
          case 1:
            if (!need(4)) return undefined;
            rects.push({enc: 'copy', x, y, w, h, srcX: v.getUint16(p), srcY: v.getUint16(p + 2)});
            p += 4;
            break;
          case -260: {
            if (!need(1)) return undefined;
            const ctrl = b[p]! >> 4;
            if (ctrl === 8) {
              if (!need(4)) return undefined;
              rects.push({enc: 'fill', x, y, w, h, rgb: [b[p + 1]!, b[p + 2]!, b[p + 3]!]});
              p += 4;
            } else if (ctrl === 9 || ctrl === 10) {
              const len = compactLength(b, p + 1);
              if (!len || !need(1 + len.size + len.value)) return undefined;
              const start = p + 1 + len.size;
              rects.push({
                enc: ctrl === 9 ? 'jpeg' : 'png',
                x,
                y,
                w,
                h,
                file: b.slice(start, start + len.value),
              });
              p = start + len.value;
            } else throw new Error(`TightPNG control ${ctrl}`);
            break;
          }
          case -223:
            rects.push({enc: 'desktop-size', x, y, w, h});
            break;
          case 0x574d5664: {
            if (!need(2)) return undefined;
            const cursorType = b[p]!;
            const size = w * h * 4 * (cursorType === 0 ? 2 : 1);
            if (!need(2 + size)) return undefined;
            rects.push({
              enc: 'cursor',
              x,
              y,
              w,
              h,
              cursorType,
              pixels: b.slice(p + 2, p + 2 + size),
            });
            p += 2 + size;
            break;
          }
          case 0x574d5665:
            if (!need(2)) return undefined;
            rects.push({enc: 'cursor-state', flags: v.getUint16(p)});
            p += 2;
            break;
          case 0x574d5667:
            if (!need(10)) return undefined;
            rects.push({
              enc: 'typematic',
              state: v.getUint16(p),
              period: v.getUint32(p + 2),
              delay: v.getUint32(p + 6),
            });
            p += 10;
            break;
          case 0x574d5668:
            if (!need(4)) return undefined;
            rects.push({enc: 'leds', leds: v.getUint32(p)});
            p += 4;
            break;
          default:
            throw new Error(`unexpected encoding ${enc}`);
        }
      }
      return {type: 'update', id: b[1]!, rects, length: p};
    }
    case 2:
      return {type: 'bell', length: 1};
    case 3: {
      if (b.length < 8) return undefined;
      const len = v.getUint32(4);
      if (b.length < 8 + len) return undefined;
      return {
        type: 'cut-text',
        text: new TextDecoder().decode(b.subarray(8, 8 + len)),
        length: 8 + len,
      };
    }
    case 127: {
      if (b.length < 4) return undefined;
      const len = v.getUint16(2);
      if (b.length < len) return undefined;
      return {type: 'vmware', sub: b[1]!, body: b.slice(4, len), length: len};
    }
    default:
      throw new Error(`unexpected server message type ${b[0]}`);
  }
}

/** What a client would show: an RGBA model updated rectangle by rectangle. */
export class ModelScreen {
  rgba: Uint8Array;
  constructor(
    public width: number,
    public height: number,
  ) {
    this.rgba = new Uint8Array(width * height * 4);
  }

  private inside(x: number, y: number, w: number, h: number): void {
    if (x + w > this.width || y + h > this.height) {
      throw new Error(`rect ${w}x${h}+${x}+${y} outside ${this.width}x${this.height}`);
    }
  }

  private put(x: number, y: number, w: number, h: number, rgba: Uint8Array): void {
    for (let row = 0; row < h; row++) {
      this.rgba.set(
        rgba.subarray(row * w * 4, (row + 1) * w * 4),
        ((y + row) * this.width + x) * 4,
      );
    }
  }

  apply(rects: ServerRect[]): void {
    for (const r of rects) {
      switch (r.enc) {
        case 'raw': {
          this.inside(r.x, r.y, r.w, r.h);
          const px = new Uint8Array(r.w * r.h * 4);
          for (let i = 0; i < px.length; i += 4) {
            px[i] = r.bgrx[i + 2]!;
            px[i + 1] = r.bgrx[i + 1]!;
            px[i + 2] = r.bgrx[i]!;
            px[i + 3] = 255;
          }
          this.put(r.x, r.y, r.w, r.h, px);
          break;
        }
        case 'copy': {
          this.inside(r.x, r.y, r.w, r.h);
          this.inside(r.srcX, r.srcY, r.w, r.h);
          const tmp = new Uint8Array(r.w * r.h * 4);
          for (let row = 0; row < r.h; row++) {
            const s = ((r.srcY + row) * this.width + r.srcX) * 4;
            tmp.set(this.rgba.subarray(s, s + r.w * 4), row * r.w * 4);
          }
          this.put(r.x, r.y, r.w, r.h, tmp);
          break;
        }
        case 'fill': {
          this.inside(r.x, r.y, r.w, r.h);
          const px = new Uint8Array(r.w * r.h * 4);
          for (let i = 0; i < px.length; i += 4) px.set([...r.rgb, 255], i);
          this.put(r.x, r.y, r.w, r.h, px);
          break;
        }
        case 'png': {
          const img = decodePng(r.file);
          if (img.width !== r.w || img.height !== r.h)
            throw new Error('PNG size differs from rect');
          this.inside(r.x, r.y, r.w, r.h);
          this.put(r.x, r.y, r.w, r.h, img.rgba);
          break;
        }
        case 'jpeg': {
          const img = jpegJs.decode(r.file, {useTArray: true, formatAsRGBA: true});
          this.inside(r.x, r.y, img.width, img.height);
          this.put(r.x, r.y, img.width, img.height, img.data);
          break;
        }
        case 'desktop-size':
          this.width = r.w;
          this.height = r.h;
          this.rgba = new Uint8Array(r.w * r.h * 4);
          break;
        default:
          break;
      }
    }
  }
}
