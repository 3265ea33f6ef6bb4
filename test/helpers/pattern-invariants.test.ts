/**
 * The pattern invariants helper can fail: each broken invariant is reported, a clean output is not.
 */
import * as kplus from 'cdk8s-plus-27';
import { synthValid, testChart } from './cdk8s';
import { patternInvariantProblems } from './pattern-invariants';
import { manifestKey, normaliseManifests } from './pattern-parity';
import * as cdk8s from '../../src';

function clean(): any[] {
  const chart = testChart();
  const sa = new cdk8s.SecureServiceAccount(chart, 'sa', { name: 'api' });
  const d = new kplus.Deployment(chart, 'api', {
    metadata: { name: 'api' },
    serviceAccount: sa,
    automountServiceAccountToken: false,
    securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
    containers: [{ name: 'api', image: 'registry.example.com/api:1.0.0' }],
  });
  cdk8s.mountSecret(d, 'db.credentials', { path: '/etc/secrets/db' });
  new cdk8s.SecretReader(chart, 'reader', { serviceAccount: sa, secrets: ['db.credentials'] });
  new cdk8s.NamespaceIsolation(chart, 'iso');
  return synthValid(chart);
}

const edit = (manifests: any[], kind: string, f: (m: any) => void) => manifests.map(m => {
  const copy = JSON.parse(JSON.stringify(m));
  if (copy.kind === kind) {
    f(copy);
  }
  return copy;
});

describe('pattern invariants helper', () => {
  test('a clean output keeps every invariant', () => {
    expect(patternInvariantProblems(clean())).toEqual([]);
  });

  test('list on Secrets, a rule without resourceNames, a wildcard name', () => {
    const m = edit(clean(), 'Role', r => {
      r.rules = [
        { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'], resourceNames: ['x'] },
        { apiGroups: ['*'], resources: ['*'], verbs: ['get'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['db-*'] },
      ];
    });
    const problems = patternInvariantProblems(m).filter(p => p.startsWith('Role'));
    expect(problems).toEqual([
      expect.stringContaining('rules[0] grants ["list"] on Secrets'),
      expect.stringContaining('rules[1] on Secrets has no resourceNames'),
      expect.stringContaining('rules[2] on Secrets has a non-exact resourceName'),
    ]);
  });

  test('a ServiceAccount with its token automounted', () => {
    const m = edit(clean(), 'ServiceAccount', sa => {
      sa.automountServiceAccountToken = true;
    });
    expect(patternInvariantProblems(m)).toEqual(['ServiceAccount payments/api: automountServiceAccountToken is true, not false']);
  });

  test('a consumed Secret missing from the Reloader annotation, an inexact entry', () => {
    const m = edit(clean(), 'Deployment', d => {
      d.metadata.annotations['secret.reloader.stakater.com/reload'] = 'db.credentials';
    });
    expect(patternInvariantProblems(m)).toEqual([
      expect.stringContaining('Deployment payments/api: consumes ["db.credentials"]'),
      expect.stringContaining('lists ["db.credentials"], which match no Secret it consumes'),
    ]);
  });

  test('a namespace without default-deny, and one whose isolation an allow-all policy undoes', () => {
    const noIso = clean().filter(m => m.kind !== 'NetworkPolicy');
    expect(patternInvariantProblems(noIso)).toContain('namespace payments: no NetworkPolicy selects every pod for both Ingress and Egress (not default-deny)');
    const allowAll = [...clean(), { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'open', namespace: 'payments' }, spec: { podSelector: {}, egress: [{}], ingress: [{}], policyTypes: ['Ingress', 'Egress'] } }];
    expect(patternInvariantProblems(allowAll)).toEqual([
      'namespace payments: a pod without the pattern\'s labels may send to 203.0.113.99:8443',
      'namespace payments: a pod without the pattern\'s labels may send to a pod of another namespace',
      'namespace payments: a pod without the pattern\'s labels accepts connections from another namespace',
    ]);
  });

  test('a plaintext Secret, and a manifest the schema refuses', () => {
    const m = [...clean(), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'payments' }, stringData: { password: 'fake-not-a-secret' }, extra: 1 }];
    expect(patternInvariantProblems(m)).toEqual([
      'Secret payments/s: plaintext secret values in stringData.password',
      'v1/Secret payments/s [kubernetes 1.27] / must NOT have additional properties (extra)',
      'v1/Secret payments/s [kubernetes 1.28] / must NOT have additional properties (extra)',
    ]);
  });

  test('normaliseManifests drops the cdk8s address label and sorts', () => {
    const n = normaliseManifests(clean());
    expect(n.every(m => m.metadata.labels?.['cdk8s.io/metadata.addr'] === undefined)).toBe(true);
    const keys = n.map(manifestKey);
    expect(keys).toEqual([...keys].sort());
  });
});
