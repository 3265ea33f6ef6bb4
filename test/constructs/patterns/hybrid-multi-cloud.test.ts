import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { HybridMultiCloudSecrets } from '../../../src';
import { ofKind, only, synthValid } from '../../helpers/cdk8s';
import { connectionAllowed } from '../../helpers/netpol';
import { expectPatternInvariants } from '../../helpers/pattern-invariants';
import { normaliseManifests } from '../../helpers/pattern-parity';

const IRSA = 'arn:aws:iam::111122223333:role/eso-vault-payments';

function snippet(app: App, eksAuth = false) {
  // The snippet, as written (plus, optionally, AWS IAM auth on EKS).
  const hybrid = new HybridMultiCloudSecrets(app, 'hybrid', {
    vault: { address: 'https://vault.example.com:8200', kvPath: 'secret' },
    clusters: [
      { name: 'eks-prod', cloud: 'aws', ...(eksAuth ? { auth: { kind: 'aws-iam' as const, region: 'us-east-1', roleArns: { payments: IRSA } } } : {}) },
      { name: 'gke-prod', cloud: 'gcp' },
      { name: 'aks-prod', cloud: 'azure' },
    ],
  });
  hybrid.addSecret('payments', 'postgres-credentials', {
    remoteKey: 'payments/postgres',
    keys: { POSTGRES_PASSWORD: 'password' },
  });
  hybrid.addApp('payments', 'payment-api', { files: ['postgres-credentials'] });
  return hybrid;
}

/** Every leaf path where two JSON values differ. */
function diffPaths(a: any, b: any, at = ''): string[] {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap(k => diffPaths(a[k], b[k], `${at}.${k}`));
}

function byKey(manifests: any[]): Map<string, any> {
  return new Map(normaliseManifests(manifests).map(m => [`${m.kind} ${m.metadata.namespace ?? ''}/${m.metadata.name}`, m]));
}

/** How cluster `b` differs from cluster `a`: objects only in one, and the paths that differ in the others. */
function clusterDiff(a: any[], b: any[]): string[] {
  const ma = byKey(a);
  const mb = byKey(b);
  const out: string[] = [];
  for (const k of [...new Set([...ma.keys(), ...mb.keys()])].sort()) {
    if (!ma.has(k) || !mb.has(k)) {
      out.push(`${k} only in ${ma.has(k) ? 'first' : 'second'}`);
    } else {
      out.push(...diffPaths(ma.get(k), mb.get(k)).map(p => `${k}${p}`));
    }
  }
  return out;
}

describe('HybridMultiCloudSecrets (cdk8s)', () => {
  test('one chart per cluster, each valid and keeping every invariant', () => {
    const app = Testing.app();
    const hybrid = snippet(app);
    for (const name of ['eks-prod', 'gke-prod', 'aks-prod']) {
      const manifests = synthValid(hybrid.chart(name));
      expectPatternInvariants(manifests);
      expect(manifests.map(m => `${m.kind} ${m.metadata.namespace ?? ''}/${m.metadata.name}`).sort()).toEqual([
        'ClusterRoleBinding /vault-eso-payments-token-review', 'ExternalSecret payments/postgres-credentials',
        'NetworkPolicy payments/allow-dns-egress', 'NetworkPolicy payments/default-deny-all', 'SecretStore payments/vault',
        'ServiceAccount payments/payment-api', 'ServiceAccount payments/vault-eso',
      ]);
      const store = only(manifests, 'SecretStore');
      expect(store.spec.provider.vault.auth).toEqual({ kubernetes: { mountPath: `kubernetes-${name}`, role: `${name}-payments`, serviceAccountRef: { name: 'vault-eso' } } });
      expect(only(manifests, 'ExternalSecret').spec).toEqual({
        refreshInterval: '1h',
        secretStoreRef: { name: 'vault', kind: 'SecretStore' },
        target: { name: 'postgres-credentials', creationPolicy: 'Owner' },
        data: [{ secretKey: 'POSTGRES_PASSWORD', remoteRef: { key: 'payments/postgres', property: 'password' } }],
      });
    }
    expect(app.charts.map(c => c.node.id)).toEqual(['eks-prod', 'gke-prod', 'aks-prod']);
  });

  test('all clusters diffed: the only differences are the documented per-cluster ones', () => {
    const app = Testing.app();
    const hybrid = snippet(app);
    const eks = Testing.synth(hybrid.chart('eks-prod'));
    for (const name of ['gke-prod', 'aks-prod']) {
      expect(clusterDiff(eks, Testing.synth(hybrid.chart(name)))).toEqual([
        'SecretStore payments/vault.spec.provider.vault.auth.kubernetes.mountPath',
        'SecretStore payments/vault.spec.provider.vault.auth.kubernetes.role',
      ]);
    }
    // With AWS IAM auth on EKS: the store's auth block, the IRSA annotation, no token-review binding.
    const iamApp = Testing.app();
    const iam = snippet(iamApp, true);
    expect(clusterDiff(Testing.synth(iam.chart('gke-prod')), Testing.synth(iam.chart('eks-prod')))).toEqual([
      'ClusterRoleBinding /vault-eso-payments-token-review only in first',
      'SecretStore payments/vault.spec.provider.vault.auth.iam',
      'SecretStore payments/vault.spec.provider.vault.auth.kubernetes',
      'ServiceAccount payments/vault-eso.metadata.annotations',
    ]);
    const eksStore = only(synthValid(iam.chart('eks-prod')), 'SecretStore');
    expect(eksStore.spec.provider.vault.auth).toEqual({ iam: { path: 'aws-eks-prod', region: 'us-east-1', vaultRole: 'eks-prod-payments', jwt: { serviceAccountRef: { name: 'vault-eso' } } } });
  });

  test('adding an app or a secret adds the same objects in every cluster', () => {
    const app = Testing.app();
    const hybrid = snippet(app);
    const before = Object.fromEntries(['eks-prod', 'gke-prod', 'aks-prod'].map(n => [n, byKey(Testing.synth(hybrid.chart(n)))]));
    hybrid.addSecret('orders', 'db', { remoteKey: 'orders/db' });
    hybrid.addApp('orders', 'order-api', { files: ['db'] });
    const added = ['eks-prod', 'gke-prod', 'aks-prod'].map(n => {
      const after = byKey(Testing.synth(hybrid.chart(n)));
      return [...after.keys()].filter(k => !before[n].has(k)).sort();
    });
    expect(added[0]).toEqual([
      'ClusterRoleBinding /vault-eso-orders-token-review', 'ExternalSecret orders/db', 'NetworkPolicy orders/allow-dns-egress',
      'NetworkPolicy orders/default-deny-all', 'SecretStore orders/vault', 'ServiceAccount orders/order-api', 'ServiceAccount orders/vault-eso',
    ]);
    expect(added[1]).toEqual(added[0]);
    expect(added[2]).toEqual(added[0]);
    expect(hybrid.setupScript('gke-prod')).toContain('vault write auth/kubernetes-gke-prod/role/gke-prod-orders bound_service_account_names=vault-eso bound_service_account_namespaces=orders token_policies=orders-eso-read token_ttl=1h');
  });

  test('a workload per cluster: the app\'s ServiceAccount, the Secret mounted read-only, the Reloader annotation', () => {
    const app = Testing.app();
    const hybrid = new HybridMultiCloudSecrets(app, 'hybrid', {
      vault: { address: 'https://vault.example.com:8200', kvPath: 'secret', cidrs: ['203.0.113.10/32'] },
      clusters: [{ name: 'eks-prod', cloud: 'aws', apiServerCidrs: ['10.0.0.0/16'] }, { name: 'aks-prod', cloud: 'azure', apiServerCidrs: ['10.1.0.0/16'] }],
      secrets: { payments: { 'postgres-credentials': { remoteKey: 'payments/postgres' } } },
    });
    const api = new kplus.Deployment(hybrid.chart('eks-prod'), 'api', {
      metadata: { name: 'payment-api', namespace: 'payments' },
      securityContext: { user: 10001, fsGroup: 10001 },
      containers: [{ image: 'registry.example.com/payment-api:2.1.0' }],
    });
    const result = hybrid.addApp('payments', 'payment-api', { files: ['postgres-credentials'], workloads: { 'eks-prod': api } });
    expect(result).toEqual({ serviceAccountName: 'payment-api', mounts: [{ secretName: 'postgres-credentials', path: '/etc/secrets/postgres-credentials' }] });
    const manifests = synthValid(hybrid.chart('eks-prod'));
    // ESO's namespace gets only its egress policy (the operator isolates it); the app namespace is default-deny.
    expectPatternInvariants(manifests, { exemptNamespaces: ['external-secrets'] });
    const d = only(manifests, 'Deployment');
    expect(d.spec.template.spec.serviceAccountName).toBe('payment-api');
    expect(d.metadata.annotations['secret.reloader.stakater.com/reload']).toBe('postgres-credentials');
    expect(d.spec.template.spec.volumes).toEqual([{ name: 'secret-postgres-credentials', secret: { secretName: 'postgres-credentials', defaultMode: 0o400, optional: false } }]);
    expect(d.spec.template.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/etc/secrets/postgres-credentials', name: 'secret-postgres-credentials', readOnly: true }]);
    // The ESO controller reaches Vault and its API server only.
    const policies = ofKind(manifests, 'NetworkPolicy');
    const eso = { namespace: 'external-secrets', labels: { 'app.kubernetes.io/name': 'external-secrets' } };
    expect(connectionAllowed(policies, { from: eso, to: { ip: '203.0.113.10' }, port: 8200 })).toBe(true);
    expect(connectionAllowed(policies, { from: eso, to: { ip: '10.0.0.1' }, port: 443 })).toBe(true);
    expect(connectionAllowed(policies, { from: eso, to: { ip: '198.51.100.1' }, port: 8200 })).toBe(false);
    // The only difference of the ESO egress policy between the clusters is the API server addresses.
    expect(clusterDiff(manifests.filter(m => m.kind === 'NetworkPolicy'), ofKind(synthValid(hybrid.chart('aks-prod')), 'NetworkPolicy')))
      .toEqual(['NetworkPolicy external-secrets/external-secrets-egress.spec.egress.1.to.0.ipBlock.cidr']);
  });

  test('synth writes one compliance report per cluster', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-hybrid-'));
    const app = new App({ outdir });
    const hybrid = snippet(app);
    app.synth();
    for (const name of ['eks-prod', 'gke-prod', 'aks-prod']) {
      const report = JSON.parse(fs.readFileSync(path.join(outdir, `hybrid-${name}.compliance.json`), 'utf8'));
      expect(report).toEqual(JSON.parse(JSON.stringify(hybrid.report(name))));
      expect(report.name).toBe(`hybrid/${name}`);
      expect(report.controls.map((c: any) => [c.id, c.status])).toEqual([
        ['no-plaintext-in-git', 'enforced'], ['no-static-cloud-keys', 'enforced'], ['least-privilege-rbac', 'enforced'],
        ['rotation-reaches-pods', 'partial'], ['network-isolation', 'partial'], ['audit-and-alerting', 'partial'],
      ]);
    }
  });

  test('refusals name the cluster and the workload', () => {
    const app = Testing.app();
    const hybrid = snippet(app);
    const stray = new kplus.Deployment(hybrid.chart('gke-prod'), 'x', { securityContext: { user: 1000, fsGroup: 1000 }, containers: [{ image: 'registry.example.com/x:1' }] });
    expect(() => hybrid.addApp('payments', 'x', { files: ['postgres-credentials'], workloads: { 'eks-prod': stray } }))
      .toThrow('HybridMultiCloudSecrets: apps["payments/x"].workloads["eks-prod"] is not in cluster "eks-prod"\'s chart; create it in hybrid.chart("eks-prod").');
    expect(() => hybrid.addApp('payments', 'y', { files: ['postgres-credentials'], workloads: { 'eu-prod': stray } }))
      .toThrow('HybridMultiCloudSecrets: apps["payments/y"].workloads names cluster "eu-prod", which is not one of "eks-prod", "gke-prod", "aks-prod".');
    expect(() => hybrid.chart('eu-prod')).toThrow('HybridMultiCloudSecrets: cluster "eu-prod" is not a cluster of the pattern ("eks-prod", "gke-prod", "aks-prod").');
  });
});
