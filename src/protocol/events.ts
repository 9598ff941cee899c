/**
 * What the session core reports. `RfbClient.receive()` returns these in stream
 * order; the caller (src/session) turns them into DOM events and I/O.
 */
import type {ProtocolError} from './errors.js';

/** Which kind of server we ended up talking to. */
export type ServerKind = 'vmware' | 'vnc';

export type RfbEvent =
  /** Handshake finished and ServerInit read. */
  | {
      type: 'connected';
      width: number;
      height: number;
      name: string;
      serverKind: ServerKind;
      startMode: 'handshake' | 'server-init';
    }
  /** VNC Authentication is offered and no password was supplied: call `setPassword()`. */
  | {type: 'credentials-required'}
  /** Framebuffer size changed (DesktopSize, ExtendedDesktopSize). */
  | {type: 'resize'; width: number; height: number}
  /** One FramebufferUpdate fully parsed and handed to the sink. */
  | {type: 'update'; id: number; rects: number}
  | {type: 'bell'}
  /** ServerCutText, decoded (UTF-8 for VMware, falling back to Latin-1). */
  | {type: 'clipboard'; text: string}
  /** VMWLEDState or QEMU LED state. */
  | {type: 'leds'; scrollLock: boolean; numLock: boolean; capsLock: boolean}
  /** VMware ServerCaps (127/0); VMware mode is now on. */
  | {type: 'server-caps'; caps: number}
  /** VMWCursorPosition: where the guest put its pointer. */
  | {type: 'cursor-position'; x: number; y: number}
  /** VMWTypematicInfo. */
  | {type: 'typematic'; clientRepeat: boolean; periodUs: number; delayUs: number}
  /** VMware Heartbeat (127/4). */
  | {type: 'heartbeat'; interval: number}
  /** VMware SessionClose (127/7): the server is about to close. */
  | {type: 'session-close'; reason: number}
  /** DesktopName pseudo-encoding. */
  | {type: 'name'; name: string}
  /** The server accepted QEMU extended key events (or other capability changes). */
  | {
      type: 'capabilities';
      qemuKeyEvents: boolean;
      desktopResize: boolean;
      continuousUpdates: boolean;
      fence: boolean;
    }
  /** Fatal: the session is now closed. Exactly one per session, and the last event. */
  | {type: 'error'; error: ProtocolError};
