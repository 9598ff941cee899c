/**
 * Loads zlib lazily (issue 5/7): only plain-VNC sessions may need Tight,
 * ZRLE or Zlib, so a WebMKS-only page never downloads the inflater or fflate.
 * The module is fetched once per page and shared; a failed load is retried
 * next time instead of being cached.
 */
import type {InflaterFactory} from '../decoders/decoder.js';

let pending: Promise<InflaterFactory | undefined> | undefined;

/** Resolves to a zlib InflaterFactory, or undefined if the module cannot load. */
export function loadInflaterFactory(): Promise<InflaterFactory | undefined> {
  pending ??= import('../decoders/inflate.js').then(
    (m) => m.createInflaterFactory(),
    () => {
      pending = undefined;
      return undefined;
    },
  );
  return pending;
}
