/**
 * VMware server message, type 127 (webmks-protocol.md §3.4): `U8 127,
 * U8 sub-type, U16 length` (header included), body. Known sub-types have
 * exact lengths; a wrong one is 'bad-length'. Unknown sub-types with a sane
 * length (4 … LIMITS.vmwareMessageBytes) are skipped (§12.17: wmks stalls
 * there; we do not).
 */
import type {ByteReader} from '../byte-reader.js';
import {LIMITS, ProtocolError} from '../errors.js';

export const VMWARE_SERVER_SUBTYPE = {
  serverCaps: 0,
  audio: 3,
  heartbeat: 4,
  setReconnectToken: 6,
  sessionClose: 7,
  audioMixer: 8,
} as const;

const FIXED_LENGTH: Readonly<Record<number, number>> = {
  [VMWARE_SERVER_SUBTYPE.serverCaps]: 8,
  [VMWARE_SERVER_SUBTYPE.audio]: 36,
  [VMWARE_SERVER_SUBTYPE.heartbeat]: 6,
  [VMWARE_SERVER_SUBTYPE.sessionClose]: 8,
  [VMWARE_SERVER_SUBTYPE.audioMixer]: 20,
};

/**
 * Audio data that follows a 127/3 header (not counted in its length). We
 * never ask for audio, so this only bounds how much we skip for a server
 * that sends it anyway.
 */
export const AUDIO_DATA_MAX = 1024 * 1024;

export type VmwareServerMessage =
  | {kind: 'server-caps'; caps: number}
  | {kind: 'heartbeat'; interval: number}
  | {kind: 'session-close'; reason: number}
  /** Audio, AudioMixer, SetReconnectToken (its token is never kept) or an unknown sub-type. */
  | {kind: 'ignored'; subtype: number};

/**
 * Reads one 127 message's header and fixed body. Returns the message and the
 * number of trailing bytes the caller must skip, or undefined for "need more".
 */
export function readVmwareServerMessage(
  reader: ByteReader,
): {message: VmwareServerMessage; skip: number} | undefined {
  if (!reader.has(4)) return undefined;
  const subtype = reader.peekU8(1);
  const length = reader.peekU16(2);
  const fixed = FIXED_LENGTH[subtype];
  if (fixed !== undefined && length !== fixed) {
    throw new ProtocolError(
      'bad-length',
      `VMware message 127/${subtype} with length ${length}, expected ${fixed}`,
    );
  }
  if (fixed === undefined && (length < 4 || length > LIMITS.vmwareMessageBytes)) {
    throw new ProtocolError('bad-length', `VMware message 127/${subtype} with length ${length}`);
  }
  if (fixed === undefined) {
    // SetReconnectToken (4 + n) and unknown sub-types: skip the body as it arrives.
    reader.discard(4);
    return {message: {kind: 'ignored', subtype}, skip: length - 4};
  }
  if (!reader.has(fixed)) return undefined;
  reader.discard(4);
  switch (subtype) {
    case VMWARE_SERVER_SUBTYPE.serverCaps:
      return {message: {kind: 'server-caps', caps: reader.u32()}, skip: 0};
    case VMWARE_SERVER_SUBTYPE.heartbeat:
      return {message: {kind: 'heartbeat', interval: reader.u16()}, skip: 0};
    case VMWARE_SERVER_SUBTYPE.sessionClose:
      return {message: {kind: 'session-close', reason: reader.u32()}, skip: 0};
    case VMWARE_SERVER_SUBTYPE.audio: {
      const dataLength = reader.u32();
      if (dataLength > AUDIO_DATA_MAX) {
        throw new ProtocolError('bad-length', `VMware audio of ${dataLength} bytes`);
      }
      reader.discard(fixed - 8);
      return {message: {kind: 'ignored', subtype}, skip: dataLength};
    }
    default: // AudioMixer
      reader.discard(fixed - 4);
      return {message: {kind: 'ignored', subtype}, skip: 0};
  }
}
