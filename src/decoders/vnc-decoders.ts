/**
 * Decoders for plain VNC servers (Tight, ZRLE, Hextile, RRE, Zlib, rich
 * Cursor). The registry adds these to the WebMKS set. Kept in its own list so
 * the WebMKS path can be reasoned about (and measured) without them.
 */
import type {RectDecoder} from './decoder.js';

export const VNC_DECODER_FACTORIES: ReadonlyArray<() => RectDecoder> = [];
