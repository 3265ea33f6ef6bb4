import { isSopsEncrypted } from './sops';

/**
 * The keys of a manifest that would put plaintext secret values into the output: the non-empty `data`
 * and `stringData` keys of a `v1` Secret, except SOPS-encrypted values (`ENC[...]`). Empty for any other
 * object, an empty Secret, or a fully SOPS-encrypted Secret.
 */
export function plaintextSecretKeys(manifest: unknown): string[] {
  const m = manifest as { apiVersion?: unknown; kind?: unknown; data?: unknown; stringData?: unknown };
  if (!m || typeof m !== 'object' || m.apiVersion !== 'v1' || m.kind !== 'Secret') {
    return [];
  }
  const sops = isSopsEncrypted(m);
  const keys: string[] = [];
  for (const field of ['data', 'stringData'] as const) {
    const values = m[field];
    if (values && typeof values === 'object') {
      for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
        const empty = value === '' || value === null || value === undefined;
        const encrypted = sops && typeof value === 'string' && value.startsWith('ENC[AES256_GCM,');
        if (!empty && !encrypted) {
          keys.push(`${field}.${key}`);
        }
      }
    }
  }
  return keys.sort();
}
