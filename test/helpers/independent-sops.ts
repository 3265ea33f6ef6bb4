/**
 * A SOPS + age decryptor written independently from the library (it shares no code with src/core/sops.ts
 * or src/core/age.ts, and does not use the age-encryption package): age X25519 from the age spec
 * (https://age-encryption.org/v1) with node:crypto, SOPS from its file format, walking the YAML syntax
 * tree so that key order is exactly the file's.
 */
import { createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, diffieHellman, hkdfSync, KeyObject } from 'crypto';
import { Document, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/* eslint-disable no-bitwise -- bech32 is defined with bit operations */
function bech32Decode(text: string): { hrp: string; bytes: Buffer } {
  const lower = text.toLowerCase();
  const sep = lower.lastIndexOf('1');
  const hrp = lower.slice(0, sep);
  const values = [...lower.slice(sep + 1)].map(c => BECH32.indexOf(c));
  if (values.some(v => v < 0)) {
    throw new Error('bech32: bad character');
  }
  // Checksum (BIP-173 polymod).
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of [...[...hrp].map(c => c.charCodeAt(0) >> 5), 0, ...[...hrp].map(c => c.charCodeAt(0) & 31), ...values]) {
    const top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    GEN.forEach((g, i) => {
      if ((top >> i) & 1) {
        chk ^= g;
      }
    });
  }
  if (chk !== 1) {
    throw new Error('bech32: bad checksum');
  }
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  for (const v of values.slice(0, -6)) {
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return { hrp, bytes: Buffer.from(out) };
}
/* eslint-enable no-bitwise */

function x25519Private(scalar: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), scalar]), format: 'der', type: 'pkcs8' });
}

function x25519Public(point: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b656e032100', 'hex'), point]), format: 'der', type: 'spki' });
}

function hkdf(ikm: Buffer, salt: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from(info), 32));
}

function chachaOpen(key: Buffer, nonce: Buffer, sealed: Buffer): Buffer {
  const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
}

const b64 = (s: string) => Buffer.from(s, 'base64');

/** Decrypt an ASCII-armored age file with an X25519 identity (AGE-SECRET-KEY-1...). */
export function independentAgeDecrypt(armored: string, identity: string): Buffer {
  const body = armored.trim().split('\n').filter(l => !l.startsWith('-----')).join('');
  const file = Buffer.from(body, 'base64');
  const { hrp, bytes: scalar } = bech32Decode(identity);
  if (hrp !== 'age-secret-key-') {
    throw new Error('not an age identity');
  }
  const privateKey = x25519Private(scalar);
  const ourPublic = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12);

  const macMark = file.indexOf('\n--- ');
  const headerEnd = file.indexOf('\n', macMark + 1);
  const header = file.subarray(0, macMark + 4).toString('latin1');
  const lines = header.split('\n');
  if (lines[0] !== 'age-encryption.org/v1') {
    throw new Error('not an age v1 file');
  }
  let fileKey: Buffer | undefined;
  for (let i = 1; i < lines.length; i++) {
    const args = lines[i].split(' ');
    if (args[0] !== '->') {
      continue;
    }
    let j = i + 1;
    let stanzaBody = '';
    for (; j < lines.length && !lines[j].startsWith('->') && lines[j] !== '---'; j++) {
      stanzaBody += lines[j];
    }
    if (args[1] === 'X25519' && !fileKey) {
      const share = b64(args[2]);
      const shared = diffieHellman({ privateKey, publicKey: x25519Public(share) });
      const wrapKey = hkdf(shared, Buffer.concat([share, ourPublic]), 'age-encryption.org/v1/X25519');
      try {
        fileKey = chachaOpen(wrapKey, Buffer.alloc(12), b64(stanzaBody));
      } catch {
        // another recipient's stanza
      }
    }
  }
  if (!fileKey) {
    throw new Error('no stanza for this identity');
  }
  const mac = createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header')).update(header).digest();
  if (!mac.equals(b64(file.subarray(macMark + 5, headerEnd).toString('latin1')))) {
    throw new Error('age header MAC mismatch');
  }
  const payload = file.subarray(headerEnd + 1);
  const payloadKey = hkdf(fileKey, payload.subarray(0, 16), 'payload');
  const chunks: Buffer[] = [];
  const CHUNK = 64 * 1024 + 16;
  for (let off = 16, counter = 0; off < payload.length; off += CHUNK, counter++) {
    const chunk = payload.subarray(off, off + CHUNK);
    const nonce = Buffer.alloc(12);
    nonce.writeBigUInt64BE(BigInt(counter), 3);
    nonce[11] = off + CHUNK >= payload.length ? 1 : 0;
    chunks.push(chachaOpen(payloadKey, nonce, chunk));
  }
  return Buffer.concat(chunks);
}

const ENC = /^ENC\[AES256_GCM,data:([^,]*),iv:([^,]+),tag:([^,]+),type:(\w+)\]$/;

function goBytes(value: unknown): Buffer {
  if (typeof value === 'boolean') {
    return Buffer.from(value ? 'True' : 'False');
  }
  return Buffer.from(String(value), 'utf8');
}

/**
 * Decrypt a SOPS YAML file: returns the plaintext document and whether the MAC matched. Decrypts every
 * `ENC[...]` value (this reader trusts the file's markers rather than its rule).
 */
export function independentSopsDecrypt(text: string, identity: string): { document: any; macVerified: boolean; encryptedPaths: string[] } {
  const doc: Document = parseDocument(text);
  const root = doc.contents;
  if (!isMap(root)) {
    throw new Error('not a map');
  }
  const sops = doc.get('sops') as any;
  let dataKey: Buffer | undefined;
  for (const stanza of sops.get('age').items) {
    try {
      dataKey = independentAgeDecrypt(stanza.get('enc'), identity);
      break;
    } catch {
      // next
    }
  }
  if (!dataKey) {
    throw new Error('no age stanza for this identity');
  }
  const key = dataKey;
  const hash = createHash('sha512');
  const encryptedPaths: string[] = [];
  const open = (value: string, aad: string): { text: Buffer; type: string } => {
    const m = ENC.exec(value)!;
    const d = createDecipheriv('aes-256-gcm', key, b64(m[2]));
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(b64(m[3]));
    return { text: Buffer.concat([d.update(b64(m[1])), d.final()]), type: m[4] };
  };
  const walk = (node: unknown, path: string[]): unknown => {
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) {
          throw new Error('unexpected key');
        }
        const k = String(pair.key.value);
        if (path.length === 0 && k === 'sops') {
          continue;
        }
        out[k] = walk(pair.value, [...path, k]);
      }
      return out;
    }
    if (isSeq(node)) {
      return node.items.map(item => walk(item, path));
    }
    if (isScalar(node)) {
      const value = node.value;
      if (value === null) {
        return null;
      }
      if (typeof value === 'string' && ENC.test(value)) {
        encryptedPaths.push(path.join('.'));
        const { text: plain, type } = open(value, `${path.join(':')}:`);
        hash.update(plain);
        const s = plain.toString('utf8');
        return type === 'int' || type === 'float' ? Number(s) : type === 'bool' ? s === 'True' : s;
      }
      hash.update(goBytes(value));
      return value;
    }
    throw new Error('unexpected node');
  };
  const document = walk(root, []);
  const lastModified = String(sops.get('lastmodified'));
  const storedMac = open(String(sops.get('mac')), lastModified).text.toString('utf8');
  return { document, macVerified: storedMac === hash.digest('hex').toUpperCase(), encryptedPaths };
}
