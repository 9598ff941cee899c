/**
 * Builds one client message of known size, big-endian (§0.1). Client messages
 * are small and their sizes are known up front, so a fixed buffer is enough.
 */
export class ByteWriter {
  readonly bytes: Uint8Array;
  private readonly _view: DataView;
  private _at = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this._view = new DataView(this.bytes.buffer);
  }

  u8(v: number): this {
    this._view.setUint8(this._at, v);
    this._at += 1;
    return this;
  }
  s8(v: number): this {
    this._view.setInt8(this._at, v);
    this._at += 1;
    return this;
  }
  u16(v: number): this {
    this._view.setUint16(this._at, v);
    this._at += 2;
    return this;
  }
  u32(v: number): this {
    this._view.setUint32(this._at, v >>> 0);
    this._at += 4;
    return this;
  }
  s32(v: number): this {
    this._view.setInt32(this._at, v | 0);
    this._at += 4;
    return this;
  }
  pad(n: number): this {
    this._at += n;
    return this;
  }
  raw(data: Uint8Array): this {
    this.bytes.set(data, this._at);
    this._at += data.length;
    return this;
  }

  /** The finished message; throws if the size was miscounted (a bug, never server input). */
  done(): Uint8Array {
    if (this._at !== this.bytes.length) {
      throw new RangeError(`message is ${this._at} bytes, expected ${this.bytes.length}`);
    }
    return this.bytes;
  }
}
