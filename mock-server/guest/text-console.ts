/**
 * A character-cell text console drawn into the framebuffer with the
 * built-in font. Scrolling moves pixels with Framebuffer.copy and records the
 * move in Damage, so a client that advertised CopyRect receives a CopyRect.
 */
import type {Damage} from './damage.js';
import {CELL_HEIGHT, CELL_WIDTH, drawChar} from './font.js';
import {rgb, type Framebuffer, type Rect} from './framebuffer.js';

export const CONSOLE_BG = rgb(12, 12, 12);
export const CONSOLE_FG = rgb(204, 204, 204);
const PADDING = 4;
const TAB_STOP = 8;

/** One typed entry of the current input line: the text and the cells it took. */
interface InputEntry {
  text: string;
  cells: number;
}

export class TextConsole {
  cols = 1;
  rows = 1;
  private grid: string[][] = [];
  private col = 0;
  private row = 0;
  private originX = 0;
  private originY = 0;
  private area: Rect = {x: 0, y: 0, w: 0, h: 0};
  /** What was typed on the current line since the last prompt. */
  private input: InputEntry[] = [];

  constructor(
    private readonly fb: Framebuffer,
    private readonly damage: Damage,
    area: Rect,
  ) {
    this.relayout(area);
  }

  /** New area (after a resize): keeps the bottom-most text, redraws everything. */
  relayout(area: Rect): void {
    this.area = area;
    this.originX = area.x + PADDING;
    this.originY = area.y + PADDING;
    const cols = Math.max(1, Math.floor((area.w - 2 * PADDING) / CELL_WIDTH));
    const rows = Math.max(1, Math.floor((area.h - 2 * PADDING) / CELL_HEIGHT));
    const old = this.grid;
    const keepFrom = Math.max(0, Math.min(old.length, this.row + 1) - rows);
    const grid: string[][] = [];
    for (let r = 0; r < rows; r++) {
      const src = old[keepFrom + r];
      grid.push(Array.from({length: cols}, (_, c) => src?.[c] ?? ' '));
    }
    this.row = Math.min(rows - 1, Math.max(0, this.row - keepFrom));
    this.col = Math.min(cols - 1, this.col);
    this.grid = grid;
    this.cols = cols;
    this.rows = rows;
    this.redraw();
  }

  /** Paints the whole console area. */
  redraw(): void {
    const a = this.area;
    this.fb.fill(a.x, a.y, a.w, a.h, CONSOLE_BG);
    for (let r = 0; r < this.rows; r++) {
      for (let c = 0; c < this.cols; c++) this.paintCell(c, r, false);
    }
    this.paintCell(this.col, this.row, true);
    this.damage.add(a);
  }

  /** The visible text, one string per row, trailing spaces trimmed. */
  lines(): string[] {
    return this.grid.map((r) => r.join('').trimEnd());
  }

  get cursor(): {col: number; row: number} {
    return {col: this.col, row: this.row};
  }

  /** The current input line as typed (since the last prompt). */
  get inputText(): string {
    return this.input.map((e) => e.text).join('');
  }

  private cellRect(c: number, r: number): Rect {
    return {
      x: this.originX + c * CELL_WIDTH,
      y: this.originY + r * CELL_HEIGHT,
      w: CELL_WIDTH,
      h: CELL_HEIGHT,
    };
  }

  /** Draws a cell; the cursor is a reversed cell (part of the guest screen). */
  private paintCell(c: number, r: number, cursor: boolean): void {
    const ch = this.grid[r]?.[c] ?? ' ';
    const {x, y} = this.cellRect(c, r);
    drawChar(this.fb, ch, x, y, cursor ? CONSOLE_BG : CONSOLE_FG, cursor ? CONSOLE_FG : CONSOLE_BG);
    this.damage.add(this.cellRect(c, r));
  }

  private moveCursor(c: number, r: number): void {
    this.paintCell(this.col, this.row, false);
    this.col = c;
    this.row = r;
    this.paintCell(this.col, this.row, true);
  }

  private scroll(): void {
    if (this.rows > 1) {
      const x = this.originX;
      const w = this.cols * CELL_WIDTH;
      const h = (this.rows - 1) * CELL_HEIGHT;
      this.fb.copy(x, this.originY + CELL_HEIGHT, w, h, x, this.originY);
      this.damage.copy(x, this.originY + CELL_HEIGHT, x, this.originY, w, h);
    }
    this.grid.shift();
    this.grid.push(Array.from({length: this.cols}, () => ' '));
    const last = this.rows - 1;
    const {y} = this.cellRect(0, last);
    this.fb.fill(this.originX, y, this.cols * CELL_WIDTH, CELL_HEIGHT, CONSOLE_BG);
    this.damage.add({x: this.originX, y, w: this.cols * CELL_WIDTH, h: CELL_HEIGHT});
  }

  private newline(): void {
    this.paintCell(this.col, this.row, false);
    if (this.row === this.rows - 1) this.scroll();
    else this.row++;
    this.col = 0;
    this.paintCell(this.col, this.row, true);
  }

  /** Puts one character at the cursor and advances (wrapping at the edge). */
  private put(ch: string): void {
    this.grid[this.row]![this.col] = ch;
    if (this.col + 1 >= this.cols) {
      this.paintCell(this.col, this.row, false);
      this.newline();
    } else {
      this.moveCursor(this.col + 1, this.row);
    }
  }

  /** Output from the guest (prompts, messages); `\n` starts a new line. */
  write(text: string): void {
    for (const ch of text) {
      if (ch === '\n') this.newline();
      else this.put(ch);
    }
  }

  /** Starts a new input line (after a prompt was written). */
  beginInput(): void {
    this.input = [];
  }

  /** A typed character: echoed and remembered for Backspace. */
  typeChar(ch: string): void {
    this.put(ch);
    this.input.push({text: ch, cells: 1});
  }

  /** Tab: spaces up to the next tab stop. */
  typeTab(): void {
    const cells = Math.max(1, Math.min(TAB_STOP - (this.col % TAB_STOP), this.cols - this.col));
    for (let i = 0; i < cells; i++) this.put(' ');
    this.input.push({text: '\t', cells});
  }

  /**
   * Backspace: erases the last typed entry (never the prompt). Returns the
   * erased text, or undefined if there was nothing to erase.
   */
  backspace(): string | undefined {
    const entry = this.input.pop();
    if (!entry) return undefined;
    for (let i = 0; i < entry.cells; i++) {
      let c = this.col - 1;
      let r = this.row;
      if (c < 0) {
        if (r === 0) break; // scrolled away: nothing left on screen to erase
        r--;
        c = this.cols - 1;
      }
      this.grid[r]![c] = ' ';
      this.moveCursor(c, r);
    }
    return entry.text;
  }

  /** Enter: ends the input line; returns what was typed on it. */
  enter(): string {
    const line = this.inputText;
    this.input = [];
    this.newline();
    return line;
  }
}
