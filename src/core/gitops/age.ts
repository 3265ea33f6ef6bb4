import * as path from 'path';
import { ValidationError, q } from '../errors';

/**
 * The age operations the library needs, made synchronous: the `age-encryption` package (the TypeScript
 * implementation by age's author) runs in a worker thread that the caller waits for (synckit).
 */
type AgeWorker = (op: string, args: Record<string, unknown>) => any;
let worker: AgeWorker | undefined;

function run(op: string, args: Record<string, unknown>): any {
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

/** Encrypt bytes to one age recipient; returns the ASCII-armored age file. */
export function ageEncrypt(recipient: string, plaintext: Uint8Array): string {
  return run('encrypt', { recipient, plaintext });
}

/** Decrypt an ASCII-armored age file with any of the given identities (`AGE-SECRET-KEY-1...`). */
export function ageDecrypt(armored: string, identities: string[]): Buffer {
  return Buffer.from(run('decrypt', { armored, identities }) as Uint8Array);
}

/** The recipient (public key) of an age identity. */
export function ageRecipientOf(identity: string): string {
  return run('recipient', { identity });
}

/** A new age X25519 key pair (for tests and tooling). */
export function ageKeygen(): { identity: string; recipient: string } {
  return run('keygen', {});
}

/**
 * The identities in an age key file (`AGE-SECRET-KEY-1...` lines; comments and blank lines ignored).
 */
export function parseAgeIdentities(text: string): string[] {
  const identities = text.split(/\r?\n/).map(l => l.trim()).filter(l => l.length > 0 && !l.startsWith('#'));
  identities.forEach((id, i) => {
    if (!IDENTITY.test(id)) {
      throw new ValidationError('parseAgeIdentities', `line ${i + 1}`, 'is not an age identity (AGE-SECRET-KEY-1...); the key itself is not echoed.');
    }
  });
  return identities;
}
