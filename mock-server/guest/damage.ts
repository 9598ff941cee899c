/**
 * Damage tracking for the guest screen: the copies (CopyRect) and dirty
 * rectangles accumulated since the last update.
 *
 * An update sends the copies first, in order, then every dirty rectangle
 * with the framebuffer's current pixels (rectangles of one update apply in
 * order, §12.12). For that to be exact, a copy whose source overlaps pixels
 * the client has not seen yet must carry that dirtiness to its destination;
 * `copy()` does so.
 */
import type {Rect} from './framebuffer.js';

export interface CopyOp {
  /** Source top-left. */
  sx: number;
  sy: number;
  /** Destination rectangle. */
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Above this many pending copies they are turned into dirty rectangles. */
const MAX_COPIES = 8;
/** Above this many dirty rectangles they collapse into their bounding box. */
const MAX_RECTS = 24;

export function intersect(a: Rect, b: Rect): Rect | undefined {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.w, b.x + b.w);
  const y1 = Math.min(a.y + a.h, b.y + b.h);
  if (x1 <= x0 || y1 <= y0) return undefined;
  return {x: x0, y: y0, w: x1 - x0, h: y1 - y0};
}

export function union(a: Rect, b: Rect): Rect {
  const x0 = Math.min(a.x, b.x);
  const y0 = Math.min(a.y, b.y);
  return {
    x: x0,
    y: y0,
    w: Math.max(a.x + a.w, b.x + b.w) - x0,
    h: Math.max(a.y + a.h, b.y + b.h) - y0,
  };
}

function touches(a: Rect, b: Rect): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

const area = (r: Rect) => r.w * r.h;

/** `a` minus `b`, as up to four rectangles. */
export function subtract(a: Rect, b: Rect): Rect[] {
  const i = intersect(a, b);
  if (!i) return [a];
  const out: Rect[] = [];
  if (i.y > a.y) out.push({x: a.x, y: a.y, w: a.w, h: i.y - a.y});
  if (i.y + i.h < a.y + a.h) out.push({x: a.x, y: i.y + i.h, w: a.w, h: a.y + a.h - i.y - i.h});
  if (i.x > a.x) out.push({x: a.x, y: i.y, w: i.x - a.x, h: i.h});
  if (i.x + i.w < a.x + a.w) out.push({x: i.x + i.w, y: i.y, w: a.x + a.w - i.x - i.w, h: i.h});
  return out;
}

export class Damage {
  private rects: Rect[] = [];
  private copies: CopyOp[] = [];

  constructor(
    private width: number,
    private height: number,
  ) {}

  /** New framebuffer size: everything is dirty, pending copies are void. */
  reset(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.copies = [];
    this.rects = [];
    this.all();
  }

  get empty(): boolean {
    return this.rects.length === 0 && this.copies.length === 0;
  }

  all(): void {
    this.copies = [];
    this.rects = [{x: 0, y: 0, w: this.width, h: this.height}];
  }

  add(r: Rect): void {
    let cur = intersect(r, {x: 0, y: 0, w: this.width, h: this.height});
    if (!cur) return;
    // Merge with neighbours when that does not paint much more than needed.
    for (let merged = true; merged;) {
      merged = false;
      for (let i = 0; i < this.rects.length; i++) {
        const e = this.rects[i]!;
        if (!touches(e, cur)) continue;
        const u = union(e, cur);
        if (area(u) <= (area(e) + area(cur)) * 1.25 + 256) {
          this.rects.splice(i, 1);
          cur = u;
          merged = true;
          break;
        }
      }
    }
    this.rects.push(cur);
    if (this.rects.length > MAX_RECTS) {
      this.rects = [this.rects.reduce(union)];
    }
  }

  /**
   * Records that the framebuffer copied the `w*h` block at (sx, sy) to (x, y).
   */
  copy(sx: number, sy: number, x: number, y: number, w: number, h: number): void {
    const src: Rect = {x: sx, y: sy, w, h};
    const dx = x - sx;
    const dy = y - sy;
    for (const r of [...this.rects]) {
      const i = intersect(r, src);
      if (i) this.add({x: i.x + dx, y: i.y + dy, w: i.w, h: i.h});
    }
    this.copies.push({sx, sy, x, y, w, h});
    if (this.copies.length > MAX_COPIES) this.flattenCopies();
  }

  /** Replaces every pending copy by its destination as a dirty rectangle. */
  flattenCopies(): void {
    const copies = this.copies;
    this.copies = [];
    for (const c of copies) this.add({x: c.x, y: c.y, w: c.w, h: c.h});
  }

  /** Takes everything pending and starts afresh. */
  take(): {copies: CopyOp[]; rects: Rect[]} {
    const out = {copies: this.copies, rects: this.rects};
    this.copies = [];
    this.rects = [];
    return out;
  }
}
