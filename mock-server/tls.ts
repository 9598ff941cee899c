/**
 * A self-signed certificate made at start-up for --tls. node:crypto cannot
 * build X.509 certificates, so the `openssl` command line makes one in a
 * temporary directory (removed afterwards). The thumbprint is written as
 * vSphere writes `sslThumbprint`: SHA-1, colon-separated upper-case hex
 * (§1.2).
 */
import {execFileSync} from 'node:child_process';
import {X509Certificate} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export interface TlsMaterial {
  key: string;
  cert: string;
  /** e.g. "AB:CD:…" (20 bytes). */
  thumbprint: string;
}

/** SHA-1 thumbprint of a PEM certificate, colon-separated upper-case hex. */
export function sha1Thumbprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint.toUpperCase();
}

export function generateSelfSignedCertificate(
  hosts: string[] = ['127.0.0.1', 'localhost'],
): TlsMaterial {
  const dir = mkdtempSync(join(tmpdir(), 'webmks-mock-tls-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    const san = hosts
      .map((h) => (/^[\d.]+$/.test(h) || h.includes(':') ? `IP:${h}` : `DNS:${h}`))
      .join(',');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '30',
        '-subj',
        '/CN=webmks mock ESXi',
        '-addext',
        `subjectAltName=${san}`,
      ],
      {stdio: ['ignore', 'ignore', 'pipe']},
    );
    const key = readFileSync(keyPath, 'utf8');
    const cert = readFileSync(certPath, 'utf8');
    return {key, cert, thumbprint: sha1Thumbprint(cert)};
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}
