/**
 * Decryption with X25519 identities runs in-process (src/core/gitops/age-x25519.ts `ageDecryptX25519`); with
 * a post-quantum identity among them it still goes to the worker (age-encryption). Checked here: files from
 * three independent encryptors open (the age-encryption package, the age CLI where installed, our own), the
 * C2SP CCTV age test vectors give the expected outcome, every refusal is the one ValidationError the worker
 * path gives, and both paths agree on randomly damaged files. Files that break one rule only (with a valid
 * header MAC) are built with `sealAgeFile`, so each refusal is due to that rule.
 */
import { spawnSync } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inflateSync } from 'zlib';
import * as fc from 'fast-check';
import { createSyncFn } from 'synckit';
import { ValidationError, ageDecrypt, ageEncrypt, ageKeygen } from '../../../src/core';
import { sealAgeFile, x25519RecipientKey, x25519Stanza } from '../../../src/core/gitops/age-x25519';

const REFUSED = 'ageDecrypt: armored does not decrypt with these identities (not an age file for any of their recipients, or a damaged one); the identities are not echoed.';
const { identity, recipient } = ageKeygen();
const other = ageKeygen();
const pq = ageKeygen({ postQuantum: true });
/** A post-quantum identity that opens nothing here: added to the identities, it sends ageDecrypt to the worker. */
const toWorker = ageKeygen({ postQuantum: true }).identity;
const AGE_BIN = ['/usr/bin', '/usr/local/bin'].find(d => fs.existsSync(path.join(d, 'age')));
const typageEncrypt = createSyncFn(path.join(__dirname, 'age-encryption-encrypt.mjs')) as (args: { recipients: string[]; plaintext: Uint8Array }) => string;
const CHUNK = 64 * 1024;
const SEALED_CHUNK = CHUNK + 16;
const LENGTHS = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK];
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_v, i) => (i * 37 + 11) % 256));
const rawB64 = (b: Uint8Array) => Buffer.from(b).toString('base64').replace(/=+$/, '');

const unarmor = (armored: string) => Buffer.from(armored.split('\n').slice(1, -2).join(''), 'base64');
const armorOf = (file: Buffer) => ['-----BEGIN AGE ENCRYPTED FILE-----', ...(file.toString('base64').match(/.{1,64}/g) ?? []), '-----END AGE ENCRYPTED FILE-----', ''].join('\n');
/** Where the payload starts (after the MAC line). */
const payloadStart = (file: Buffer) => file.indexOf('\n', file.indexOf('\n---') + 1) + 1;
/** The file with bit `bit` of byte `at` flipped, armored again. */
const flip = (armored: string, at: number, bit = 0) => {
  const file = unarmor(armored);
  // eslint-disable-next-line no-bitwise -- a bit flip
  file[at] ^= 1 << bit;
  return armorOf(file);
};

/** The SHA-256 of a plaintext, as an outcome (cheap to compare and to print). */
const opened = (plaintext: Uint8Array) => `plaintext ${createHash('sha256').update(plaintext).digest('hex')}`;

/** What ageDecrypt makes of a file: `opened(plaintext)`, or the error message. */
function outcome(armored: string, identities: string[]): string {
  try {
    return opened(ageDecrypt(armored, identities));
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    identities.forEach(id => expect((e as Error).message).not.toContain(id));
    return (e as Error).message;
  }
}

/** In-process (X25519 identities) and through the worker (the same ones and a post-quantum identity): the same outcome. */
function bothPaths(armored: string, identities = [identity]): string {
  const inProcess = outcome(armored, identities);
  expect(outcome(armored, [...identities, toWorker])).toBe(inProcess);
  return inProcess;
}

function expectOpens(armored: string, plaintext: Buffer, identities = [identity]): void {
  expect(bothPaths(armored, identities)).toBe(opened(plaintext));
}

function expectRefused(armored: string, identities = [identity]): void {
  expect(bothPaths(armored, identities)).toBe(REFUSED);
}

/** A file whose header has these stanzas (lines, without the final newline; `fileKey` is the file's) and a valid MAC. */
function sealed(stanzas: (fileKey: Buffer) => string[], plaintext = bytes(32)): string {
  const fileKey = randomBytes(16);
  return sealAgeFile(fileKey, stanzas(fileKey), plaintext);
}
/** Our X25519 stanza for `recipient`. */
const mine = (fileKey: Buffer) => x25519Stanza(x25519RecipientKey(recipient), fileKey);

describe('files from three independent encryptors open in-process', () => {
  test.each(LENGTHS)('%d bytes from age-encryption (STREAM chunk boundaries), and from our encryptor', n => {
    expectOpens(typageEncrypt({ recipients: [recipient], plaintext: bytes(n) }), bytes(n));
    expectOpens(ageEncrypt(recipient, bytes(n)), bytes(n));
  });

  test('the age CLI, armored, to two recipients: each identity opens it (skipped where the age binary is not installed)', () => {
    if (!AGE_BIN) {
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-age-'));
    try {
      for (const n of LENGTHS) {
        fs.writeFileSync(path.join(dir, 'plain'), bytes(n));
        const r = spawnSync(path.join(AGE_BIN, 'age'), ['--encrypt', '--armor', '-r', other.recipient, '-r', recipient, path.join(dir, 'plain')], { encoding: 'latin1', maxBuffer: 8 * CHUNK });
        expect([n, r.status, r.stderr]).toEqual([n, 0, '']);
        expectOpens(r.stdout, bytes(n));
        expectOpens(r.stdout, bytes(n), [other.identity]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('several recipients, post-quantum and X25519 mixed in one file (age-encryption): the X25519 identities open it in-process', () => {
    const armored = typageEncrypt({ recipients: [pq.recipient, other.recipient, recipient], plaintext: bytes(100) });
    expect(unarmor(armored).toString('latin1')).toContain('-> mlkem768x25519 ');
    expectOpens(armored, bytes(100));
    expectOpens(armored, bytes(100), [other.identity]);
    expect(outcome(armored, [pq.identity])).toBe(opened(bytes(100)));
    // Identities are tried in order; one that matches nothing first does not matter.
    expectOpens(armored, bytes(100), [ageKeygen().identity, identity]);
  });

  test('random payloads and recipients (fast-check)', () => {
    const keys = [ageKeygen(), ageKeygen(), ageKeygen()];
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), fc.subarray([0, 1, 2], { minLength: 1 }), fc.nat(), (data, who, pick) => {
      const armored = typageEncrypt({ recipients: who.map(i => keys[i].recipient), plaintext: data });
      expect(outcome(armored, [keys[who[pick % who.length]].identity])).toBe(opened(data));
      expect(outcome(ageEncrypt(keys[who[0]].recipient, data), [keys[who[0]].identity])).toBe(opened(data));
    }), { numRuns: 40 });
  });
});

describe('the C2SP CCTV age test vectors (X25519 identities)', () => {
  const vectors = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'age', 'cctv-age-vectors.json'), 'utf8')) as { vectors: Record<string, string> }).vectors;

  test.each(Object.keys(vectors))('%s', name => {
    const raw = Buffer.from(vectors[name], 'base64');
    const end = raw.indexOf('\n\n');
    const meta = raw.subarray(0, end).toString('utf8').split('\n');
    const get = (key: string) => meta.filter(l => l.startsWith(`${key}: `)).map(l => l.slice(key.length + 2));
    const body = get('compressed')[0] === 'zlib' ? inflateSync(raw.subarray(end + 2)) : raw.subarray(end + 2);
    // ageDecrypt reads armored files only: a binary vector is armored canonically first.
    const armored = get('armored')[0] === 'yes' ? body.toString('latin1') : armorOf(body);
    // The three 16 MiB vectors (stream_257_chunks*) are checked in-process only: the worker path took about
    // 0.9 s more for each, and the payload rules are compared on both paths in the refusals below.
    const result = body.length > 1024 * 1024 ? outcome(armored, get('identity')) : bothPaths(armored, get('identity'));
    if (get('expect')[0] === 'success') {
      expect(result).toBe(`plaintext ${get('payload')[0]}`);
    } else {
      expect(result).toBe(REFUSED);
    }
  });
});

describe('refusals: one ValidationError, the worker path\'s, never echoing an identity', () => {
  const ciphertext = ageEncrypt(recipient, bytes(2 * CHUNK + 17));
  const file = unarmor(ciphertext);
  const start = payloadStart(file);

  test('the files built here open when they break no rule (grease and unknown stanzas are skipped)', () => {
    expectOpens(sealed(k => ['-> grease-1 a+b c\n', mine(k)]), bytes(32));
    expectOpens(sealed(k => [`-> unknown.example/stanza ${'x'.repeat(80)}\n${rawB64(bytes(48))}\n`, mine(k), '-> last\nAAAA']), bytes(32));
    expectOpens(sealed(k => [x25519Stanza(x25519RecipientKey(other.recipient), k), mine(k)]), bytes(32));
    expectOpens(sealed(k => [mine(k)], bytes(0)), bytes(0));
  });

  test('a wrong identity', () => {
    expectRefused(ciphertext, [other.identity]);
    expectRefused(ciphertext, [other.identity, ageKeygen().identity]);
  });

  test('a flipped bit in the header MAC, in the stanza body, in the share', () => {
    const header = file.subarray(0, start).toString('latin1');
    const mac = header.indexOf('\n--- ') + 5;
    const stanza = header.indexOf('-> X25519 ');
    const body = header.indexOf('\n', stanza) + 1;
    for (const bit of [0, 3, 7]) {
      // A base64 character changed: the MAC or body differs in a bit (the character stays canonical, 6 bits each).
      const swap = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
      expectRefused(armorOf(Buffer.concat([Buffer.from(swap(header, mac + bit), 'latin1'), file.subarray(start)])));
      expectRefused(armorOf(Buffer.concat([Buffer.from(swap(header, body + bit), 'latin1'), file.subarray(start)])));
      expectRefused(armorOf(Buffer.concat([Buffer.from(swap(header, stanza + 10 + bit), 'latin1'), file.subarray(start)])));
    }
  });

  test('a flipped bit in the nonce and in each payload chunk (the first, a middle one, the last)', () => {
    expectOpens(ciphertext, bytes(2 * CHUNK + 17));
    expectRefused(flip(ciphertext, start + 3));
    for (const chunk of [0, 1, 2]) {
      expectRefused(flip(ciphertext, start + 16 + chunk * SEALED_CHUNK + 5, chunk));
      // and in its tag
      expectRefused(flip(ciphertext, Math.min(file.length, start + 16 + (chunk + 1) * SEALED_CHUNK) - 1));
    }
  });

  test('a truncated file: no last chunk, a cut chunk, only the nonce, a cut header', () => {
    const chunkEnd = (n: number) => start + 16 + n * SEALED_CHUNK;
    for (const at of [chunkEnd(2), chunkEnd(1), chunkEnd(1) + 100, file.length - 1, start + 16, start + 5, start, start - 1, 30]) {
      expectRefused(armorOf(file.subarray(0, at)));
    }
  });

  test('trailing data after the last chunk, short or full-length', () => {
    expectRefused(armorOf(Buffer.concat([file, Buffer.from([0])])));
    const full = unarmor(ageEncrypt(recipient, bytes(CHUNK)));
    expectOpens(armorOf(full), bytes(CHUNK));
    expectRefused(armorOf(Buffer.concat([full, Buffer.from([0])])));
    expectRefused(armorOf(Buffer.concat([full, full.subarray(payloadStart(full) + 16)])));
  });

  test('non-canonical base64 in the header: padding bits, "=" padding, in a body, a share, the MAC', () => {
    // The last character of 32 bytes in base64 carries 2 padding bits, which must be zero: the next character sets one.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const dirty = (b64: string) => b64.slice(0, -1) + alphabet[alphabet.indexOf(b64.slice(-1)) + 1];
    expectRefused(sealed(k => [mine(k).replace(/\n(.+)$/, (_m, b: string) => `\n${dirty(b)}`)]));
    expectRefused(sealed(k => [mine(k).replace(/\n(.+)$/, (_m, b: string) => `\n${b}=`)]));
    expectRefused(sealed(k => [mine(k).replace(/^(-> X25519 )(\S+)/, (_m, p: string, s: string) => p + dirty(s))]));
    expectRefused(sealed(k => [mine(k).replace(/^(-> X25519 )(\S+)/, (_m, p: string, s: string) => `${p}${s}=`)]));
    expectRefused(sealed(k => [`-> grease\n${dirty(rawB64(bytes(32)))}`, mine(k)]));
    const header = file.subarray(0, start).toString('latin1').replace(/\n$/, '');
    expectRefused(armorOf(Buffer.concat([Buffer.from(`${header.slice(0, -1)}${dirty(header.slice(-1))}\n`, 'latin1'), file.subarray(start)])));
    expectRefused(armorOf(Buffer.concat([Buffer.from(`${header}=\n`, 'latin1'), file.subarray(start)])));
  });

  test('a stanza body whose last line is 64 columns (not shorter), or a line longer than 64', () => {
    expectOpens(sealed(k => [`-> grease\n${rawB64(bytes(48))}\n`, mine(k)]), bytes(32));
    expectRefused(sealed(k => [`-> grease\n${rawB64(bytes(48))}`, mine(k)]));
    expectRefused(sealed(k => [`-> grease\n${rawB64(bytes(51))}`, mine(k)]));
    expectRefused(sealed(() => [`-> grease\n${rawB64(bytes(48))}\n${rawB64(bytes(48))}`]));
  });

  test('an all-zero shared secret (low-order shares) fails the file, even with a stanza the identity opens', () => {
    const lowOrder = [Buffer.alloc(32), Buffer.concat([Buffer.from([1]), Buffer.alloc(31)])];
    for (const share of lowOrder) {
      expectRefused(sealed(k => [`-> X25519 ${rawB64(share)}\n${rawB64(bytes(32))}`, mine(k)]));
    }
  });

  test('a malformed X25519 stanza fails the file: two arguments, a short share, a 33-byte body', () => {
    expectRefused(sealed(k => [mine(k).replace(/^(-> X25519 \S+)/, '$1 extra')]));
    expectRefused(sealed(k => [`-> X25519 ${rawB64(bytes(31))}\n${rawB64(bytes(32))}`, mine(k)]));
    expectRefused(sealed(k => [`-> X25519 ${rawB64(randomBytes(32))}\n${rawB64(bytes(33))}`, mine(k)]));
    expectRefused(sealed(k => [`-> X25519\n${rawB64(bytes(32))}`, mine(k)]));
  });

  test('an scrypt stanza with others, or a second scrypt stanza (the worker opens these: see below)', () => {
    const scrypt = `-> scrypt ${rawB64(bytes(16))} 10\n${rawB64(bytes(32))}`;
    expectOpens(sealed(k => ['-> scrypt-like a\n', mine(k)]), bytes(32));
    for (const stanzas of [(k: Buffer) => [scrypt, mine(k)], (k: Buffer) => [mine(k), scrypt], (k: Buffer) => [mine(k), scrypt, scrypt]]) {
      expect(outcome(sealed(stanzas), [identity])).toBe(REFUSED);
    }
    expectRefused(sealed(() => [scrypt]));
  });

  test('a malformed header line: version, CR, stanza opening, argument, closing line', () => {
    const header = file.subarray(0, start).toString('latin1');
    const edited = (f: (h: string) => string) => armorOf(Buffer.concat([Buffer.from(f(header), 'latin1'), file.subarray(start)]));
    expectOpens(edited(h => h), bytes(2 * CHUNK + 17));
    for (const f of [
      (h: string) => h.replace('age-encryption.org/v1', 'age-encryption.org/v2'),
      (h: string) => h.replace('\n', '\r\n'),
      (h: string) => h.replace('\n---', '\r\n---'),
      (h: string) => h.replace('-> X25519', '->  X25519'),
      (h: string) => h.replace('-> X25519', '->X25519'),
      (h: string) => h.replace('--- ', '---  '),
      (h: string) => h.replace(/\n$/, ' \n'),
      (h: string) => h.replace('--- ', '---'),
    ]) {
      expectRefused(edited(f));
    }
    expectRefused(sealed(k => ['-> gr\u00e9ase\n', mine(k)]));
    expectRefused(sealed(k => ['->\n', mine(k)]));
    expectRefused(sealed(k => ['-> \n', mine(k)]));
  });

  test('bad armor refused; what armor.go accepts (CRLF, blank lines around, a full last line, no final newline) opens', () => {
    const lines = ciphertext.split('\n');
    // 40 bytes make a 240-byte file (168 of header, 72 of payload): five full 64-column armor lines.
    const fullLast = ageEncrypt(recipient, bytes(40));
    expect(fullLast.split('\n').slice(1, -2).map(l => l.length)).toEqual([64, 64, 64, 64, 64]);
    for (const text of [ciphertext.replace(/\n/g, '\r\n'), `\n \n\t\n${ciphertext}\n  \n`, ciphertext.trimEnd(), fullLast]) {
      expect(bothPaths(text)).toMatch(/^plaintext /);
    }
    for (const text of [
      ciphertext.replace('-----BEGIN AGE ENCRYPTED FILE-----', '-----BEGIN AGE FILE-----'),
      ciphertext.replace('-----END AGE ENCRYPTED FILE-----', ''),
      ciphertext.replace(/\n(.)/, '\n\n$1'),
      [lines[0], lines.slice(1, 3).join(''), ...lines.slice(3)].join('\n'),
      [lines[0], lines[1].slice(0, 60), lines[1].slice(60), ...lines.slice(2)].join('\n'),
      ciphertext.replace(/=*\n-----END/, '\n-----END'),
      `${ciphertext}garbage\n`,
      `garbage\n${ciphertext}`,
      ciphertext.replace(/\n/, '\nVersion: 1\n\n'),
      ciphertext.replace(/A/, '*'),
      ciphertext.replace(/\n-----END/, '\n=\n-----END'),
      ciphertext.toLowerCase(),
    ]) {
      expectRefused(text);
    }
    expectRefused(armorOf(Buffer.alloc(0)));
    // A 64-column line with padding carries less than 48 bytes, so it is the last line (armor.go decodes
    // each line and ends the body at the first short one): it opens alone and is refused before more lines.
    const paddedLast = ageEncrypt(recipient, bytes(38));
    const body = paddedLast.split('\n').slice(1, -2);
    expect(body[body.length - 1]).toMatch(/^[A-Za-z0-9+/]{62}==$/);
    expectOpens(paddedLast, bytes(38));
    expectRefused(paddedLast.replace(/==\n-----END/, '==\nAAAA\n-----END'));
    // Padding inside a full line: not canonical, whatever follows.
    expectRefused(paddedLast.replace(/\n(.{30})./, '\n$1='));
  });

  test('where age is stricter than age-encryption 0.3.1 (the worker), the in-process path refuses as age, and so SOPS, does', () => {
    const refusedByAgeOnly = (text: string, plaintext: Buffer) => {
      expect(outcome(text, [identity])).toBe(REFUSED);
      expect(outcome(text, [identity, toWorker])).toBe(opened(plaintext));
    };
    // FiloSottile/age armor/armor.go compares the BEGIN and END lines exactly and allows less than 1024 bytes of
    // whitespace around them; age-encryption's armor.decode trims the whole text first.
    for (const text of [` ${ciphertext}`, ciphertext.replace(/-----\n$/, '----- \n'), `${ciphertext}${' '.repeat(1024)}`, `${'\n'.repeat(1025)}${ciphertext}`]) {
      refusedByAgeOnly(text, bytes(2 * CHUNK + 17));
    }
    // The spec's "scrypt recipient stanza" (an scrypt stanza MUST be alone; FiloSottile/age scrypt.go), which
    // age-encryption's X25519 identity does not check.
    const scrypt = `-> scrypt ${rawB64(bytes(16))} 10\n${rawB64(bytes(32))}`;
    refusedByAgeOnly(sealed(k => [scrypt, mine(k)]), bytes(32));
    refusedByAgeOnly(sealed(k => [mine(k), scrypt, scrypt]), bytes(32));
  });

  test('randomly damaged files: the same outcome in-process and through the worker (fast-check)', () => {
    const small = unarmor(ageEncrypt(recipient, bytes(40)));
    const pieces = ['\n', ' ', '\r', '-> ', '---', '=', 'A', '\u0000', '-> grease\n\n'];
    fc.assert(fc.property(fc.nat(small.length), fc.constantFrom(...pieces), fc.integer({ min: 0, max: 2 }), (at, piece, op) => {
      const text = small.toString('latin1');
      const after = [at, at + 1, at + piece.length][op];
      const damaged = text.slice(0, at) + (op === 1 ? '' : piece) + text.slice(after);
      bothPaths(armorOf(Buffer.from(damaged, 'latin1')));
    }), { numRuns: 150 });
  });
});
