/**
 * A minimal RFB-over-WebSocket probe (Node, `ws`): opens the peer's
 * WebSocket with the `binary` subprotocol, as the element does, reads the
 * server's ProtocolVersion, answers 3.8 and reads the security types
 * (RFC 6143 §7.1.1, §7.1.2). It lets the harness tests check a peer's
 * WebSocket endpoint and auth setting without the element.
 */
import WebSocket from 'ws';

export interface RfbGreeting {
  /** The 12-byte ProtocolVersion, e.g. "RFB 003.008\n". */
  version: string;
  /** The security types offered (empty when the server refused with a reason). */
  securityTypes: number[];
  /** The subprotocol the server agreed to. */
  protocol: string;
}

export function probeRfb(url: string, timeoutMs = 5000): Promise<RfbGreeting> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['binary']);
    let buffer = Buffer.alloc(0);
    let version = '';
    const timer = setTimeout(
      () => finish(new Error(`no RFB greeting from ${url} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const finish = (result: RfbGreeting | Error) => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    ws.on('error', (err) => finish(err));
    ws.on('close', () => finish(new Error(`${url} closed before the security types`)));
    ws.on('message', (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      if (!version) {
        if (buffer.length < 12) return;
        version = buffer.subarray(0, 12).toString('latin1');
        buffer = buffer.subarray(12);
        ws.send(Buffer.from('RFB 003.008\n', 'latin1'));
      }
      if (buffer.length < 1) return;
      const count = buffer[0] as number;
      if (buffer.length < 1 + count) return;
      finish({version, securityTypes: [...buffer.subarray(1, 1 + count)], protocol: ws.protocol});
    });
  });
}
