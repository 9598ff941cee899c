/**
 * The decoder registry: encoding number -> decoder, one instance per session
 * (decoders keep per-rectangle progress and, for TightPNG, the previous JPEG).
 * Holds the WebMKS set and the session-state pseudo-encodings, plus the plain
 * VNC decoders of vnc-decoders.ts for encodings not already claimed here.
 */
import type {SessionRectDecoder} from '../protocol/session-port.js';
import {CopyRectDecoder} from './copy-rect.js';
import {DesktopNameDecoder} from './desktop-name.js';
import {DesktopSizeDecoder} from './desktop-size.js';
import {ExtendedDesktopSizeDecoder} from './extended-desktop-size.js';
import {QemuLedStateDecoder} from './qemu-led-state.js';
import {RawDecoder} from './raw.js';
import {TightPngDecoder} from './tight-png.js';
import {VNC_DECODER_FACTORIES} from './vnc-decoders.js';
import {VmwDefineCursorDecoder} from './vmware-cursor.js';
import {VmwCursorPositionDecoder} from './vmware-pseudo-cursor-position.js';
import {VmwCursorStateDecoder} from './vmware-pseudo-cursor-state.js';
import {VmwFrameStampDecoder} from './vmware-pseudo-frame-stamp.js';
import {VmwLedStateDecoder} from './vmware-pseudo-led-state.js';
import {VmwTypematicDecoder} from './vmware-pseudo-typematic.js';

/** Decoders every session has (WebMKS and session-state pseudo-encodings). */
export const CORE_DECODER_FACTORIES: ReadonlyArray<() => SessionRectDecoder> = [
  () => new RawDecoder(),
  () => new CopyRectDecoder(),
  () => new TightPngDecoder(),
  () => new DesktopSizeDecoder(),
  () => new ExtendedDesktopSizeDecoder(),
  () => new DesktopNameDecoder(),
  () => new QemuLedStateDecoder(),
  () => new VmwDefineCursorDecoder(),
  () => new VmwCursorStateDecoder(),
  () => new VmwCursorPositionDecoder(),
  () => new VmwTypematicDecoder(),
  () => new VmwLedStateDecoder(),
  () => new VmwFrameStampDecoder(),
];

export class DecoderRegistry {
  private readonly _byEncoding = new Map<number, SessionRectDecoder>();

  constructor(
    factories: ReadonlyArray<() => SessionRectDecoder> = [
      ...CORE_DECODER_FACTORIES,
      ...VNC_DECODER_FACTORIES,
    ],
  ) {
    for (const make of factories) {
      const decoder = make();
      // First claim wins: the WebMKS decoders come first and stay authoritative.
      for (const e of decoder.encodings)
        if (!this._byEncoding.has(e)) this._byEncoding.set(e, decoder);
    }
  }

  get(encoding: number): SessionRectDecoder | undefined {
    return this._byEncoding.get(encoding);
  }

  has(encoding: number): boolean {
    return this._byEncoding.has(encoding);
  }
}
