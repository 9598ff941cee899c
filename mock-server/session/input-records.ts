/**
 * Decoded client messages, as GET /api/tickets/<id>/input returns them
 * (documented in mock-server/README.md). Plain JSON objects with a `type`.
 */

export interface PixelFormatRecord {
  type: 'pixel-format';
  bitsPerPixel: number;
  depth: number;
  bigEndian: number;
  trueColour: number;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

export interface DisplayRect {
  left: number;
  top: number;
  width: number;
  height: number;
  flags: number;
}

export interface ScreenRecord {
  id: number;
  x: number;
  y: number;
  width: number;
  height: number;
  flags: number;
}

export type InputRecord =
  // Handshake (mode A only).
  | {type: 'version'; text: string}
  | {type: 'security'; securityType: number}
  | {type: 'client-init'; shared: number}
  // Standard RFB (§4.1).
  | PixelFormatRecord
  | {type: 'encodings'; list: number[]}
  | {
      type: 'update-request';
      incremental: number;
      x: number;
      y: number;
      width: number;
      height: number;
    }
  | {type: 'key'; source: 'keysym'; keysym: number; down: boolean}
  | {type: 'key'; source: 'vscan'; scancode: number; down: boolean}
  | {type: 'key'; source: 'qemu'; keysym: number; keycode: number; scancode: number; down: boolean}
  | {type: 'pointer'; x: number; y: number; buttons: number}
  | {type: 'cut-text'; text: string; length: number}
  // VMware type 127 (§4.2).
  | {type: 'grab'; a: number; b: number; flags: number}
  | {
      type: 'wheel';
      x: number;
      y: number;
      buttons: number;
      deltaY: number;
      deltaX: number;
      absolute: boolean;
    }
  | {type: 'pointer2'; absolute: boolean; x: number; y: number; buttons: number}
  | {type: 'client-caps'; caps: number}
  | {type: 'ack'; id: number; renderTime: number}
  | {type: 'resolution'; width: number; height: number}
  | {type: 'key2'; key: number; down: boolean; raw: boolean}
  | {type: 'audio-ack'; timestampLow: number; timestampHigh: number}
  | {type: 'topology'; displays: DisplayRect[]}
  | {type: 'update-cache-info'; flags: number; maxEntries: number; maxSizeKB: number}
  | {type: 'session-close'; reason: number}
  | {type: 'stream-state'; flags: number}
  | {type: 'leds'; numLock: boolean; capsLock: boolean; scrollLock: boolean}
  | {type: 'vmware'; subtype: number; length: number}
  // ExtendedDesktopSize client message (rfbproto, type 251).
  | {type: 'set-desktop-size'; width: number; height: number; screens: ScreenRecord[]}
  // The server closed the session because of the bytes that followed.
  | {type: 'protocol-error'; message: string};

/** Keeps the newest `max` records (a long demo session must not grow without bound). */
export class InputLog {
  private items: InputRecord[] = [];
  dropped = 0;

  constructor(private readonly max = 20000) {}

  push(r: InputRecord): void {
    this.items.push(r);
    if (this.items.length > this.max) {
      const cut = this.items.length - this.max;
      this.items.splice(0, cut);
      this.dropped += cut;
    }
  }

  list(): readonly InputRecord[] {
    return this.items;
  }
}
