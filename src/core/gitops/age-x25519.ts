/**
 * age encryption to X25519 recipients, in-process and synchronous, with node:crypto's primitives
 * (X25519, HKDF-SHA-256, ChaCha20-Poly1305, HMAC-SHA-256). This is the path every SOPS data key takes for an
 * `age1...` recipient: cdk8s synthesizes synchronously, and a worker thread (which `age-encryption`'s async
 * API needs) costs a thread start on the first call and a round trip on every call (issue 18). Post-quantum
 * recipients, post-quantum keys and decryption stay with `age-encryption` in the worker (./age.ts); X25519
 * key generation and an identity's recipient are here too (an X25519 scalar and its public point).
 *
 * Written from the age v1 format specification, C2SP `age.md` (https://age-encryption.org/v1):
 * - "X25519 recipient stanza": `-> X25519 <ephemeral share>`, wrap key = HKDF-SHA-256(ikm = shared secret,
 *   salt = ephemeral share || recipient, info = "age-encryption.org/v1/X25519"), body = ChaCha20-Poly1305 of
 *   the 16-byte file key under that key with a zero nonce; an all-zero shared secret is refused.
 * - "Header": the version line, the stanzas (arguments and bodies in unpadded standard base64, bodies
 *   wrapped at 64 columns, the last line shorter than 64), then `---` and the HMAC-SHA-256 of everything up
 *   to and including `---`, keyed with HKDF-SHA-256(ikm = file key, salt = empty, info = "header").
 * - "Payload": a 16-byte nonce, then STREAM chunks of 64 KiB under HKDF-SHA-256(ikm = file key, salt =
 *   nonce, info = "payload"), each sealed with ChaCha20-Poly1305 under the nonce counter (11 bytes, big
 *   endian) || last-chunk flag; the last chunk is empty only when the whole plaintext is.
 * - "ASCII armor": `-----BEGIN AGE ENCRYPTED FILE-----`, padded standard base64 in 64-column lines,
 *   `-----END AGE ENCRYPTED FILE-----`, as `age-encryption`'s `armor.encode` writes it (final newline).
 *
 * Tested against three decryptors that share no code with this file: `age-encryption` (typage, by age's
 * author), the age CLI where installed (Debian package `age`), and the spec-based decryptor of the tests
 * (test/helpers/independent-sops.ts); see test/core/gitops/age-x25519.test.ts.
 */
import { KeyObject, createCipheriv, createHmac, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes } from 'crypto';
import { bech32 } from 'bech32';

const VERSION_LINE = 'age-encryption.org/v1';
const X25519_INFO = 'age-encryption.org/v1/X25519';
const CHUNK_SIZE = 64 * 1024;
const TAG_SIZE = 16;
const FILE_KEY_SIZE = 16;
const PAYLOAD_NONCE_SIZE = 16;

/** Unpadded standard base64 (Go's `base64.RawStdEncoding`), which the age header uses. */
function rawBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}

/** Text in lines of `width` columns; the last line is always shorter than `width` (empty if need be). */
function wrapColumns(text: string, width: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i <= text.length; i += width) {
    lines.push(text.slice(i, i + width));
  }
  return lines;
}

function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));
}

function chacha20poly1305(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_SIZE });
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/**
 * The 32 bytes a bech32 string (BIP 173, checksum verified) carries under the human-readable part `hrp`.
 * Throws a plain Error on a bad checksum, part or length; the caller turns it into a ValidationError with a
 * fixed text, which never echoes a key.
 */
function bech32Key(text: string, hrp: string): Buffer {
  const { prefix, words } = bech32.decode(text);
  const key = Buffer.from(bech32.fromWords(words));
  if (prefix !== hrp || key.length !== 32) {
    throw new Error(`not an X25519 age ${hrp === 'age' ? 'recipient' : 'identity'}`);
  }
  return key;
}

/** The 32-byte X25519 public key of an `age1...` recipient. */
export function x25519RecipientKey(recipient: string): Buffer {
  return bech32Key(recipient, 'age');
}

/** An identity's human-readable part; the identity is written in upper case (age's `X25519Identity.String`). */
const IDENTITY_HRP = 'age-secret-key-';
/** The PKCS #8 PrivateKeyInfo prefix of a raw X25519 private key (RFC 8410, section 7; id-X25519 1.3.101.110). */
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

/** The raw 32-byte point of an X25519 public key, or the scalar of a private one (`part` "d"). */
function rawKey(key: KeyObject, part: 'x' | 'd' = 'x'): Buffer {
  return Buffer.from(key.export({ format: 'jwk' })[part] as string, 'base64url');
}

/** The recipient of an `AGE-SECRET-KEY-1...` identity: its bech32 payload is the X25519 scalar, the recipient its public point. */
export function x25519RecipientOf(identity: string): string {
  const scalar = bech32Key(identity, IDENTITY_HRP);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, scalar]), format: 'der', type: 'pkcs8' });
  return bech32.encode('age', bech32.toWords(rawKey(createPublicKey(privateKey))));
}

/** A new X25519 age key pair: `AGE-SECRET-KEY-1...` and its `age1...` recipient. */
export function x25519Keygen(): { identity: string; recipient: string } {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return {
    identity: bech32.encode(IDENTITY_HRP, bech32.toWords(rawKey(privateKey, 'd'))).toUpperCase(),
    recipient: bech32.encode('age', bech32.toWords(rawKey(publicKey))),
  };
}

function x25519Stanza(recipientKey: Buffer, fileKey: Buffer): string {
  const ephemeral = generateKeyPairSync('x25519');
  const share = rawKey(ephemeral.publicKey);
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: recipientKey.toString('base64url') }, format: 'jwk' });
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey });
  if (shared.every(b => b === 0)) {
    throw new Error('X25519 shared secret is all zero (a low-order recipient key)');
  }
  const wrapKey = hkdf(shared, Buffer.concat([share, recipientKey]), X25519_INFO);
  const body = chacha20poly1305(wrapKey, Buffer.alloc(12), fileKey);
  return [`-> X25519 ${rawBase64(share)}`, ...wrapColumns(rawBase64(body), 64)].join('\n');
}

function payload(fileKey: Buffer, plaintext: Uint8Array): Buffer {
  const nonce = randomBytes(PAYLOAD_NONCE_SIZE);
  const key = hkdf(fileKey, nonce, 'payload');
  const parts: Buffer[] = [nonce];
  const chunks = Math.max(1, Math.ceil(plaintext.length / CHUNK_SIZE));
  for (let i = 0; i < chunks; i++) {
    const chunkNonce = Buffer.alloc(12);
    chunkNonce.writeUIntBE(i, 5, 6);
    chunkNonce[11] = i === chunks - 1 ? 1 : 0;
    parts.push(chacha20poly1305(key, chunkNonce, plaintext.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE)));
  }
  return Buffer.concat(parts);
}

function armor(file: Buffer): string {
  const body = file.toString('base64').match(/.{1,64}/g) ?? [];
  return ['-----BEGIN AGE ENCRYPTED FILE-----', ...body, '-----END AGE ENCRYPTED FILE-----', ''].join('\n');
}

/**
 * Encrypt `plaintext` to one X25519 recipient key (from {@link x25519RecipientKey}); returns the ASCII-armored
 * age file. A fresh file key, ephemeral key and payload nonce every call.
 */
export function ageEncryptX25519(recipientKey: Buffer, plaintext: Uint8Array): string {
  const fileKey = randomBytes(FILE_KEY_SIZE);
  const headerToMac = `${VERSION_LINE}\n${x25519Stanza(recipientKey, fileKey)}\n---`;
  const mac = createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header')).update(headerToMac, 'latin1').digest();
  const header = Buffer.from(`${headerToMac} ${rawBase64(mac)}\n`, 'latin1');
  return armor(Buffer.concat([header, payload(fileKey, plaintext)]));
}
