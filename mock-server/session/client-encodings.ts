/**
 * What the client advertised with SetEncodings, reduced to the choices the
 * mock makes (§3.3, profile §8.6: only advertised encodings are used).
 */
import {ENC} from '../wire/constants.js';

export class ClientEncodings {
  list: number[] = [];
  private set = new Set<number>();

  update(list: number[]): void {
    this.list = list;
    this.set = new Set(list);
  }

  has(enc: number): boolean {
    return this.set.has(enc);
  }

  get tightPng(): boolean {
    return this.set.has(ENC.tightPng);
  }

  get copyRect(): boolean {
    return this.set.has(ENC.copyRect);
  }

  get desktopSize(): boolean {
    return this.set.has(ENC.desktopSize);
  }

  /** JPEG quality level 0–9 from the first -32…-23 pseudo-encoding, if any. */
  get jpegQualityLevel(): number | undefined {
    const q = this.list.find((e) => e >= ENC.jpegQualityLowest && e <= ENC.jpegQualityHighest);
    return q === undefined ? undefined : q - ENC.jpegQualityLowest;
  }
}
