/**
 * Runs one decoder on one rectangle outside the session: feeds the payload
 * whole or one byte at a time (checking resumability), records sink calls and
 * session-port calls, and checks the payload was consumed exactly.
 */
import {expect} from 'vitest';
import type {Rect} from '../../../src/decoders/decoder.js';
import {ByteReader} from '../../../src/protocol/byte-reader.js';
import type {Screen} from '../../../src/protocol/client-messages.js';
import type {RfbEvent} from '../../../src/protocol/events.js';
import {VMWARE_PIXEL_FORMAT, type PixelFormat} from '../../../src/protocol/pixel-format.js';
import type {SessionDecodeContext, SessionRectDecoder} from '../../../src/protocol/session-port.js';
import {RecordingSink} from './recording-sink.js';

export interface HarnessOptions {
  pixelFormat?: PixelFormat;
  fbWidth?: number;
  fbHeight?: number;
  bytewise?: boolean;
  /** Bytes appended after the payload that the decoder must not touch. */
  trailer?: Uint8Array;
}

export interface HarnessResult {
  sink: RecordingSink;
  events: RfbEvent[];
  calls: Array<[string, ...unknown[]]>;
}

export function runDecoder(
  decoder: SessionRectDecoder,
  rect: Rect,
  payload: Uint8Array,
  opts: HarnessOptions = {},
): HarnessResult {
  const sink = new RecordingSink();
  const fbWidth = opts.fbWidth ?? 64;
  const fbHeight = opts.fbHeight ?? 48;
  sink.resize(fbWidth, fbHeight);
  sink.ops = [];
  const events: RfbEvent[] = [];
  const calls: Array<[string, ...unknown[]]> = [];
  const ctx: SessionDecodeContext = {
    pixelFormat: opts.pixelFormat ?? VMWARE_PIXEL_FORMAT,
    fbWidth,
    fbHeight,
    inflaterFactory: undefined,
    maxCursorSide: 256,
    session: {
      emit: (e) => events.push(e),
      resizeFramebuffer: (w, h) => calls.push(['resize', w, h]),
      markVmware: () => calls.push(['vmware']),
      setScreens: (s: readonly Screen[]) => calls.push(['screens', s]),
      setName: (n) => calls.push(['name', n]),
    },
  };
  const reader = new ByteReader(16 * 1024 * 1024);
  const trailer = opts.trailer ?? Uint8Array.of(0xee, 0xee);
  decoder.reset();
  let done = false;
  if (opts.bytewise) {
    for (let i = 0; i < payload.length && !done; i++) {
      reader.push(payload.subarray(i, i + 1));
      done = decoder.decode(rect, reader, sink, ctx);
      if (done) expect(i, 'decoder finished before the payload ended').toBe(payload.length - 1);
    }
    if (payload.length === 0) done = decoder.decode(rect, reader, sink, ctx);
    reader.push(trailer);
  } else {
    reader.push(payload);
    reader.push(trailer);
    done = decoder.decode(rect, reader, sink, ctx);
  }
  expect(done, 'decoder finished').toBe(true);
  expect(reader.available, 'consumed exactly the payload').toBe(trailer.length);
  return {sink, events, calls};
}

/** Runs whole and byte by byte; both must record the same sink ops, events and calls. */
export function runDecoderBothWays(
  make: () => SessionRectDecoder,
  rect: Rect,
  payload: Uint8Array,
  opts: HarnessOptions = {},
): HarnessResult {
  const whole = runDecoder(make(), rect, payload, opts);
  const bytewise = runDecoder(make(), rect, payload, {...opts, bytewise: true});
  expect(bytewise.sink.ops).toEqual(whole.sink.ops);
  expect(bytewise.events).toEqual(whole.events);
  expect(bytewise.calls).toEqual(whole.calls);
  return whole;
}

export function r(x: number, y: number, width: number, height: number, encoding: number): Rect {
  return {x, y, width, height, encoding};
}
