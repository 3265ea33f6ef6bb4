/**
 * Patterns that isolate one namespace in one chart share the NamespaceIsolation policies instead of
 * writing two objects with one name: kustomize (and so Flux's kustomize-controller) refuses such output
 * ("may not add resource with an already registered id"). Where kubectl is installed, its kustomize
 * builds the synthesized chart here; otherwise the uniqueness assertion stands for it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import * as cdk8s from '../../src';
import { ageKeygen } from '../../src/core';
import { synthValid, testChart } from '../helpers/cdk8s';

const HAS_KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const aws = () => cdk8s.SecretSource.awsSecretsManager({ region: 'us-east-1', roleArn: 'arn:aws:iam::111122223333:role/eso-payments' });
const ids = (manifests: any[]) => manifests.map(m => `${m.kind} ${m.metadata.namespace ?? ''}/${m.metadata.name}`);

function kustomizeBuild(manifests: any[]): { status: number | null; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-kustomize-'));
  try {
    fs.writeFileSync(path.join(dir, 'all.yaml'), manifests.map(m => stringify(m)).join('---\n'));
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n- all.yaml\n');
    const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('NamespaceIsolation in one chart', () => {
  test('CloudNativeSecrets, GitOpsSecrets and a NamespaceIsolation of one namespace write the two policies once, shared', () => {
    const chart = testChart();
    const { recipient } = ageKeygen();
    const cloud = new cdk8s.CloudNativeSecrets(chart, 'cloud', { source: aws(), secrets: { db: { remoteKey: 'production/payments/db' } } });
    const gitops = new cdk8s.GitOpsSecrets(chart, 'gitops', { encryption: cdk8s.GitOpsEncryption.sops({ ageRecipients: [recipient] }), secrets: { hook: { stringData: { key: 'fake-hook' } } } });
    const own = new cdk8s.NamespaceIsolation(chart, 'isolation');
    const manifests = synthValid(chart);
    const all = ids(manifests);
    expect(all.filter(i => i.startsWith('NetworkPolicy payments/'))).toEqual(expect.arrayContaining(['NetworkPolicy payments/default-deny-all', 'NetworkPolicy payments/allow-dns-egress']));
    expect(new Set(all).size).toBe(all.length);
    // Every isolation's members are the one pair of objects.
    expect(gitops.isolation.denyAll).toBe(cloud.isolation.denyAll);
    expect(own.allowDns).toBe(cloud.isolation.allowDns);
    if (HAS_KUBECTL) {
      expect(kustomizeBuild(manifests)).toEqual({ status: 0, stderr: '' });
    }
  });

  (HAS_KUBECTL ? test : test.skip)('kubectl kustomize refuses the duplicate pair the chart used to write (the reason for sharing)', () => {
    const chart = testChart();
    new cdk8s.NamespaceIsolation(chart, 'a');
    const [deny] = synthValid(chart);
    const r = kustomizeBuild([deny, deny]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('may not add resource with an already registered id: NetworkPolicy.v1.networking.k8s.io/default-deny-all.payments');
  });

  test('the same names with other settings are refused, naming the first isolation and the fix', () => {
    const chart = testChart();
    new cdk8s.NamespaceIsolation(chart, 'first');
    expect(() => new cdk8s.NamespaceIsolation(chart, 'second', { dns: { podLabels: { 'k8s-app': 'coredns' } } })).toThrow(
      'NamespaceIsolation: namespace "payments" is already isolated in this chart by the NamespaceIsolation at test/first with other settings (NetworkPolicies "default-deny-all" and "allow-dns-egress"); '
      + 'two objects with one name break kustomize and Flux. Give both the same options (they then share the policies), or give this one a namePrefix (a pattern\'s isolation.namePrefix).');
  });

  test('label maps in another key order are the same options (shared, not refused)', () => {
    const chart = testChart();
    const first = new cdk8s.NamespaceIsolation(chart, 'first', { dns: { podLabels: { 'k8s-app': 'kube-dns', 'tier': 'dns' } } });
    const second = new cdk8s.NamespaceIsolation(chart, 'second', { dns: { podLabels: { 'tier': 'dns', 'k8s-app': 'kube-dns' } } });
    expect(second.allowDns).toBe(first.allowDns);
    expect(ids(synthValid(chart))).toEqual(['NetworkPolicy payments/default-deny-all', 'NetworkPolicy payments/allow-dns-egress']);
  });

  test('a namePrefix, another namespace or another chart gets its own policies', () => {
    const chart = testChart();
    new cdk8s.NamespaceIsolation(chart, 'first');
    new cdk8s.NamespaceIsolation(chart, 'coredns', { namePrefix: 'coredns', dns: { podLabels: { 'k8s-app': 'coredns' } } });
    new cdk8s.NamespaceIsolation(chart, 'other', { namespace: 'ledger' });
    expect(ids(synthValid(chart)).sort()).toEqual([
      'NetworkPolicy ledger/allow-dns-egress', 'NetworkPolicy ledger/default-deny-all',
      'NetworkPolicy payments/allow-dns-egress', 'NetworkPolicy payments/coredns-allow-dns-egress',
      'NetworkPolicy payments/coredns-default-deny-all', 'NetworkPolicy payments/default-deny-all',
    ]);
    const another = testChart();
    new cdk8s.NamespaceIsolation(another, 'first', { dns: { podLabels: { 'k8s-app': 'coredns' } } });
    expect(ids(synthValid(another))).toHaveLength(2);
  });
});
