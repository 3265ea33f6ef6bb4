import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { expectValidManifests, knownKinds, manifestProblems } from './schema';

const role = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name: 'r', namespace: 'payments' },
  rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['a'], verbs: ['get'] }],
};

describe('schema validation helper', () => {
  test('a valid core object passes against Kubernetes 1.27 and 1.28', () => {
    expect(manifestProblems(role)).toEqual([]);
    expect(() => expectValidManifests([role])).not.toThrow();
  });

  test('an unknown field fails (strict, like kubeconform -strict)', () => {
    const typo = { ...role, rules: [{ ...role.rules[0], resourceName: ['a'] }] };
    const problems = manifestProblems(typo);
    expect(problems.some(p => p.includes('[kubernetes 1.27]') && p.includes('(resourceName)'))).toBe(true);
    expect(problems.some(p => p.includes('[kubernetes 1.28]') && p.includes('(resourceName)'))).toBe(true);
  });

  test('a wrong type fails', () => {
    const bad = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' }, automountServiceAccountToken: 'false' };
    expect(manifestProblems(bad).join('\n')).toMatch(/automountServiceAccountToken must be boolean/);
  });

  test('an unknown kind fails instead of passing silently', () => {
    expect(manifestProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }))
      .toEqual(['example.com/v1/Widget -/w: no vendored schema for apiVersion example.com/v1 kind Widget; vendor its CRD into test/fixtures/schemas']);
    expect(() => expectValidManifests([])).toThrow('no manifests to validate');
  });

  test('a CRD version that is no longer served fails (ESO v1beta1)', () => {
    const es = { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'x' }, spec: {} };
    expect(manifestProblems(es)[0]).toMatch(/external-secrets.io\/v1beta1 ExternalSecret is not served .* \(served: v1\)/);
  });

  test('custom kinds are checked against their CRD, metadata against ObjectMeta', () => {
    const ok = {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 's', namespace: 'n' },
      spec: { encryptedData: { k: 'AgB=' } },
    };
    expect(manifestProblems(ok)).toEqual([]);
    expect(manifestProblems({ ...ok, metadata: { name: 's', labels: { a: 1 } } }).join('\n')).toMatch(/\/metadata\/labels\/a must be string/);
    expect(manifestProblems({ ...ok, spec: { encryptedData: { k: 'x' }, encrypted: {} } }).join('\n')).toMatch(/\(encrypted\)/);
  });

  test('a missing name fails', () => {
    expect(manifestProblems({ ...role, metadata: { namespace: 'payments' } })).toContain('rbac.authorization.k8s.io/v1/Role payments/?: metadata.name is required');
  });

  test('Go (RE2) patterns with an inline (?i) flag are honoured case-insensitively', () => {
    const rule = (strategy: string) => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'r', namespace: 'monitoring' },
      spec: { groups: [{ name: 'g', partial_response_strategy: strategy, rules: [{ alert: 'A', expr: 'vector(1)' }] }] },
    });
    expect(manifestProblems(rule('WARN'))).toEqual([]);
    expect(manifestProblems(rule('abort'))).toEqual([]);
    expect(manifestProblems(rule('ignore')).join('\n')).toContain('partial_response_strategy must match pattern');
  });

  test('knows the core and custom kinds the library emits', () => {
    const kinds = knownKinds();
    for (const k of [
      'v1/Secret', 'v1/ServiceAccount', 'rbac.authorization.k8s.io/v1/Role', 'rbac.authorization.k8s.io/v1/RoleBinding',
      'apps/v1/Deployment', 'networking.k8s.io/v1/NetworkPolicy', 'external-secrets.io/v1/ExternalSecret',
      'external-secrets.io/v1/SecretStore', 'external-secrets.io/v1/ClusterSecretStore', 'bitnami.com/v1alpha1/SealedSecret',
      'monitoring.coreos.com/v1/PrometheusRule', 'secrets-store.csi.x-k8s.io/v1/SecretProviderClass',
      'kustomize.toolkit.fluxcd.io/v1/Kustomization', 'secrets.infisical.com/v1alpha1/InfisicalSecret',
    ]) {
      expect(kinds).toContain(k);
    }
  });

  test('the vendored fixtures are the upstream bytes listed in SOURCES.md', () => {
    const dir = path.join(__dirname, '..', 'fixtures');
    const sources = fs.readFileSync(path.join(dir, 'SOURCES.md'), 'utf8');
    const lines = [...sources.matchAll(/^([0-9a-f]{64}) {2}(\S+)$/gm)];
    expect(lines.length).toBeGreaterThanOrEqual(11);
    for (const [, sha, file] of lines) {
      expect({ file, sha: createHash('sha256').update(fs.readFileSync(path.join(dir, file))).digest('hex') }).toEqual({ file, sha });
    }
  });
});
