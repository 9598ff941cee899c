/** Options of the session core (RfbClient). */
import type {InflaterFactory} from '../decoders/decoder.js';

export interface RfbClientOptions {
  /**
   * `vmware`: an ESXi/WebMKS endpoint (`/ticket/…` or a Nova token): VMware
   * encodings, never SetPixelFormat. `vnc`: a plain RFB server. `auto`
   * (default): decide from the stream (mode B, ServerCaps or VMware pseudo-
   * rectangles mean VMware), and advertise both sets.
   */
  flavor?: 'auto' | 'vmware' | 'vnc';
  /** VNC Authentication password. Never logged. */
  password?: string;
  /** Preferred encodings by name, in order (e.g. ['tight', 'zrle', 'hextile', 'raw']). */
  encodings?: readonly string[];
  /** JPEG quality 0-9 (pseudo-encodings −32…−23). */
  qualityLevel?: number;
  /** Compression level 0-9 (pseudo-encodings −256…−247). */
  compressionLevel?: number;
  /**
   * When true, the core does not acknowledge updates itself: the caller calls
   * `acknowledgeUpdate(renderMs)` once the update is on screen (backpressure).
   */
  deferAcks?: boolean;
  /** zlib for Tight/ZRLE/Zlib. Without it those encodings are not advertised. */
  inflaterFactory?: InflaterFactory;
  /** Max framebuffer side (default 8192, at most 16384). */
  maxFramebufferSide?: number;
  /** Max ServerCutText bytes (default 256 KiB, at most 1 MiB). */
  maxCutTextBytes?: number;
  /** Receive buffer cap (default 8 MiB). */
  receiveBufferBytes?: number;
  /** ClientInit shared flag (default true). */
  shared?: boolean;
}
