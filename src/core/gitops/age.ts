import * as path from 'path';
import { ValidationError, q, typeOf } from '../errors';
import { checkList } from '../validate/values';

/**
 * The age operations the library needs, made synchronous: the `age-encryption` package (the TypeScript
 * implementation by age's author) runs in a worker thread that the caller waits for (synckit).
 */
type AgeWorker = (op: string, args: Record<string, unknown>) => unknown;
let worker: AgeWorker | undefined;

function run(op: string, args: Record<string, unknown>): unknown {
  if (!worker) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createSyncFn } = require('synckit') as typeof import('synckit');
    worker = createSyncFn(path.join(__dirname, '..', '..', '..', 'assets', 'age-worker.mjs')) as AgeWorker;
  }
  return worker(op, args);
}

const RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;
const IDENTITY = /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/;

/**
 * Check an age X25519 recipient (`age1...`). SOPS 3.8 to 3.13 and Flux accept only X25519 recipients.
 * @internal
 */
export function checkAgeRecipient(component: string, prop: string, recipient: unknown): string {
  if (typeof recipient !== 'string' || !RECIPIENT.test(recipient)) {
    throw new ValidationError(component, prop, `${q(recipient)} is not an age X25519 recipient; expected "age1" followed by 58 bech32 characters (the public key printed by age-keygen).`);
  }
  return recipient;
}

/**
 * Check an age identity (`AGE-SECRET-KEY-1...`) without ever echoing it.
 * @internal
 */
export function checkAgeIdentity(component: string, prop: string, identity: unknown): string {
  if (typeof identity !== 'string' || !IDENTITY.test(identity)) {
    throw new ValidationError(component, prop, `is not an age identity (AGE-SECRET-KEY-1 followed by 58 bech32 characters); received ${typeOf(identity)}; the key itself is not echoed.`);
  }
  return identity;
}

/**
 * Run an age operation; its errors (which may quote a key: the bech32 decoder's "Invalid checksum in
 * <key>") become a ValidationError with a fixed text.
 */
function guarded<T>(component: string, prop: string, detail: string, op: () => T): T {
  try {
    return op();
  } catch (e) {
    if (e instanceof ValidationError) {
      throw e;
    }
    throw new ValidationError(component, prop, detail);
  }
}

/** Encrypt bytes to one age recipient; returns the ASCII-armored age file. */
export function ageEncrypt(recipient: string, plaintext: Uint8Array): string {
  checkAgeRecipient('ageEncrypt', 'recipient', recipient);
  if (!(plaintext instanceof Uint8Array)) {
    throw new ValidationError('ageEncrypt', 'plaintext', `must be bytes (a Buffer or Uint8Array); received ${typeOf(plaintext)}.`);
  }
  return guarded('ageEncrypt', 'recipient', 'is not a valid age X25519 recipient (bad checksum or encoding); check the public key printed by age-keygen.', () => run('encrypt', { recipient, plaintext }) as string);
}

/**
 * Encrypt the same bytes to each of several recipients in one worker round trip; returns one armored age
 * file per recipient, in order. SOPS encrypts a document's data key to every recipient this way.
 * @internal
 */
export function ageEncryptMany(recipients: readonly string[], plaintext: Uint8Array): string[] {
  recipients.forEach((r, i) => checkAgeRecipient('ageEncrypt', `recipients[${i}]`, r));
  if (!(plaintext instanceof Uint8Array)) {
    throw new ValidationError('ageEncrypt', 'plaintext', `must be bytes (a Buffer or Uint8Array); received ${typeOf(plaintext)}.`);
  }
  if (recipients.length === 0) {
    return [];
  }
  return guarded('ageEncrypt', 'recipient', 'is not a valid age X25519 recipient (bad checksum or encoding); check the public key printed by age-keygen.',
    () => run('encryptMany', { recipients: [...recipients], plaintext }) as string[]);
}

/** Decrypt an ASCII-armored age file with any of the given identities (`AGE-SECRET-KEY-1...`). */
export function ageDecrypt(armored: string, identities: string[]): Buffer {
  if (!Array.isArray(identities) || identities.length === 0) {
    throw new ValidationError('ageDecrypt', 'identities', 'is empty; give the age identities (AGE-SECRET-KEY-1...) that may decrypt; they are not echoed.');
  }
  checkList('ageDecrypt', 'identities', identities, 'an age identity (AGE-SECRET-KEY-1...)').forEach((id, i) => checkAgeIdentity('ageDecrypt', `identities[${i}]`, id));
  if (typeof armored !== 'string') {
    throw new ValidationError('ageDecrypt', 'armored', `must be the text of an armored age file; received ${typeOf(armored)}.`);
  }
  return guarded('ageDecrypt', 'armored', 'does not decrypt with these identities (not an age file for any of their recipients, or a damaged one); the identities are not echoed.',
    () => Buffer.from(run('decrypt', { armored, identities }) as Uint8Array));
}

/** The recipient (public key) of an age identity. */
export function ageRecipientOf(identity: string): string {
  checkAgeIdentity('ageRecipientOf', 'identity', identity);
  return guarded('ageRecipientOf', 'identity', 'is not a valid age identity (bad checksum or encoding); the key itself is not echoed.', () => run('recipient', { identity }) as string);
}

/** A new age X25519 key pair (for tests and tooling). */
export function ageKeygen(): { identity: string; recipient: string } {
  return run('keygen', {}) as { identity: string; recipient: string };
}

/**
 * The identities in an age key file (`AGE-SECRET-KEY-1...` lines; comments and blank lines ignored). Each
 * is checked, checksum included; a bad line is named by its number, never echoed.
 */
export function parseAgeIdentities(text: string): string[] {
  if (typeof text !== 'string') {
    throw new ValidationError('parseAgeIdentities', 'text', `must be the text of an age key file; received ${typeOf(text)}.`);
  }
  const lines = text.split(/\r?\n/).map((l, i) => [i + 1, l.trim()] as const).filter(([, l]) => l.length > 0 && !l.startsWith('#'));
  for (const [line, id] of lines) {
    if (!IDENTITY.test(id)) {
      throw new ValidationError('parseAgeIdentities', `line ${line}`, 'is not an age identity (AGE-SECRET-KEY-1...); the key itself is not echoed.');
    }
    guarded('parseAgeIdentities', `line ${line}`, 'is not a valid age identity (bad checksum or encoding); the key itself is not echoed.', () => run('recipient', { identity: id }));
  }
  return lines.map(([, id]) => id);
}
