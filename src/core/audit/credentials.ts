/**
 * Credential patterns in plain string values, found by secretlint (`@secretlint/core` with
 * `@secretlint/secretlint-rule-preset-recommend`) rather than hand-written regexes. secretlint is an ES
 * module with an async API; it runs in a worker thread behind one synchronous call per audit (synckit),
 * so cdk8s validations and jest matchers, which are synchronous, can use it. Only the rule and message
 * ids come back: secretlint's message text quotes the credential and is never read.
 * @module
 */
import * as path from 'path';
import { CredentialHit } from './types';

type Worker = (values: string[]) => Array<{ index: number; ruleId: string; messageId: string }>;
let worker: Worker | undefined;

/** Values shorter than this hold no credential secretlint knows (the shortest are 20+ characters). */
const MIN_LENGTH = 12;

/**
 * Scan string values for credentials; returns the hits of each value, by index of `values`.
 * @internal
 */
export function scanCredentials(values: readonly string[]): Map<number, CredentialHit[]> {
  const indexes: number[] = [];
  const texts: string[] = [];
  values.forEach((v, i) => {
    if (v.length >= MIN_LENGTH) {
      indexes.push(i);
      texts.push(v);
    }
  });
  const out = new Map<number, CredentialHit[]>();
  if (texts.length === 0) {
    return out;
  }
  if (!worker) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createSyncFn } = require('synckit') as typeof import('synckit');
    worker = createSyncFn(path.join(__dirname, '..', '..', '..', 'assets', 'secretlint-worker.mjs')) as Worker;
  }
  for (const hit of worker(texts)) {
    const i = indexes[hit.index];
    const hits = out.get(i) ?? [];
    if (!hits.some(h => h.ruleId === hit.ruleId && h.messageId === hit.messageId)) {
      hits.push({ ruleId: hit.ruleId, messageId: hit.messageId });
    }
    out.set(i, hits);
  }
  return out;
}

/** A credential hit as a message names it: `GITHUB_TOKEN (secretlint-rule-github)`. @internal */
export function describeCredential(hits: readonly CredentialHit[]): string {
  return hits.map(h => `${h.messageId || 'credential'} (${h.ruleId.replace(/^@secretlint\//, '')})`).join(', ');
}
