/** Public exports: the element class (registered), its event and option types. */
export {WebmksConsole} from './webmks-console.js';
export type {ResizeMode, WebmksConsoleOptions} from './element/webmks-console.component.js';
export type {
  WebmksBellDetail,
  WebmksClipboardDetail,
  WebmksConnectDetail,
  WebmksCredentialsRequiredDetail,
  WebmksConsoleState,
  WebmksDisconnectDetail,
  WebmksEventDetails,
  WebmksEventName,
  WebmksLedsDetail,
  WebmksResizeDetail,
  WebmksStateDetail,
  WebmksTypeProgressDetail,
} from './element/events.js';
export type {ScaleMode} from './render/scaling.js';
export type {FrameScheduler} from './render/frame-scheduler.js';
export type {
  NovaRemoteConsole,
  TicketProvider,
  TicketValue,
  VsphereTicket,
} from './session/ticket.js';
export type {SessionTimeouts} from './session/timeouts.js';
export type {ReconnectPolicy} from './session/backoff.js';
export type {Clock, NetworkStatus, RandomSource} from './session/clock.js';
export type {
  Transport,
  TransportCloseInfo,
  TransportFactory,
  TransportFactoryOptions,
} from './transport/transport.js';
export {CLOSE_CODES, type CloseCode} from './transport/close-codes.js';
export type {LogLevel, LogSink} from './util/log.js';
