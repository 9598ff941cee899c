/**
 * Encoding numbers (webmks-protocol.md §3.3 table; rfbproto "Encodings") and
 * the names `RfbClientOptions.encodings` accepts. Numbers are S32 on the wire.
 * This file is data only: which of them we advertise is in encoding-list.ts.
 */

export const ENCODINGS = {
  // Data encodings (rectangles carry pixels).
  raw: 0,
  copyRect: 1,
  rre: 2,
  coRre: 4,
  hextile: 5,
  zlib: 6,
  tight: 7,
  zlibHex: 8,
  trle: 15,
  zrle: 16,
  tightPng: -260,

  // Standard pseudo-encodings.
  desktopSize: -223,
  lastRect: -224,
  cursor: -239,
  xCursor: -240,
  qemuExtendedKeyEvent: -258,
  qemuAudio: -259,
  qemuLedState: -261,
  desktopName: -307,
  extendedDesktopSize: -308,
  fence: -312,
  continuousUpdates: -313,
  cursorWithAlpha: -314,
  /** JPEG quality level 0; level q is `jpegQuality0 + q` (−32…−23). */
  jpegQuality0: -32,
  /** Compression level 0; level c is `compressLevel0 + c` (−256…−247). */
  compressLevel0: -256,

  // VMware range 0x574D56xx ("WMV" + xx), §3.3.
  vmwH264Rect: 0x574d5614,
  vmwTightPngBase64: 0x574d5615,
  vmwTightDiffComp: 0x574d5616,
  vmwH264Mp4: 0x574d5618,
  vmwDefineCursor: 0x574d5664,
  vmwCursorState: 0x574d5665,
  vmwCursorPosition: 0x574d5666,
  vmwTypematicInfo: 0x574d5667,
  vmwLedState: 0x574d5668,
  vmwDisplayModeChange: 0x574d5669,
  vmwVirtualMachineState: 0x574d566a,
  vmwServerPush: 0x574d5672,
  vmwServerCaps: 0x574d567a,
  vmwServerPush2: 0x574d567b,
  vmwFrameStamp: 0x574d567c,
  vmwOffscreenCopyRect: 0x574d567e,
  vmwUpdateCache: 0x574d567f,
} as const;

export type EncodingName = keyof typeof ENCODINGS;

/**
 * Names accepted in `RfbClientOptions.encodings` (lower case, as users write
 * them) for the data encodings a server may pick from.
 */
export const DATA_ENCODING_BY_NAME = {
  raw: ENCODINGS.raw,
  copyrect: ENCODINGS.copyRect,
  rre: ENCODINGS.rre,
  corre: ENCODINGS.coRre,
  hextile: ENCODINGS.hextile,
  zlib: ENCODINGS.zlib,
  tight: ENCODINGS.tight,
  zlibhex: ENCODINGS.zlibHex,
  trle: ENCODINGS.trle,
  zrle: ENCODINGS.zrle,
  tightpng: ENCODINGS.tightPng,
} as const;

export type DataEncodingName = keyof typeof DATA_ENCODING_BY_NAME;

/** Data encodings that need zlib (advertised only with an inflater factory). */
export const ZLIB_ENCODINGS: ReadonlySet<number> = new Set([
  ENCODINGS.zlib,
  ENCODINGS.tight,
  ENCODINGS.zlibHex,
  ENCODINGS.trle,
  ENCODINGS.zrle,
]);

// VMware-range numbers that carry pixels (so are bounds-checked like data).
const VMW_DATA: ReadonlySet<number> = new Set([
  ENCODINGS.vmwH264Rect,
  ENCODINGS.vmwTightPngBase64,
  ENCODINGS.vmwH264Mp4,
  ENCODINGS.vmwOffscreenCopyRect,
  ENCODINGS.vmwUpdateCache,
]);

/**
 * True for pseudo-encodings, whose x/y/width/height mean something other than
 * a framebuffer area (hot-spot, new size, reason/status), so they are exempt
 * from the bounds check (robustness.md B2).
 */
export function isPseudoEncoding(encoding: number): boolean {
  if (encoding < 0) return encoding !== ENCODINGS.tightPng;
  if (encoding >= 0x574d5600 && encoding <= 0x574d56ff) return !VMW_DATA.has(encoding);
  return false;
}

const NAME_BY_NUMBER = new Map<number, string>(
  Object.entries(ENCODINGS).map(([name, value]) => [value, name]),
);

/** A readable name for logs and error messages, e.g. `tightPng (-260)`. */
export function encodingName(encoding: number): string {
  const name = NAME_BY_NUMBER.get(encoding);
  const hex = encoding >= 0x10000 ? ` 0x${encoding.toString(16)}` : '';
  return name ? `${name} (${encoding})` : `unknown (${encoding}${hex})`;
}
