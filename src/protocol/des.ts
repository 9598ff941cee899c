/**
 * DES (FIPS 46-3) single-block encryption, and the VNC Authentication
 * challenge response built on it (RFC 6143 §7.2.2). Only encryption is
 * needed. Written for clarity, not speed: it runs once per connection.
 *
 * VNC quirk: each byte of the 8-byte key (the password, truncated or padded
 * with zeros) is used with its bits reversed, a legacy of the original
 * d3des code (TigerVNC, QEMU "DES_RFB").
 */

// Tables from FIPS 46-3; positions are 1-based, bit 1 = MSB of the block.
/** FIPS 46-3 tables; entries are 1-based bit positions of the input. */
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60,
  52, 44, 36, 63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21,
  13, 5, 28, 20, 12, 4,
];
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2, 41, 52,
  31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];
const P = [
  16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13,
  30, 6, 22, 11, 4, 25,
];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
/** IP: eight rows that start at bits 58, 60, 62, 64, 57, 59, 61, 63 and step back by 8. */
const IP = Array.from(
  {length: 64},
  (_, i) => [58, 60, 62, 64, 57, 59, 61, 63][i >> 3]! - 8 * (i & 7),
);
/** FP is the inverse of IP. */
const FP: number[] = [];
IP.forEach((from, i) => (FP[from - 1] = i + 1));
/** E: each 6-bit group is a 4-bit group of R with its two neighbours (32, 1 … 32, 1). */
const E = Array.from({length: 48}, (_, i) => ((4 * Math.floor(i / 6) + (i % 6) + 31) % 32) + 1);
/** S1…S8: four rows of sixteen 4-bit entries each, as hex digits. */
const SBOX = [
  'e4d12fb83a6c5907 0f74e2d1a6cb9538 41e8d62bfc973a50 fc8249175b3ea06d',
  'f18e6b34972dc05a 3d47f28ec01a69b5 0e7ba4d158c6932f d8a13f42b67c05e9',
  'a09e63f51dc7b428 d709346a285ecbf1 d6498f30b12c5ae7 1ad069874fe3b52c',
  '7de3069a1285bc4f d8b56f03472c1ae9 a690cb7df13e5284 3f06a1d8945bc72e',
  '2c417ab6853fd0e9 eb2c47d150fa3986 421bad78f9c5630e b8c71e2d6f09a453',
  'c1af92680d34e75b af427c9561de0b38 9ef528c3704a1db6 432c95fabe17608d',
  '4b2ef08d3c975a61 d0b7491ae35c2f86 14bdc37eaf680592 6bd814a7950fe23c',
  'd2846fb1a93e50c7 1fd8a374c56b0e92 7b419ce206adf358 21e74a8dfc90356b',
].map((box) => [...box.replace(/ /g, '')].map((digit) => parseInt(digit, 16)));

/** Bytes to an array of bits, MSB first. */
function toBits(bytes: Uint8Array): number[] {
  const bits: number[] = [];
  for (const b of bytes) for (let i = 7; i >= 0; i--) bits.push((b >> i) & 1);
  return bits;
}

function fromBits(bits: readonly number[]): Uint8Array {
  const out = new Uint8Array(bits.length >> 3);
  for (let i = 0; i < bits.length; i++) out[i >> 3]! |= bits[i]! << (7 - (i & 7));
  return out;
}

function permute(bits: readonly number[], table: readonly number[]): number[] {
  return table.map((pos) => bits[pos - 1]!);
}

function rotateLeft(bits: number[], n: number): number[] {
  return bits.slice(n).concat(bits.slice(0, n));
}

function subkeys(key: Uint8Array): number[][] {
  const k = permute(toBits(key), PC1);
  let c = k.slice(0, 28);
  let d = k.slice(28);
  const keys: number[][] = [];
  for (const s of SHIFTS) {
    c = rotateLeft(c, s);
    d = rotateLeft(d, s);
    keys.push(permute(c.concat(d), PC2));
  }
  return keys;
}

function feistel(r: readonly number[], k: readonly number[]): number[] {
  const x = permute(r, E).map((b, i) => b ^ k[i]!);
  const out: number[] = [];
  for (let s = 0; s < 8; s++) {
    const six = x.slice(s * 6, s * 6 + 6);
    const row = (six[0]! << 1) | six[5]!;
    const col = (six[1]! << 3) | (six[2]! << 2) | (six[3]! << 1) | six[4]!;
    const v = SBOX[s]![row * 16 + col]!;
    out.push((v >> 3) & 1, (v >> 2) & 1, (v >> 1) & 1, v & 1);
  }
  return permute(out, P);
}

/** Encrypts one 8-byte block with an 8-byte key (parity bits ignored). */
export function desEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  if (key.length !== 8 || block.length !== 8)
    throw new RangeError('DES needs 8-byte key and block');
  const ks = subkeys(key);
  const ip = permute(toBits(block), IP);
  let l = ip.slice(0, 32);
  let r = ip.slice(32);
  for (const k of ks) {
    const f = feistel(r, k);
    const next = l.map((b, i) => b ^ f[i]!);
    l = r;
    r = next;
  }
  return fromBits(permute(r.concat(l), FP));
}

function reverseBits(b: number): number {
  let out = 0;
  for (let i = 0; i < 8; i++) out |= ((b >> i) & 1) << (7 - i);
  return out;
}

/**
 * The 16-byte VNC Authentication response: the challenge encrypted (ECB, two
 * blocks) with the password as key. Only the first 8 characters count; each
 * character contributes its low 8 bits (the protocol predates Unicode).
 */
export function vncAuthResponse(password: string, challenge: Uint8Array): Uint8Array {
  if (challenge.length !== 16) throw new RangeError('VNC challenge is 16 bytes');
  const key = new Uint8Array(8);
  for (let i = 0; i < 8 && i < password.length; i++) {
    key[i] = reverseBits(password.charCodeAt(i) & 0xff);
  }
  const out = new Uint8Array(16);
  out.set(desEncryptBlock(key, challenge.subarray(0, 8)), 0);
  out.set(desEncryptBlock(key, challenge.subarray(8, 16)), 8);
  return out;
}
