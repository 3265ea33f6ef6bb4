/**
 * The schema cache (standalone validators written once, test/helpers/schema.ts) must validate exactly
 * as validators compiled in memory from the fixtures do: same kinds, same refusals, same problems, for
 * valid and invalid objects that exercise properties, strictness, refs, Go `(?i)` patterns, formats and
 * lengths (what the standalone code requires from outside: goRegExp, ajv-formats, ajv's runtime). The
 * two SecretStore kinds are left out: compiling them in memory costs seconds, and they need nothing the
 * samples below do not exercise.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isCacheEntry, knownKinds, liveKnownKinds, liveManifestProblems, manifestProblems } from './schema';
import { writeAtomically } from './tmp-cache.cjs';

const meta = { name: 'x', namespace: 'n', labels: { app: 'a' } };
const badMeta = { name: 'x', labels: { a: 1 }, creationTimestamp: 'yesterday', bogus: true };

const manifests: unknown[] = [
  { apiVersion: 'v1', kind: 'Secret', metadata: meta, type: 'Opaque', stringData: { k: 'v' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: badMeta, data: { k: 1, pem: '-----BEGIN CERTIFICATE-----' }, immutable: 'yes' },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta, automountServiceAccountToken: false },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { namespace: 'n' }, automountServiceAccountToken: 'false' },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: meta,
    rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['a'], verbs: ['get'] }, { resourceName: ['a'] }],
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta,
    spec: {
      replicas: '2',
      selector: { matchLabels: { app: 'a' } },
      template: {
        metadata: { labels: { app: 'a' } },
        spec: {
          containers: [
            { name: 'c', image: 'i', ports: [{ containerPort: 'http' }], resources: { limits: { cpu: 1, memory: '1Gi' } } },
            { name: 'd', livenessProbe: { httpGet: { port: 8080 } }, readinessProbe: { httpGet: { port: 'http' } }, volumeMounts: [{ name: 'v' }] },
          ],
          volumes: [{ name: 'v', secret: { secretName: 's', defaultMode: 0o400, items: [{ key: 'k' }] } }],
        },
      },
    },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta,
    spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: 'x' } }], ports: [{ port: 443 }, { port: 'https' }, { port: true }] }] },
  },
  {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: meta,
    spec: { secretStoreRef: { name: 's'.repeat(254), kind: 'Vault' }, target: { creationPolicy: 'Owner', deletionPolicy: 'Nope' }, data: [{ secretKey: 'k', remoteRef: { key: 'r' } }, { secretKey: 1 }] },
    status: { refreshTime: '2024-01-01T00:00:00Z', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: 'not a date' }] },
  },
  { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: meta, spec: {} },
  { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: meta, spec: { encryptedData: { k: 'AgB=' }, template: { type: 1 } } },
  {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: meta,
    spec: {
      groups: [
        { name: 'g', partial_response_strategy: 'WARN', rules: [{ alert: 'A', expr: 'vector(1)', for: '5m' }] },
        { name: 'h', partial_response_strategy: 'ignore', interval: 'often', rules: [{ expr: 1 }] },
      ],
    },
  },
  {
    apiVersion: 'secrets-store.csi.x-k8s.io/v1',
    kind: 'SecretProviderClass',
    metadata: meta,
    spec: { provider: 'aws', parameters: { objects: 1 }, secretObjects: [{ secretName: 's', type: 'Opaque', data: [{ key: 'k', objectName: 'o' }] }] },
  },
  {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: meta,
    spec: { interval: '10m', path: './', prune: true, sourceRef: { kind: 'GitRepository', name: 'r' }, decryption: { provider: 'kms' }, timeout: 'x' },
  },
  {
    apiVersion: 'secrets.infisical.com/v1alpha1',
    kind: 'InfisicalSecret',
    metadata: meta,
    spec: { hostAPI: 'https://app.infisical.com/api', resyncInterval: '60', managedSecretReference: { secretName: 's', secretNamespace: 'n' } },
  },
  { apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta },
  { kind: 'Secret', metadata: meta },
  { apiVersion: 'v1', kind: 'Secret', metadata: meta, sops: { mac: 'ENC[...]' }, data: { k: 'ENC[AES256_GCM,data:...]' } },
];

describe('schema cache', () => {
  test('knows the same kinds as the validators compiled in memory', () => {
    expect(knownKinds()).toEqual(liveKnownKinds());
  });

  test.each(manifests.map((m, i) => [i, m] as const))('manifest %i: same problems as the validators compiled in memory', (_i, manifest) => {
    expect(manifestProblems(manifest)).toEqual(liveManifestProblems(manifest));
  });

  test('the samples exercise failures, not only valid objects', () => {
    const failing = manifests.filter(m => manifestProblems(m).length > 0).length;
    expect(failing).toBeGreaterThanOrEqual(11);
    const all = manifests.flatMap(manifestProblems).join('\n');
    expect(all).toMatch(/\/data\/pem must match format "byte"/);
    expect(all).toMatch(/lastTransitionTime must match format "date-time"/);
    expect(all).toMatch(/partial_response_strategy must match pattern/);
    expect(all).toMatch(/secretStoreRef\/name must NOT have more than 253 characters/);
  });
});

describe('schema cache pruning', () => {
  test('owns a key\'s directory and the temporary copy a killed writer leaves, nothing else', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-schema-prune-'));
    try {
      const key = '0123456789abcdef01234567';
      let tmp = '';
      writeAtomically(path.join(root, key), t => {
        tmp = path.basename(t);
        fs.mkdirSync(t);
      });
      expect(tmp).toMatch(new RegExp(`^${key}\\.tmp-`));
      expect(isCacheEntry(key)).toBe(true);
      expect(isCacheEntry(tmp)).toBe(true);
      for (const foreign of ['README.md', `${key}0`, `${key}.bak`, `${key}.tmp-x`, key.toUpperCase(), `.${key}`]) {
        expect([foreign, isCacheEntry(foreign)]).toEqual([foreign, false]);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
