/**
 * The RFB handshake up to ServerInit (RFC 6143 §7.1–7.3; webmks-protocol.md
 * §2.1–2.2): start-mode detection, version, security (None, VNC
 * Authentication), SecurityResult and ClientInit. Mode B streams (ServerInit
 * first) go straight to 'server-init'.
 */
import type {ByteReader} from './byte-reader.js';
import {protocolVersion, singleByte} from './client-messages.js';
import {vncAuthResponse} from './des.js';
import {ProtocolError} from './errors.js';
import type {RfbEvent} from './events.js';
import {
  SECURITY_TYPE,
  VERSION_BYTES,
  detectStart,
  readReason,
  readSecurityTypes,
} from './handshake.js';

export type HandshakeState =
  'version' | 'security' | 'vnc-auth' | 'security-result' | 'server-init';

export interface HandshakeHost {
  readonly reader: ByteReader;
  /** `vmware` refuses VNC Authentication: WebMKS authenticates by ticket (robustness.md B11). */
  readonly flavor: 'auto' | 'vmware' | 'vnc';
  /** ClientInit shared flag. */
  readonly shared: boolean;
  send(bytes: Uint8Array): void;
  emit(event: RfbEvent): void;
}

export class HandshakeFlow {
  state: HandshakeState = 'version';
  startMode: 'handshake' | 'server-init' = 'handshake';
  /** Negotiated RFB 3.x minor version. */
  minor: 3 | 7 | 8 = 8;
  private _password: string | undefined;
  private _challenge: Uint8Array | undefined;
  private readonly _host: HandshakeHost;

  constructor(host: HandshakeHost, password: string | undefined) {
    this._host = host;
    this._password = password;
  }

  /** One unit of work; false when more bytes are needed. 'server-init' is the caller's. */
  step(): boolean {
    switch (this.state) {
      case 'version':
        return this._readStart();
      case 'security':
        return this.minor === 3 ? this._readSecurity33() : this._readSecurityTypes();
      case 'vnc-auth':
        return this._readChallenge();
      case 'security-result':
        return this._readSecurityResult();
      default:
        return false;
    }
  }

  setPassword(password: string): void {
    this._password = password;
    if (this.state === 'vnc-auth' && this._challenge) this._answerChallenge();
  }

  /** Forgets the challenge and password (on close). */
  clear(): void {
    this._challenge = undefined;
    this._password = undefined;
  }

  private _readStart(): boolean {
    const r = this._host.reader;
    if (!r.has(VERSION_BYTES)) return false;
    const start = detectStart(r.peekBytes(VERSION_BYTES));
    if (start.mode === 'server-init') {
      this.startMode = 'server-init';
      this.state = 'server-init';
      return true;
    }
    r.discard(VERSION_BYTES);
    this.minor = start.minor;
    this._host.send(protocolVersion(start.minor));
    this.state = 'security';
    return true;
  }

  /** RFB 3.3: the server picks, `U32 type` (0 = failure with a reason). */
  private _readSecurity33(): boolean {
    const r = this._host.reader;
    if (!r.has(4)) return false;
    const type = r.peekU32();
    if (type === SECURITY_TYPE.invalid) {
      const reason = readReason(r, 4);
      if (reason === undefined) return false;
      throw new ProtocolError('security-failure', reason || 'server refused the connection');
    }
    r.discard(4);
    if (type !== SECURITY_TYPE.none && !this._canVncAuth(type)) {
      throw new ProtocolError('no-security-type', `server requires security type ${type}`);
    }
    this._begin(type);
    return true;
  }

  /** RFB 3.7/3.8: we pick None if offered, else VNC Authentication. */
  private _readSecurityTypes(): boolean {
    const got = readSecurityTypes(this._host.reader);
    if (!got) return false;
    if ('failure' in got) {
      throw new ProtocolError('security-failure', got.failure || 'server refused the connection');
    }
    let type: number;
    if (got.types.includes(SECURITY_TYPE.none)) type = SECURITY_TYPE.none;
    else if (got.types.some((t) => this._canVncAuth(t))) type = SECURITY_TYPE.vncAuth;
    else {
      throw new ProtocolError(
        'no-security-type',
        `no supported security type among [${got.types.join(', ')}]`,
      );
    }
    this._host.send(singleByte(type));
    this._begin(type);
    return true;
  }

  private _canVncAuth(type: number): boolean {
    return type === SECURITY_TYPE.vncAuth && this._host.flavor !== 'vmware';
  }

  private _begin(type: number): void {
    if (type === SECURITY_TYPE.vncAuth) this.state = 'vnc-auth';
    else if (this.minor === 8) this.state = 'security-result';
    // RFB 3.3/3.7 send no SecurityResult for None (RFC 6143 §7.2.1).
    else this._sendClientInit();
  }

  private _readChallenge(): boolean {
    const r = this._host.reader;
    if (this._challenge || !r.has(16)) return false;
    this._challenge = r.bytes(16).slice();
    if (this._password !== undefined) this._answerChallenge();
    else this._host.emit({type: 'credentials-required'});
    return true;
  }

  private _answerChallenge(): void {
    this._host.send(vncAuthResponse(this._password ?? '', this._challenge!));
    // Keep neither the secret nor the challenge longer than needed.
    this._password = undefined;
    this._challenge = undefined;
    this.state = 'security-result';
  }

  private _readSecurityResult(): boolean {
    const r = this._host.reader;
    if (!r.has(4)) return false;
    const result = r.peekU32();
    if (result === 0) {
      r.discard(4);
      this._sendClientInit();
      return true;
    }
    // 3.8 adds a reason; 2 is VMware's non-standard "too many attempts" (§2.2).
    let reason = result === 2 ? 'too many attempts' : 'authentication failed';
    if (this.minor === 8) {
      const text = readReason(r, 4);
      if (text === undefined) return false;
      if (text) reason = text;
    } else {
      r.discard(4);
    }
    throw new ProtocolError('auth-failed', reason);
  }

  private _sendClientInit(): void {
    this._host.send(singleByte(this._host.shared ? 1 : 0));
    this.state = 'server-init';
  }
}
