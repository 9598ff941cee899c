/**
 * The script-tag bundle's inflater loader: same API as inflater-loader.ts,
 * with zlib imported statically. A classic script carries all of its code
 * anyway (issue 6: one file, no import()), and esbuild's lazy-module wrappers
 * for a dynamic import cost bytes and init indirection for nothing there.
 * scripts/bundle.js substitutes this module for inflater-loader.ts.
 */
import type {InflaterFactory} from '../decoders/decoder.js';
import {createInflaterFactory} from '../decoders/inflate.js';

const factory = createInflaterFactory();

/** Resolves to the zlib InflaterFactory (always available in the bundle). */
export function loadInflaterFactory(): Promise<InflaterFactory | undefined> {
  return Promise.resolve(factory);
}
