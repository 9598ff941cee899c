/**
 * The SetEncodings lists we send (webmks-protocol.md §4.1, §7 step 4, §12.3).
 * Only what we implement is advertised: never OffscreenCopyRect, UpdateCache
 * or H.264 (§3.3.13–§3.3.15).
 */
import {DATA_ENCODING_BY_NAME, ENCODINGS, ZLIB_ENCODINGS} from './encodings.js';

/** JPEG quality used when none is configured: −23, what wmks sends (§4.1). */
export const DEFAULT_QUALITY_LEVEL = 9;
/** Compression level used when none is configured (noVNC's default). */
export const DEFAULT_COMPRESSION_LEVEL = 2;

/** Default plain-VNC preference order; CopyRect is always put first. */
export const DEFAULT_VNC_ENCODING_NAMES = [
  'tight',
  'tightpng',
  'zrle',
  'hextile',
  'rre',
  'zlib',
  'raw',
] as const;

/** The VMware pseudo-encodings, in wmks-2.1's order (§12.3); both lists carry them. */
const VMWARE_PSEUDO_ENCODINGS = [
  ENCODINGS.vmwDefineCursor,
  ENCODINGS.vmwCursorState,
  ENCODINGS.vmwCursorPosition,
  ENCODINGS.vmwTypematicInfo,
  ENCODINGS.vmwLedState,
  ENCODINGS.vmwServerPush2,
  ENCODINGS.vmwServerCaps,
] as const;

function level(value: number | undefined, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(9, Math.max(0, Math.round(value)));
}

/**
 * wmks-2.1's list (§12.3) without OffscreenCopyRect and UpdateCache:
 * CopyRect, TightDiffComp, TightPNG, DesktopSize, VMWDefineCursor,
 * VMWCursorState, VMWCursorPosition, VMWTypematicInfo, VMWLEDState,
 * VMWServerPush2, VMWServerCaps, JPEG quality, VMWFrameStamp.
 */
export function vmwareEncodings(qualityLevel?: number): number[] {
  return [
    ENCODINGS.copyRect,
    ENCODINGS.vmwTightDiffComp,
    ENCODINGS.tightPng,
    ENCODINGS.desktopSize,
    ...VMWARE_PSEUDO_ENCODINGS,
    ENCODINGS.jpegQuality0 + level(qualityLevel, DEFAULT_QUALITY_LEVEL),
    ENCODINGS.vmwFrameStamp,
  ];
}

export interface VncEncodingOptions {
  /** Names in preference order (DATA_ENCODING_BY_NAME keys); unknown names are ignored. */
  names?: readonly string[];
  /** Whether a decoder exists for an encoding number. */
  hasDecoder: (encoding: number) => boolean;
  /** Whether zlib is available (an inflater factory was given). */
  zlib: boolean;
  qualityLevel?: number;
  compressionLevel?: number;
}

/**
 * The plain VNC list (§7 step 4): CopyRect first, then the preferred data
 * encodings we can decode, then the pseudo-encodings (with Fence and
 * ContinuousUpdates, which RfbClient answers). VMware pseudo-
 * encodings are included so a VMware server behind a plain URL is still
 * recognised (ServerCaps); conforming servers ignore unknown ones (RFC 6143 §7.5.2).
 */
export function vncEncodings(opts: VncEncodingOptions): number[] {
  const names = opts.names ?? DEFAULT_VNC_ENCODING_NAMES;
  const list: number[] = [ENCODINGS.copyRect];
  for (const raw of names) {
    const name = raw.toLowerCase();
    if (!Object.prototype.hasOwnProperty.call(DATA_ENCODING_BY_NAME, name)) continue;
    const enc = DATA_ENCODING_BY_NAME[name as keyof typeof DATA_ENCODING_BY_NAME];
    if (list.includes(enc) || !opts.hasDecoder(enc)) continue;
    if (ZLIB_ENCODINGS.has(enc) && !opts.zlib) continue;
    list.push(enc);
  }
  // Raw is always decodable and always accepted; list it last if not chosen.
  if (!list.includes(ENCODINGS.raw)) list.push(ENCODINGS.raw);
  list.push(
    ENCODINGS.jpegQuality0 + level(opts.qualityLevel, DEFAULT_QUALITY_LEVEL),
    ENCODINGS.compressLevel0 + level(opts.compressionLevel, DEFAULT_COMPRESSION_LEVEL),
    ENCODINGS.desktopSize,
    ENCODINGS.extendedDesktopSize,
    ENCODINGS.lastRect,
    ENCODINGS.desktopName,
  );
  if (opts.hasDecoder(ENCODINGS.cursor)) list.push(ENCODINGS.cursor);
  list.push(
    ENCODINGS.qemuExtendedKeyEvent,
    ENCODINGS.qemuLedState,
    // rfbproto Fence and ContinuousUpdates: plain-VNC lists only, never the
    // VMware one (ESXi gets no non-VMware messages, §12.3).
    ENCODINGS.fence,
    ENCODINGS.continuousUpdates,
    ...VMWARE_PSEUDO_ENCODINGS,
    ENCODINGS.vmwFrameStamp,
  );
  return list;
}
