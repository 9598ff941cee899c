/**
 * Protocol numbers the mock server speaks, written out from
 * shared/webmks-protocol.md (§3.1, §3.3, §3.4, §4.1, §4.2). Kept separate from
 * src/protocol on purpose.
 */

/** Rectangle encodings and pseudo-encodings (§3.3 table), as signed 32-bit values. */
export const ENC = {
  raw: 0,
  copyRect: 1,
  tightPng: -260,
  desktopSize: -223,
  /** JPEG quality pseudo-encodings: -32 (level 0) … -23 (level 9). */
  jpegQualityLowest: -32,
  jpegQualityHighest: -23,
  vmwDefineCursor: 0x574d5664,
  vmwCursorState: 0x574d5665,
  vmwCursorPosition: 0x574d5666,
  vmwTypematicInfo: 0x574d5667,
  vmwLedState: 0x574d5668,
  vmwServerCaps: 0x574d567a,
  vmwServerPush2: 0x574d567b,
} as const;

/** Server-to-client message types (§3.1). */
export const SERVER_MSG = {
  framebufferUpdate: 0,
  bell: 2,
  serverCutText: 3,
  vmware: 127,
} as const;

/** VMware server message sub-types (§3.4). */
export const VMW_SERVER_SUB = {
  serverCaps: 0,
  heartbeat: 4,
  setReconnectToken: 6,
  sessionClose: 7,
} as const;

/** Client-to-server message types (§4.1, §4.2, rfbproto). */
export const CLIENT_MSG = {
  setPixelFormat: 0,
  setEncodings: 2,
  framebufferUpdateRequest: 3,
  keyEvent: 4,
  pointerEvent: 5,
  clientCutText: 6,
  vmware: 127,
  setDesktopSize: 251,
  qemu: 255,
} as const;

/** VMware ServerCaps bits (§3.4) the mock can announce. */
export const SERVER_CAPS = {
  keyEvent: 0x2,
  clientCaps: 0x8,
  updateAck: 0x20,
  requestResolution: 0x80,
  keyboardLedStateSync: 0x01000000,
} as const;

/** Profile default (§8.5): KeyEvent + UpdateAck + RequestResolution. */
export const DEFAULT_SERVER_CAPS = 0x000000a2;

/** VMWLEDState bits (§3.3.11, §12.15). */
export const LED = {scroll: 1, num: 2, caps: 4} as const;

/** TightPNG control byte upper nibbles (§3.3.3). */
export const TIGHT = {fill: 0x80, jpeg: 0x90, png: 0xa0} as const;

/** Largest length a TightPNG compact length can carry (§3.3.3). */
export const TIGHT_MAX_LENGTH = 4194303;

export const RFB_VERSION_3_8 = 'RFB 003.008\n';
export const SECURITY_NONE = 1;
