/**
 * Decoders for plain VNC servers (Tight, ZRLE, Hextile, RRE, Zlib, rich
 * Cursor). The registry adds these to the WebMKS set. Kept in its own list so
 * the WebMKS path can be reasoned about (and measured) without them.
 *
 * None of these modules imports zlib: Tight, ZRLE and Zlib get their streams
 * from DecodeContext.inflaterFactory (decoders/inflate.ts, loaded lazily by the
 * session), so listing them here does not load fflate.
 */
import type {RectDecoder} from './decoder.js';
import {HextileDecoder} from './hextile.js';
import {RichCursorDecoder} from './rich-cursor.js';
import {RreDecoder} from './rre.js';
import {TightDecoder} from './tight.js';
import {ZlibDecoder} from './zlib.js';
import {ZrleDecoder} from './zrle.js';

export const VNC_DECODER_FACTORIES: ReadonlyArray<() => RectDecoder> = [
  () => new TightDecoder(),
  () => new ZrleDecoder(),
  () => new HextileDecoder(),
  () => new RreDecoder(),
  () => new ZlibDecoder(),
  () => new RichCursorDecoder(),
];
