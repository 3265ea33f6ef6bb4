/**
 * age to X25519 recipients, in-process and synchronous, with node:crypto's primitives (X25519, HKDF-SHA-256,
 * ChaCha20-Poly1305, HMAC-SHA-256): encryption, decryption with X25519 identities, key generation and an
 * identity's recipient. This is the path every SOPS data key takes for an `age1...` recipient: cdk8s
 * synthesizes synchronously, and a worker thread (which `age-encryption`'s async API needs) costs a thread
 * start on the first call (~350 ms in a fresh CLI process) and a round trip on every call (issue 18).
 * Post-quantum recipients and identities stay with `age-encryption` in the worker (./age.ts).
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
 * The decryptor reads untrusted input; its rules are ported one by one from the reference Go implementation
 * (FiloSottile/age at 10561a7: `age.go`, `x25519.go`, `primitives.go`, `scrypt.go`,
 * `internal/format/format.go`, `internal/stream/stream.go`, `armor/armor.go`), each cited where it is.
 *
 * Tested against independent implementations both ways: `age-encryption` (typage, by age's author), the age
 * CLI where installed (Debian package `age`), the spec-based decryptor of the tests
 * (test/helpers/independent-sops.ts), and the C2SP CCTV age test vectors; see
 * test/core/gitops/age-x25519.test.ts and test/core/gitops/age-decrypt.test.ts.
 */
import {
  JsonWebKey, KeyObject, createCipheriv, createDecipheriv, createHmac, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync,
  hkdfSync, randomBytes, timingSafeEqual,
} from 'crypto';
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

/** The plaintext of a ChaCha20-Poly1305 ciphertext (tag last), or undefined when it does not authenticate. */
function chacha20poly1305Open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Buffer | undefined {
  if (sealed.length < TAG_SIZE) {
    return undefined;
  }
  const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_SIZE });
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
  const opened = decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE));
  try {
    return Buffer.concat([opened, decipher.final()]);
  } catch {
    return undefined;
  }
}

/** The STREAM nonce of chunk `index`: an 11-byte big-endian counter, then the last-chunk flag (spec "Payload"). */
function chunkNonce(index: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUIntBE(index, 5, 6);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** The header MAC: HMAC-SHA-256 keyed with HKDF-SHA-256(file key, empty salt, "header") over the header up to `---`. */
function headerMac(fileKey: Buffer, headerToMac: Buffer): Buffer {
  return createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header')).update(headerToMac).digest();
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

/**
 * The raw 32-byte point of an X25519 public key. Only for imported keys (see {@link x25519KeyPair} for why a
 * KeyObject made by key generation is never exported).
 */
function rawKey(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');
}

/** The private key of an `AGE-SECRET-KEY-1...` identity: its bech32 payload is the X25519 scalar. */
function x25519PrivateKey(identity: string): KeyObject {
  const scalar = bech32Key(identity, IDENTITY_HRP);
  return createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, scalar]), format: 'der', type: 'pkcs8' });
}

/** The recipient of an `AGE-SECRET-KEY-1...` identity: the public point of its scalar. */
export function x25519RecipientOf(identity: string): string {
  return bech32.encode('age', bech32.toWords(rawKey(createPublicKey(x25519PrivateKey(identity)))));
}

/**
 * X25519(private key, raw 32-byte public point). An all-zero result (a low-order point) is refused: spec
 * "X25519 recipient stanza" ("the identity implementation MUST abort"), FiloSottile/age `x25519.go`
 * (`curve25519.X25519` returns an error for it); OpenSSL's derivation also fails for it.
 */
function x25519SharedSecret(privateKey: KeyObject, publicPoint: Buffer): Buffer {
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: publicPoint.toString('base64url') }, format: 'jwk' });
  const shared = diffieHellman({ privateKey, publicKey });
  if (shared.every(b => b === 0)) {
    throw new Error('X25519 shared secret is all zero (a low-order point)');
  }
  return shared;
}

/** The JSON Web Keys of a new X25519 key pair: `x` the public point, `d` the scalar (RFC 8037, section 2). */
type X25519Jwks = { publicKey: JsonWebKey; privateKey: JsonWebKey };
/** A new X25519 key pair encoded as JWK (node:crypto documents "jwk" for key generation; @types/node lacks the overload). */
function generateX25519Jwks(): X25519Jwks {
  const generate = generateKeyPairSync as unknown as (
    type: 'x25519', options: { publicKeyEncoding: { format: 'jwk' }; privateKeyEncoding: { format: 'jwk' } },
  ) => X25519Jwks;
  return generate('x25519', { publicKeyEncoding: { format: 'jwk' }, privateKeyEncoding: { format: 'jwk' } });
}

/**
 * A new X25519 key pair: the raw 32-byte scalar and point, and the private key as a KeyObject imported from
 * its JWK (no KeyObject made by the key generation itself is ever handed out).
 *
 * A KeyObject that `generateKeyPairSync` returns can deadlock the process on Node.js 20 (reproduced on
 * v20.20.2): `key.export({ format: 'jwk' })` holds the key's mutex while it allocates the strings; a garbage
 * collection there can finalize the key-generation job that made the key, and the job's config locks the same
 * mutex in its destructor (the hung main thread: `KeyObjectHandle::ExportJWK` > `ExportJWKEdKey` >
 * `String::NewFromOneByte` > `Heap::CollectGarbage` > `InvokeFirstPassWeakCallbacks` >
 * `~KeyGenJob<KeyPairGenTraits<NidKeyPairGenTraits>>` > `uv_mutex_lock`). A loop of generate, export JWK and
 * X25519 hung in 3 runs of 3 before 100,000 iterations; about one `npm run bench` SOPS scenario in ten hung
 * so. Encoding the keys inside the generation runs while the job is still alive, so its destructor cannot run
 * then, and a key imported with `createPrivateKey` shares no mutex with any job (the same loop this way: 5
 * runs of 300,000 without a hang). The private JWK carries the matching `x`, which Node.js v26 checks against
 * `d` on import (a placeholder `x` is refused there, see oven-sh/bun#32910). Encoded JWK, unlike PKCS #8 DER,
 * needs no OpenSSL decoder on import (about 4x faster per stanza). test/core/gitops/age-x25519.test.ts checks
 * that every generation asks for encoded keys.
 */
function x25519KeyPair(): { scalar: Buffer; point: Buffer; privateKey: KeyObject } {
  const jwks = generateX25519Jwks();
  const scalar = Buffer.from(jwks.privateKey.d ?? '', 'base64url');
  const point = Buffer.from(jwks.publicKey.x ?? '', 'base64url');
  if (scalar.length !== 32 || point.length !== 32 || jwks.privateKey.x !== jwks.publicKey.x) {
    throw new Error('X25519 key generation returned an unexpected JWK');
  }
  return { scalar, point, privateKey: createPrivateKey({ key: jwks.privateKey, format: 'jwk' }) };
}

/** A new X25519 age key pair: `AGE-SECRET-KEY-1...` and its `age1...` recipient. */
export function x25519Keygen(): { identity: string; recipient: string } {
  const { scalar, point } = x25519KeyPair();
  return {
    identity: bech32.encode(IDENTITY_HRP, bech32.toWords(scalar)).toUpperCase(),
    recipient: bech32.encode('age', bech32.toWords(point)),
  };
}

/** The X25519 stanza that wraps `fileKey` for one recipient key: its lines, without the final newline. */
export function x25519Stanza(recipientKey: Buffer, fileKey: Buffer): string {
  const ephemeral = x25519KeyPair();
  const share = ephemeral.point;
  const shared = x25519SharedSecret(ephemeral.privateKey, recipientKey);
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
    parts.push(chacha20poly1305(key, chunkNonce(i, i === chunks - 1), plaintext.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE)));
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
  return sealAgeFile(fileKey, [x25519Stanza(recipientKey, fileKey)], plaintext);
}

/**
 * The armored age file of these stanzas (each its lines without the final newline, written as given) and
 * the payload of `plaintext` under `fileKey`, with the header MAC. The tests build files with stanzas of
 * their own (other types, malformed ones) through it, which then fail for nothing but those stanzas.
 */
export function sealAgeFile(fileKey: Buffer, stanzas: readonly string[], plaintext: Uint8Array): string {
  const headerToMac = [VERSION_LINE, ...stanzas, '---'].join('\n');
  const mac = headerMac(fileKey, Buffer.from(headerToMac, 'latin1'));
  const header = Buffer.from(`${headerToMac} ${rawBase64(mac)}\n`, 'latin1');
  return armor(Buffer.concat([header, payload(fileKey, plaintext)]));
}

// Decryption with X25519 identities. Every failure is a plain Error; ./age.ts turns each into one
// ValidationError with a fixed text, so no message here reaches a caller (and none quotes a key).

const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const ARMOR_END = '-----END AGE ENCRYPTED FILE-----';
/** Base64 columns per line, and the bytes a full line carries (FiloSottile/age `internal/format/format.go` `ColumnsPerLine`, `BytesPerLine`). */
const COLUMNS = 64;
const BYTES_PER_LINE = COLUMNS / 4 * 3;
/** Whitespace allowed before and after the armor (FiloSottile/age `armor/armor.go` `maxWhitespace`). */
const MAX_WHITESPACE = 1024;
/** A sealed STREAM chunk: 64 KiB of plaintext and the Poly1305 tag (FiloSottile/age `internal/stream/stream.go` `encChunkSize`). */
const SEALED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE;

/**
 * Canonical base64 only, padded (the armor, `base64.StdEncoding.Strict()` in `armor/armor.go`) or not (the
 * header, `base64.RawStdEncoding.Strict()` and `DecodeString`'s refusal of CR and LF in
 * `internal/format/format.go`): spec "Conventions used in this document" (decoders MUST reject
 * non-canonical encodings). Node's decoder skips what it does not read (other characters, padding bits),
 * so the text must be exactly what encoding the bytes again gives.
 */
function canonicalBase64(text: string, padded: boolean): Buffer {
  const bytes = Buffer.from(text, 'base64');
  const again = bytes.toString('base64');
  if ((padded ? again : again.replace(/=+$/, '')) !== text) {
    throw new Error('not canonical base64');
  }
  return bytes;
}

/** Only ASCII whitespace (Go's `bytes.TrimSpace` also drops Unicode spaces; age writes none). */
const BLANK = /^[\t\n\v\f\r ]*$/;

/**
 * The binary age file inside the ASCII armor, read as FiloSottile/age `armor/armor.go` (`armoredReader.Read`)
 * does: blank lines before the BEGIN line (at most 1024 bytes of them), LF or CRLF line ends, then lines of
 * padded canonical base64, none empty, none wider than 64 columns, every line but the last carrying a full
 * 48 bytes; the END line follows the first shorter line at once; after it only whitespace, less than 1024
 * bytes of it.
 */
function dearmor(text: string): Buffer {
  let pos = 0;
  const nextLine = (): string => {
    if (pos >= text.length) {
      throw new Error('armor: unexpected end');
    }
    const newline = text.indexOf('\n', pos);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(pos, end);
    pos = end + 1;
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  };
  for (let skipped = 0; ;) {
    const line = nextLine();
    if (!BLANK.test(line)) {
      if (line !== ARMOR_BEGIN) {
        throw new Error('armor: invalid first line');
      }
      break;
    }
    skipped += line.length + 1;
    if (skipped > MAX_WHITESPACE) {
      throw new Error('armor: too much leading whitespace');
    }
  }
  const lines: string[] = [];
  for (let line = nextLine(); line !== ARMOR_END; line = nextLine()) {
    if (line.length === 0 || line.length > COLUMNS) {
      throw new Error('armor: empty or too long line');
    }
    lines.push(line);
    // A line carries a full 48 bytes exactly when it is 64 columns without padding; a shorter one is the last.
    if (line.length < COLUMNS || line.endsWith('=')) {
      if (nextLine() !== ARMOR_END) {
        throw new Error('armor: invalid closing line');
      }
      break;
    }
  }
  const trailing = text.slice(pos);
  if (!BLANK.test(trailing) || trailing.length >= MAX_WHITESPACE) {
    throw new Error('armor: trailing data');
  }
  // One canonical decode of the whole body. Every line but the last is 64 columns (48 bytes, no padding
  // bits), so the body is canonical exactly when each line is, as armor.go decodes them line by line; a
  // line by line decode took about 1 s for a 16 MiB file.
  return canonicalBase64(lines.join(''), true);
}

interface Stanza {
  readonly type: string;
  readonly args: readonly string[];
  readonly body: Buffer;
}

interface Header {
  readonly stanzas: readonly Stanza[];
  /** The header up to and including `---`, which the MAC covers. */
  readonly headerToMac: Buffer;
  readonly mac: Buffer;
  /** Where the payload starts. */
  readonly payloadStart: number;
}

/** A stanza argument: one or more printable ASCII characters, 33 to 126 (`isValidString` in `internal/format/format.go`). */
const ARGUMENT = /^[\x21-\x7e]+$/;

/**
 * The header, parsed as FiloSottile/age `internal/format/format.go` (`Parse`, `StanzaReader.ReadStanza`)
 * does, in the spec's ABNF ("Header"): the exact version line; stanzas opening with `->` and at least one
 * argument of printable characters separated by single spaces; body lines of canonical unpadded base64,
 * each a full 48 bytes (64 columns) until the first shorter one (which may be empty) ends the stanza, never
 * longer; then `---`, one space and the canonical base64 of a 32-byte MAC. Every line ends with LF (a CR is
 * refused by the base64 and argument rules). The MAC is checked over the bytes as read, up to `---`: with
 * these rules they are the bytes Go's `MarshalWithoutMAC` writes again.
 */
function parseHeader(file: Buffer): Header {
  let pos = 0;
  const nextLine = (): string => {
    const end = file.indexOf(0x0a, pos);
    if (end < 0) {
      throw new Error('age header: unexpected end');
    }
    const line = file.toString('latin1', pos, end);
    pos = end + 1;
    return line;
  };
  if (nextLine() !== VERSION_LINE) {
    throw new Error('age header: not age v1');
  }
  const stanzas: Stanza[] = [];
  while (file.toString('latin1', pos, pos + 3) !== '---') {
    const [prefix, ...args] = nextLine().split(' ');
    if (prefix !== '->' || args.length < 1 || !args.every(a => ARGUMENT.test(a))) {
      throw new Error('age header: malformed stanza');
    }
    const body: Buffer[] = [];
    do {
      body.push(canonicalBase64(nextLine(), false));
      if (body[body.length - 1].length > BYTES_PER_LINE) {
        throw new Error('age header: stanza body line too long');
      }
    } while (body[body.length - 1].length === BYTES_PER_LINE);
    stanzas.push({ type: args[0], args: args.slice(1), body: Buffer.concat(body) });
  }
  const macStart = pos;
  const [prefix, ...args] = nextLine().split(' ');
  const mac = prefix === '---' && args.length === 1 ? canonicalBase64(args[0], false) : undefined;
  if (!mac || mac.length !== 32) {
    throw new Error('age header: malformed closing line');
  }
  return { stanzas, headerToMac: file.subarray(0, macStart + 3), mac, payloadStart: pos };
}

/**
 * The file key, from the first X25519 stanza that one of the identities opens, trying each identity on every
 * stanza in turn (FiloSottile/age `age.go` `decryptHdr` and `multiUnwrap`, `x25519.go`
 * `X25519Identity.unwrap`). Stanzas of other types (post-quantum, plugins, the spec's "grease") are skipped;
 * an X25519 stanza with other than one argument, a share that is not the canonical base64 of 32 bytes, an
 * all-zero shared secret or a body other than 32 bytes (checked before decrypting: `primitives.go`
 * `aeadDecrypt`) fails the whole file, as there; a body that does not authenticate is another recipient's.
 */
function unwrapFileKey(stanzas: readonly Stanza[], privateKeys: readonly KeyObject[]): Buffer {
  for (const privateKey of privateKeys) {
    const ourPublic = rawKey(createPublicKey(privateKey));
    for (const stanza of stanzas) {
      if (stanza.type !== 'X25519') {
        continue;
      }
      const share = stanza.args.length === 1 ? canonicalBase64(stanza.args[0], false) : undefined;
      if (!share || share.length !== 32) {
        throw new Error('invalid X25519 stanza');
      }
      const wrapKey = hkdf(x25519SharedSecret(privateKey, share), Buffer.concat([share, ourPublic]), X25519_INFO);
      if (stanza.body.length !== FILE_KEY_SIZE + TAG_SIZE) {
        throw new Error('invalid X25519 stanza: file key size');
      }
      const fileKey = chacha20poly1305Open(wrapKey, Buffer.alloc(12), stanza.body);
      if (fileKey) {
        return fileKey;
      }
    }
  }
  throw new Error('no identity matched any of the file\'s recipients');
}

/**
 * The plaintext of the payload, read as FiloSottile/age `internal/stream/stream.go` (`DecryptReader`) does:
 * the 16-byte nonce (`age.go` `Decrypt`), then sealed chunks of 64 KiB + 16; a shorter chunk is the last one,
 * and it may be empty only as the first and only one; a full-length chunk that does not open as a middle
 * chunk is tried as the last one; the end of the data before a last chunk (a truncated file) and any byte
 * after it are refused.
 */
function decryptPayload(fileKey: Buffer, sealedPayload: Buffer): Buffer {
  if (sealedPayload.length < PAYLOAD_NONCE_SIZE) {
    throw new Error('age payload: no nonce');
  }
  const key = hkdf(fileKey, sealedPayload.subarray(0, PAYLOAD_NONCE_SIZE), 'payload');
  const chunks: Buffer[] = [];
  for (let index = 0, pos = PAYLOAD_NONCE_SIZE; ; index++) {
    if (pos === sealedPayload.length) {
      throw new Error('age payload: truncated (no last chunk)');
    }
    const sealed = sealedPayload.subarray(pos, pos + SEALED_CHUNK_SIZE);
    pos += sealed.length;
    let last = sealed.length < SEALED_CHUNK_SIZE;
    if (last && index > 0 && sealed.length === TAG_SIZE) {
      throw new Error('age payload: empty last chunk');
    }
    let opened = chacha20poly1305Open(key, chunkNonce(index, last), sealed);
    if (!opened && !last) {
      last = true;
      opened = chacha20poly1305Open(key, chunkNonce(index, last), sealed);
    }
    if (!opened) {
      throw new Error('age payload: a chunk does not authenticate');
    }
    chunks.push(opened);
    if (last) {
      if (pos !== sealedPayload.length) {
        throw new Error('age payload: trailing data after the last chunk');
      }
      return Buffer.concat(chunks);
    }
  }
}

/**
 * Decrypt an ASCII-armored age file with X25519 identities (`AGE-SECRET-KEY-1...`, tried in order). Every
 * identity is read first (a bad checksum fails, as the worker's `Decrypter.addIdentity` does); the header
 * MAC is verified, in constant time, before any of the payload is decrypted (`age.go` `decryptHdr`:
 * `hmac.Equal`). A file with an `scrypt` stanza among others is refused (spec "scrypt recipient stanza":
 * it MUST be the only stanza; `scrypt.go` `ScryptIdentity.Unwrap`), and a lone one has no X25519 stanza.
 * Throws a plain Error on any failure.
 */
export function ageDecryptX25519(armored: string, identities: readonly string[]): Buffer {
  const privateKeys = identities.map(x25519PrivateKey);
  const file = dearmor(armored);
  const header = parseHeader(file);
  if (header.stanzas.length > 1 && header.stanzas.some(s => s.type === 'scrypt')) {
    throw new Error('age header: an scrypt stanza must be alone');
  }
  const fileKey = unwrapFileKey(header.stanzas, privateKeys);
  if (!timingSafeEqual(headerMac(fileKey, header.headerToMac), header.mac)) {
    throw new Error('age header: bad MAC');
  }
  return decryptPayload(fileKey, file.subarray(header.payloadStart));
}
