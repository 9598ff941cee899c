/**
 * How the plain-VNC decoders obtain zlib streams from DecodeContext.
 *
 * ZRLE's uncompressed size is not known in advance (it depends on each
 * tile's subencoding), and Zlib/ZRLE data may be larger than is wise to wait
 * for in one piece, so those decoders need more than Inflater's
 * exact-size `inflate`: `inflateUpTo` inflates whatever the input yields,
 * bounded by a budget. inflate.ts implements both. This file holds only
 * types and checks, so importing it does not load zlib.
 */
import {ProtocolError} from '../protocol/errors.js';
import type {DecodeContext, Inflater} from './decoder.js';

export interface StreamInflater extends Inflater {
  /**
   * Inflates all of `input` (continuing the stream) and returns the bytes it
   * yields, or throws ProtocolError('zlib-error') if the data is corrupt or
   * would yield more than `max` bytes. The view is valid until the next call.
   */
  inflateUpTo(input: Uint8Array, max: number): Uint8Array;
}

/** A new zlib stream, or ProtocolError('zlib-error') if zlib was not loaded. */
export function openInflater(ctx: DecodeContext): Inflater {
  const factory = ctx.inflaterFactory;
  if (!factory) throw new ProtocolError('zlib-error', 'zlib not loaded');
  return factory();
}

/** Like openInflater, for decoders that need `inflateUpTo`. */
export function openStreamInflater(ctx: DecodeContext): StreamInflater {
  const inflater: Inflater & Partial<StreamInflater> = openInflater(ctx);
  if (typeof inflater.inflateUpTo !== 'function') {
    throw new ProtocolError('zlib-error', 'the zlib provider cannot inflate streams');
  }
  return inflater as StreamInflater;
}
