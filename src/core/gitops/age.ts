import * as path from 'path';
import { ValidationError, q, typeOf } from '../errors';
import { ageDecryptX25519, ageEncryptX25519, x25519Keygen, x25519RecipientKey, x25519RecipientOf } from './age-x25519';
import { checkList, optIn } from '../validate/values';

/**
 * The age operations the library needs, made synchronous. Encryption to X25519 recipients (every SOPS data
 * key for an `age1...` recipient), decryption with X25519 identities, X25519 key generation and an X25519
 * identity's recipient run in-process (./age-x25519.ts); post-quantum keys, and decryption when any
 * identity is post-quantum, use the `age-encryption` package (the TypeScript implementation by age's
 * author) in a worker thread that the caller waits for (synckit), started on first use (~350 ms in a
 * fresh process, which the CLI's `sops decrypt` with X25519 keys no longer pays).
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

/** An X25519 recipient: `age1` and 58 bech32 characters (a 32-byte key). */
const RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;
/**
 * A post-quantum hybrid (ML-KEM-768 + X25519) recipient: `age1pq1` and 1952 bech32 characters (a
 * 1216-byte key), as age v1.3 and the installed `age-encryption` (typage 0.3, `HybridRecipient`) write it.
 */
const PQ_RECIPIENT = /^age1pq1[02-9ac-hj-np-z]{1952}$/;
const IDENTITY = /^AGE-SECRET-KEY-(?:PQ-)?1[02-9AC-HJ-NP-Z]{58}$/;
/** The refusals of a recipient or identity that has the right form but does not decode; neither echoes a key. */
const BAD_RECIPIENT = 'is not a valid age recipient (bad checksum or encoding); check the public key printed by age-keygen.';
const BAD_IDENTITY = 'is not a valid age identity (bad checksum or encoding); the key itself is not echoed.';

/**
 * Where a post-quantum recipient is accepted. SOPS reads `age1pq1` recipients and `AGE-SECRET-KEY-PQ-1`
 * identities since v3.12.0 (getsops/sops `CHANGELOG.md` 3.12.0 "Age: support hybrid post-quantum
 * identities", `age/keysource.go` `case strings.HasPrefix(recipient, "age1pq1")`); Flux's
 * kustomize-controller embeds SOPS v3.13.1 since v1.9.0 (its `go.mod`) and tests a post-quantum file
 * (`internal/controller/testdata/sops/algorithms/age-pq.yaml`). The age CLI writes them since v1.3.0.
 */
export const AGE_PQ_SUPPORT = 'SOPS 3.12.0 or later, Flux kustomize-controller v1.9.0 or later, the age CLI v1.3.0 or later';

/**
 * Check an age recipient: X25519 (`age1...`, what every SOPS and Flux version reads) or post-quantum
 * hybrid (`age1pq1...`, which needs {@link AGE_PQ_SUPPORT} on every machine that decrypts). Tag and
 * plugin recipients (`age1tag1...`, `age1<plugin>1...`) are refused: SOPS's age key source reads
 * neither.
 * @internal
 */
export function checkAgeRecipient(component: string, prop: string, recipient: unknown): string {
  if (typeof recipient === 'string' && (RECIPIENT.test(recipient) || PQ_RECIPIENT.test(recipient))) {
    return recipient;
  }
  if (typeof recipient === 'string' && recipient.startsWith('age1pq1')) {
    throw new ValidationError(component, prop, `${q(`${recipient.slice(0, 20)}...`)} is not a valid post-quantum age recipient: expected "age1pq1" followed by 1952 bech32 characters (received ${recipient.length - 7}); copy the whole public key printed by age-keygen -pq.`);
  }
  if (typeof recipient === 'string' && /^age1[a-z0-9]+1/.test(recipient) && !RECIPIENT.test(recipient)) {
    throw new ValidationError(component, prop, `${q(recipient.length > 40 ? `${recipient.slice(0, 40)}...` : recipient)} is a tag or plugin age recipient, which SOPS cannot use; give an X25519 ("age1...") or post-quantum ("age1pq1...") recipient.`);
  }
  throw new ValidationError(component, prop, `${q(recipient)} is not an age recipient; expected "age1" followed by 58 bech32 characters (X25519, the public key printed by age-keygen), or a post-quantum "age1pq1..." recipient (age-keygen -pq; decrypting needs ${AGE_PQ_SUPPORT}).`);
}

/**
 * Check an age identity (`AGE-SECRET-KEY-1...` or post-quantum `AGE-SECRET-KEY-PQ-1...`) without ever
 * echoing it.
 * @internal
 */
export function checkAgeIdentity(component: string, prop: string, identity: unknown): string {
  if (typeof identity !== 'string' || !IDENTITY.test(identity)) {
    throw new ValidationError(component, prop, `is not an age identity (AGE-SECRET-KEY-1 or AGE-SECRET-KEY-PQ-1 followed by 58 bech32 characters); received ${typeOf(identity)}; the key itself is not echoed.`);
  }
  return identity;
}

/** A post-quantum hybrid identity (`AGE-SECRET-KEY-PQ-1...`), which only the worker reads. */
function isPostQuantumIdentity(identity: string): boolean {
  return identity.startsWith('AGE-SECRET-KEY-PQ-');
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
  return encryptTo([recipient], plaintext, () => 'recipient')[0];
}

/**
 * One armored age file per recipient, in order: X25519 recipients in-process, post-quantum ones in one
 * worker round trip. The recipients are already checked for their form; the plaintext's type and a bad
 * checksum are refused here.
 */
function encryptTo(recipients: readonly string[], plaintext: Uint8Array, prop: (i: number) => string): string[] {
  if (!(plaintext instanceof Uint8Array)) {
    throw new ValidationError('ageEncrypt', 'plaintext', `must be bytes (a Buffer or Uint8Array); received ${typeOf(plaintext)}.`);
  }
  const out: string[] = new Array<string>(recipients.length);
  const pq: number[] = [];
  recipients.forEach((r, i) => {
    if (RECIPIENT.test(r)) {
      // A bad checksum, or a low-order key (an all-zero shared secret), is refused with the same text.
      out[i] = guarded('ageEncrypt', prop(i), BAD_RECIPIENT, () => ageEncryptX25519(x25519RecipientKey(r), plaintext));
    } else {
      pq.push(i);
    }
  });
  if (pq.length > 0) {
    const armored = guarded('ageEncrypt', prop(pq[0]), BAD_RECIPIENT,
      () => run('encryptMany', { recipients: pq.map(i => recipients[i]), plaintext }) as string[]);
    // Strings of this realm: the worker's reply is an array of the main Node realm, which code that tests
    // `instanceof Array` (Pulumi's input serialization, under a jest or vm context) reads as an object.
    pq.forEach((i, k) => {
      out[i] = String(armored[k]);
    });
  }
  return out;
}

/**
 * Encrypt the same bytes to each of several recipients (post-quantum ones in one worker round trip); returns
 * one armored age file per recipient, in order. SOPS encrypts a document's data key to every recipient this way.
 * @internal
 */
export function ageEncryptMany(recipients: readonly string[], plaintext: Uint8Array): string[] {
  recipients.forEach((r, i) => checkAgeRecipient('ageEncrypt', `recipients[${i}]`, r));
  return encryptTo(recipients, plaintext, i => `recipients[${i}]`);
}

/** Decrypt an ASCII-armored age file with any of the given identities (`AGE-SECRET-KEY-1...`, `AGE-SECRET-KEY-PQ-1...`). */
export function ageDecrypt(armored: string, identities: string[]): Buffer {
  if (!Array.isArray(identities) || identities.length === 0) {
    throw new ValidationError('ageDecrypt', 'identities', 'is empty; give the age identities (AGE-SECRET-KEY-1...) that may decrypt; they are not echoed.');
  }
  checkList('ageDecrypt', 'identities', identities, 'an age identity (AGE-SECRET-KEY-1...)').forEach((id, i) => checkAgeIdentity('ageDecrypt', `identities[${i}]`, id));
  if (typeof armored !== 'string') {
    throw new ValidationError('ageDecrypt', 'armored', `must be the text of an armored age file; received ${typeOf(armored)}.`);
  }
  // X25519 identities only: in-process. A post-quantum one among them: the worker, which tries them in order.
  // A file only a post-quantum identity opens fails either way with X25519 identities alone.
  const inProcess = identities.every(id => !isPostQuantumIdentity(id));
  return guarded('ageDecrypt', 'armored', 'does not decrypt with these identities (not an age file for any of their recipients, or a damaged one); the identities are not echoed.',
    () => (inProcess ? ageDecryptX25519(armored, identities) : Buffer.from(run('decrypt', { armored, identities }) as Uint8Array)));
}

/** The recipient (public key) of an age identity. */
export function ageRecipientOf(identity: string): string {
  checkAgeIdentity('ageRecipientOf', 'identity', identity);
  return guarded('ageRecipientOf', 'identity', BAD_IDENTITY, () => recipientOf(identity));
}

/** An identity's recipient: X25519 in-process, post-quantum in the worker. The identity is already checked for its form. */
function recipientOf(identity: string): string {
  return isPostQuantumIdentity(identity) ? run('recipient', { identity }) as string : x25519RecipientOf(identity);
}

/**
 * A new age key pair (for tests and tooling): X25519, or post-quantum hybrid with `{ postQuantum: true }`
 * (decrypting then needs {@link AGE_PQ_SUPPORT}).
 */
export function ageKeygen(options: { readonly postQuantum?: boolean } = {}): { identity: string; recipient: string } {
  const postQuantum = optIn('ageKeygen', 'postQuantum', options?.postQuantum);
  return postQuantum ? run('keygen', {}) as { identity: string; recipient: string } : x25519Keygen();
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
      throw new ValidationError('parseAgeIdentities', `line ${line}`, 'is not an age identity (AGE-SECRET-KEY-1... or AGE-SECRET-KEY-PQ-1...); the key itself is not echoed.');
    }
    guarded('parseAgeIdentities', `line ${line}`, BAD_IDENTITY, () => recipientOf(id));
  }
  return lines.map(([, id]) => id);
}
