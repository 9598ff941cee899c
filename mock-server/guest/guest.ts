/**
 * The live synthetic guest behind a mock console: a screen (framebuffer +
 * damage), a text console with a login prompt, a clock, a moving square,
 * lock-key LEDs, an optional JPEG region, and — for the bench scenario —
 * a scrolling log and a moving window. It knows nothing about the wire; the
 * session turns its damage into FramebufferUpdates.
 */
import {LED} from '../wire/constants.js';
import {encodePngRgb} from '../wire/png.js';
import {Damage, subtract} from './damage.js';
import {CELL_WIDTH, drawText} from './font.js';
import {Framebuffer, rgb, type Rect} from './framebuffer.js';
import {GuestKeyboard, type KeyAction} from './keyboard.js';
import {computeLayout, SHAPE_SIZE, type Layout} from './layout.js';
import {PLASMA_PERIOD, plasmaRgba} from './plasma.js';
import {TextConsole} from './text-console.js';

export interface GuestOptions {
  width: number;
  height: number;
  /** Shown in the title bar (and the ServerInit name). */
  name: string;
  jpeg: boolean;
  bench: boolean;
  /** False freezes the clock (12:00:00) and every moving part, for exact screen comparisons. */
  animate: boolean;
  /** Animation ticks per second. */
  fps: number;
}

/** Guest sizes the mock accepts; requests outside are clamped (like a guest's mode list). */
export const MIN_WIDTH = 160;
export const MIN_HEIGHT = 120;
export const MAX_WIDTH = 3840;
export const MAX_HEIGHT = 2400;

export function clampSize(w: number, h: number): {width: number; height: number} {
  return {
    width: Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Math.floor(w))),
    height: Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, Math.floor(h))),
  };
}

const BAR_BG = rgb(31, 58, 95);
const BAR_FG = rgb(240, 240, 240);
const LED_ON = rgb(46, 125, 50);
const LED_OFF = rgb(55, 71, 79);
const STRIP_BG = rgb(32, 32, 32);
const SHAPE_COLOR = rgb(255, 136, 0);
const SIDE_BG = rgb(16, 20, 24);
const DESKTOP_BG = rgb(42, 111, 127);
const WINDOW_BORDER = rgb(20, 20, 20);
const WINDOW_TITLE = rgb(48, 80, 160);
const WINDOW_BODY = rgb(208, 208, 208);
const WINDOW_TEXT = rgb(16, 16, 16);
const WINDOW_W = 360;
const WINDOW_H = 240;

export const HOSTNAME = 'mock-vm';
const BANNER = [
  'Mock ESXi guest console (webmks-console test VM)',
  'Kernel 6.1.0-mock on x86_64 (tty1)',
  '',
];
const LOGIN_PROMPT = `${HOSTNAME} login: `;

/** A triangle wave over [0, span]: position of something bouncing at `speed` per tick. */
function bounce(tick: number, speed: number, span: number): number {
  if (span <= 0) return 0;
  const p = (tick * speed) % (2 * span);
  return p <= span ? p : 2 * span - p;
}

export class Guest {
  readonly fb: Framebuffer;
  readonly damage: Damage;
  readonly keyboard = new GuestKeyboard();
  layout: Layout;
  /** Text typed by key events: characters, `\n` for Enter, `\t` for Tab; Backspace removes. */
  typed = '';
  /** Set when the LED state changed and the client has not been told yet. */
  ledsChanged = true;
  /** Set when the JPEG region changed since the last update. */
  jpegDirty = false;
  tickCount = 0;
  private readonly console: TextConsole;
  private user: string | undefined;
  private clockText = '';
  private shape: Rect | undefined;
  private window: Rect | undefined;
  private jpegFrame = 0;

  constructor(readonly options: GuestOptions) {
    const {width, height} = clampSize(options.width, options.height);
    this.fb = new Framebuffer(width, height);
    this.damage = new Damage(width, height);
    this.layout = computeLayout(width, height, options);
    this.console = new TextConsole(this.fb, this.damage, this.layout.console);
    this.console.write(BANNER.join('\n') + '\n' + LOGIN_PROMPT);
    this.console.beginInput();
    this.drawAll();
  }

  get width(): number {
    return this.fb.width;
  }

  get height(): number {
    return this.fb.height;
  }

  get leds(): number {
    return this.keyboard.leds;
  }

  /** The JPEG region and the plasma frame it shows. */
  get jpegRegion(): {rect: Rect; frame: number} | undefined {
    return this.layout.jpeg ? {rect: this.layout.jpeg, frame: this.jpegFrame} : undefined;
  }

  /** The visible console text (for diagnostics and tests). */
  consoleLines(): string[] {
    return this.console.lines();
  }

  /** Paints every part of the screen. */
  private drawAll(): void {
    const L = this.layout;
    this.fb.fill(0, 0, this.width, this.height, SIDE_BG);
    this.fb.fill(L.bar.x, L.bar.y, L.bar.w, L.bar.h, BAR_BG);
    const titleChars = Math.floor(L.title.w / CELL_WIDTH);
    drawText(
      this.fb,
      `${this.options.name} - webmks mock ESXi`.slice(0, titleChars),
      L.title.x,
      L.title.y,
      BAR_FG,
      BAR_BG,
    );
    this.clockText = '';
    this.drawClock(new Date());
    this.drawLeds();
    this.console.redraw();
    this.fb.fill(L.strip.x, L.strip.y, L.strip.w, L.strip.h, STRIP_BG);
    this.shape = undefined;
    this.drawShape();
    if (L.desktop) {
      this.fb.fill(L.desktop.x, L.desktop.y, L.desktop.w, L.desktop.h, DESKTOP_BG);
      this.window = undefined;
      this.drawWindow();
    }
    if (L.jpeg) this.drawJpeg();
    this.damage.all();
  }

  private drawClock(now: Date): void {
    const text = this.options.animate
      ? [now.getHours(), now.getMinutes(), now.getSeconds()]
          .map((n) => String(n).padStart(2, '0'))
          .join(':')
      : '12:00:00';
    if (text === this.clockText) return;
    this.clockText = text;
    const c = this.layout.clock;
    if (c.x < 0) return;
    drawText(this.fb, text, c.x, c.y, BAR_FG, BAR_BG);
    this.damage.add(c);
  }

  private drawLeds(): void {
    const {num, caps, scroll} = this.layout.leds;
    const boxes: [Rect, string, number][] = [
      [num, 'NUM', LED.num],
      [caps, 'CAPS', LED.caps],
      [scroll, 'SCRL', LED.scroll],
    ];
    for (const [r, label, bit] of boxes) {
      if (r.x < 0) continue;
      const bg = this.leds & bit ? LED_ON : LED_OFF;
      this.fb.fill(r.x, r.y, r.w, r.h, bg);
      drawText(
        this.fb,
        label,
        r.x + Math.floor((r.w - label.length * CELL_WIDTH) / 2),
        r.y,
        BAR_FG,
        bg,
      );
      this.damage.add(r);
    }
  }

  private drawShape(): void {
    const s = this.layout.strip;
    const span = s.w - SHAPE_SIZE - 16;
    const x = s.x + 8 + (this.options.animate ? bounce(this.tickCount, 6, span) : 0);
    const next = {x, y: s.y + 8, w: SHAPE_SIZE, h: SHAPE_SIZE};
    const prev = this.shape;
    if (prev && prev.x === next.x && prev.y === next.y) return;
    if (prev) {
      this.fb.fill(prev.x, prev.y, prev.w, prev.h, STRIP_BG);
      this.damage.add(prev);
    }
    this.fb.fill(next.x, next.y, next.w, next.h, SHAPE_COLOR);
    this.damage.add(next);
    this.shape = next;
  }

  /** Bench: a window that travels the desktop; moves are CopyRects plus exposed background. */
  private drawWindow(): void {
    const d = this.layout.desktop;
    if (!d || d.w < WINDOW_W + 2 || d.h < WINDOW_H + 2) return;
    const animate = this.options.animate;
    const next = {
      x: d.x + 1 + (animate ? bounce(this.tickCount, 7, d.w - WINDOW_W - 2) : 0),
      y: d.y + 1 + (animate ? bounce(this.tickCount, 5, d.h - WINDOW_H - 2) : 0),
      w: WINDOW_W,
      h: WINDOW_H,
    };
    const prev = this.window;
    if (prev && prev.x === next.x && prev.y === next.y) return;
    if (!prev) {
      const {x, y, w, h} = next;
      this.fb.fill(x, y, w, h, WINDOW_BORDER);
      this.fb.fill(x + 1, y + 1, w - 2, 20, WINDOW_TITLE);
      drawText(this.fb, 'bench window', x + 8, y + 3, BAR_FG, WINDOW_TITLE);
      this.fb.fill(x + 1, y + 22, w - 2, h - 23, WINDOW_BODY);
      for (let i = 0; i < 8; i++) {
        drawText(
          this.fb,
          `line ${i + 1}: the quick brown fox`,
          x + 8,
          y + 30 + i * 24,
          WINDOW_TEXT,
          WINDOW_BODY,
        );
      }
      this.damage.add(next);
    } else {
      this.fb.copy(prev.x, prev.y, prev.w, prev.h, next.x, next.y);
      this.damage.copy(prev.x, prev.y, next.x, next.y, prev.w, prev.h);
      for (const r of subtract(prev, next)) {
        this.fb.fill(r.x, r.y, r.w, r.h, DESKTOP_BG);
        this.damage.add(r);
      }
    }
    this.window = next;
  }

  private drawJpeg(): void {
    const j = this.layout.jpeg;
    if (!j) return;
    this.fb.putRgba(j.x, j.y, j.w, j.h, plasmaRgba(j.w, j.h, this.jpegFrame));
    this.jpegDirty = true;
  }

  /** One animation step: clock, square, and (bench) log line, window and JPEG region. */
  tick(now = new Date()): void {
    this.drawClock(now);
    if (!this.options.animate) return;
    this.tickCount++;
    this.drawShape();
    if (this.options.bench) {
      this.console.write(
        `\n[${(this.tickCount / this.options.fps).toFixed(3).padStart(10)}] bench: frame ${this.tickCount} the quick brown fox jumps over the lazy dog`,
      );
      this.drawWindow();
    }
    const jpegEvery = this.options.bench ? 1 : 5;
    if (this.layout.jpeg && this.tickCount % jpegEvery === 0) {
      this.jpegFrame = (this.jpegFrame + 1) % PLASMA_PERIOD;
      this.drawJpeg();
    }
  }

  private apply(action: KeyAction | undefined): void {
    if (!action) return;
    switch (action.kind) {
      case 'char':
        this.typed += action.ch;
        this.console.typeChar(action.ch);
        break;
      case 'tab':
        this.typed += '\t';
        this.console.typeTab();
        break;
      case 'backspace': {
        const erased = this.console.backspace();
        if (erased !== undefined && this.typed.endsWith(erased)) {
          this.typed = this.typed.slice(0, this.typed.length - erased.length);
        }
        break;
      }
      case 'enter':
        this.typed += '\n';
        this.onLine(this.console.enter());
        break;
      case 'leds':
        this.ledsChanged = true;
        this.drawLeds();
        break;
    }
  }

  /** A finished input line: the login dialogue of a getty, then an echoing shell prompt. */
  private onLine(line: string): void {
    if (this.user === undefined) {
      if (line.trim() === '') {
        this.console.write(LOGIN_PROMPT);
      } else {
        this.user = line.trim();
        this.console.write(`Welcome, ${this.user}!\n${this.prompt()}`);
      }
    } else {
      this.console.write(this.prompt());
    }
    this.console.beginInput();
  }

  private prompt(): string {
    return `[${this.user}@${HOSTNAME} ~]$ `;
  }

  /** A VScan key event (127/0). */
  scancode(code: number, down: boolean): void {
    this.apply(this.keyboard.scancode(code, down));
  }

  /** An X11 keysym key event (KeyEvent 4). */
  keysym(keysym: number, down: boolean): void {
    this.apply(this.keyboard.keysym(keysym, down));
  }

  /** A Unicode key event (127/6, raw = 0). */
  unicode(codePoint: number, down: boolean): void {
    this.apply(this.keyboard.unicode(codePoint, down));
  }

  /** Sets lock states (127/16). */
  setLeds(mask: number): void {
    if (this.keyboard.setLeds(mask)) this.apply({kind: 'leds'});
  }

  /**
   * Changes the guest resolution (clamped to MIN/MAX); redraws everything.
   * Returns the size actually set.
   */
  resize(w: number, h: number): {width: number; height: number} {
    const size = clampSize(w, h);
    this.fb.resize(size.width, size.height);
    this.damage.reset(size.width, size.height);
    this.layout = computeLayout(size.width, size.height, this.options);
    this.console.relayout(this.layout.console);
    this.drawAll();
    return size;
  }

  /** The framebuffer now, as a PNG (exact pixels; the JPEG region holds its source pixels). */
  screenPng(): Uint8Array {
    return encodePngRgb(this.width, this.height, this.fb.rgbOf(0, 0, this.width, this.height), 6);
  }
}
