/**
 * VMware ServerCaps and ClientCaps bits (webmks-protocol.md §3.4, §4.2;
 * wmks-2.1 names).
 */

export const SERVER_CAPS = {
  keyEvent: 0x00000002,
  clientCaps: 0x00000008,
  updateAck: 0x00000020,
  requestResolution: 0x00000080,
  keyEvent2Unicode: 0x00000100,
  keyEvent2JsKeyCode: 0x00000200,
  audioAck: 0x00000400,
  multiMon: 0x00001000,
  updateCacheInfo: 0x00002000,
  disablingCopyUi: 0x00004000,
  disablingPasteUi: 0x00008000,
  heartbeat: 0x00010000,
  sessionClose: 0x00020000,
  hasMksVChanClipboard: 0x00040000,
  requestStreamState: 0x00400000,
  keyboardLedStateSync: 0x01000000,
} as const;

export const CLIENT_CAPS = {
  heartbeat: 0x00000100,
  audioAck: 0x00001000,
  setReconnectToken: 0x00004000,
} as const;

/**
 * What we announce in 127/3: wmks-2.1's default `0x00005000` (AudioAck and
 * SetReconnectToken; we never ask for audio formats, so no audio comes),
 * plus Heartbeat when the server offers it, as wmks-2.1 does (§4.2, §12.6).
 */
export function clientCapsFor(serverCaps: number): number {
  let caps = CLIENT_CAPS.audioAck | CLIENT_CAPS.setReconnectToken;
  if (serverCaps & SERVER_CAPS.heartbeat) caps |= CLIENT_CAPS.heartbeat;
  return caps;
}
