/**
 * Fixed probe sets that decide, by evaluation, whether a ClusterSecretStore condition or a
 * `dataFrom.find` filter restricts anything: an expression or selector that admits every probe admits
 * every namespace (or remote secret) for practical purposes, however it is spelled. The sets are
 * generated deterministically (same list on every run and machine) so a refusal is reproducible.
 */

/**
 * The label every namespace carries, set by the API server to the namespace's own name (Kubernetes 1.21+).
 * @internal
 */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** A small deterministic pseudo-random generator (Park-Miller), so the generated probes never change. */
function generator(seed: number): () => number {
  let state = seed % 2147483647;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

function pick(next: () => number, alphabet: string): string {
  return alphabet[Math.floor(next() * alphabet.length)];
}

// The probe lists are built on first use, not when the root entry is imported (issue 18).
let namespaceProbeList: readonly string[] | undefined;
let secretNameProbeList: readonly string[] | undefined;

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = LOWER + DIGITS;

/** A DNS-1123 label of `length` characters: alphanumeric ends, `-` allowed inside. */
function namespaceOfLength(next: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += i === 0 || i === length - 1 ? pick(next, ALNUM) : pick(next, `${ALNUM}--`);
  }
  return out;
}

function buildNamespaceProbes(): readonly string[] {
  const next = generator(0x45534f);
  const probes = new Set<string>([
    // Every single character a namespace can be.
    ...ALNUM.split(''),
    // Names that exist in most clusters, and names a restriction usually means to keep out.
    'default', 'kube-system', 'kube-public', 'kube-node-lease', 'external-secrets', 'vault', 'argocd', 'flux-system',
    'monitoring', 'cert-manager', 'ingress-nginx', 'payments', 'orders', 'evil-payments-copy', 'payments-copy',
    'copy-of-payments', 'team-a', 'prod', 'staging', 'dev', 'test', 'sandbox', 'x', 'attacker', 'tmp-123',
    // Shapes: digits first, all digits, hyphens inside, the longest names.
    '0a', 'a0', '00', 'zz', 'a-b', '0-0', 'a--b', '1234567890', 'a'.repeat(63), '0'.repeat(63), `a${'-'.repeat(61)}a`,
    `${'z'.repeat(31)}-${'9'.repeat(31)}`,
  ]);
  // Three names of every length from 1 to 63, and 200 more of random length.
  for (let length = 1; length <= 63; length++) {
    for (let k = 0; k < 3; k++) {
      probes.add(namespaceOfLength(next, length));
    }
  }
  for (let k = 0; k < 200; k++) {
    probes.add(namespaceOfLength(next, 1 + Math.floor(next() * 63)));
  }
  return [...probes];
}

/**
 * Valid namespace names (DNS-1123 labels) that a restriction is evaluated against: every single
 * character, the system and well-known namespaces (`default`, `kube-system`, ...), near-miss names such
 * as `evil-payments-copy`, names of every length up to 63 and random names.
 * @internal
 */
export function namespaceProbes(): readonly string[] {
  namespaceProbeList ??= buildNamespaceProbes();
  return namespaceProbeList;
}

const SECRET_NAME_CHARS = `${LOWER}${LOWER.toUpperCase()}${DIGITS}/_+=.@-`;

function buildSecretNameProbes(): readonly string[] {
  const next = generator(0x66696e64);
  const probes = new Set<string>([
    // Single characters of the names AWS, Google, Azure and Vault accept.
    ...SECRET_NAME_CHARS.split(''),
    'db', 'DB', 'Db1', 'password', 'prod/payments/postgres', '/prod/payments/postgres', 'production/payments/postgres',
    'staging/orders/api-key', 'shared/root-ca', 'team_a.config', 'App-Config-1', 'a.b@c+d=e', 'x', 'X', '0', '_', 'kv/data/app',
    'a'.repeat(512), `${'A'.repeat(255)}/${'9'.repeat(255)}`,
  ]);
  for (let k = 0; k < 300; k++) {
    const length = 1 + Math.floor(next() * 64);
    let name = '';
    for (let i = 0; i < length; i++) {
      name += pick(next, SECRET_NAME_CHARS);
    }
    probes.add(name);
  }
  return [...probes];
}

/**
 * Remote secret names that a `dataFrom.find` name expression is evaluated against: single characters of
 * every class the providers accept, hierarchical paths with and without a leading `/`, long names and
 * random names.
 * @internal
 */
export function secretNameProbes(): readonly string[] {
  secretNameProbeList ??= buildSecretNameProbes();
  return secretNameProbeList;
}
