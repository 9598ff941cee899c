/**
 * How decoders of pseudo-encodings reach session state (resize, events,
 * VMware detection) without knowing the RfbClient: the core hands them a
 * DecodeContext extended with this port. Plain pixel decoders (RectDecoder)
 * ignore it, so both kinds live in one registry.
 */
import type {ByteReader} from './byte-reader.js';
import type {Screen} from './client-messages.js';
import type {RfbEvent} from './events.js';
import type {DecodeContext, Rect} from '../decoders/decoder.js';
import type {FrameSink} from '../decoders/frame-sink.js';

export interface SessionPort {
  /** Reports an event, in stream order. */
  emit(event: RfbEvent): void;
  /**
   * The framebuffer is now `width`×`height` (DesktopSize, ExtendedDesktopSize):
   * checks the limit (ProtocolError 'framebuffer-too-large'), resizes the sink
   * and reports 'resize'. A no-op when the size is unchanged.
   */
  resizeFramebuffer(width: number, height: number): void;
  /** Evidence the server is VMware (a VMWCursorState rectangle, §3.3.8, §12.9). */
  markVmware(): void;
  /** ExtendedDesktopSize screen layout: SetDesktopSize is now available. */
  setScreens(screens: readonly Screen[]): void;
  /** DesktopName pseudo-encoding (already sanitised). */
  setName(name: string): void;
}

/** The context the core passes to every decoder. */
export interface SessionDecodeContext extends DecodeContext {
  readonly session: SessionPort;
}

/**
 * A decoder that may use the session port. Every RectDecoder is one, since a
 * function taking DecodeContext accepts the wider SessionDecodeContext.
 */
export interface SessionRectDecoder {
  readonly encodings: readonly number[];
  decode(rect: Rect, reader: ByteReader, sink: FrameSink, ctx: SessionDecodeContext): boolean;
  reset(): void;
}
