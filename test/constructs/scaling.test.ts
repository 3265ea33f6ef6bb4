/**
 * Construction must not scan the construct tree once per construct (issue 18): a name-clash check that
 * walked the whole chart for each SecretReader made synthesis quadratic. These tests count construct-tree
 * traversal (every traversal reads `node.children` of each node it visits) and pod-spec rendering; they
 * time nothing (speed is measured by `npm run bench`).
 */
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Node } from 'constructs';
import { ExternalSecret, SecretReader, SecretStore, SecretStoreProvider, SecureServiceAccount, mountSecret, envFromSecret } from '../../src';
import { synthValid } from '../helpers/cdk8s';

/** How many times `node.children` is read while `build` runs. */
function childrenReads(build: () => void): number {
  const descriptor = Object.getOwnPropertyDescriptor(Node.prototype, 'children')!;
  let reads = 0;
  const spy = jest.spyOn(Node.prototype, 'children', 'get').mockImplementation(function (this: Node) {
    reads++;
    return descriptor.get!.call(this);
  });
  try {
    build();
  } finally {
    spy.mockRestore();
  }
  return reads;
}

function readers(chart: Chart, count: number): void {
  for (let i = 0; i < count; i++) {
    const sa = new SecureServiceAccount(chart, `sa-${i}`, { name: `app-${i}` });
    new SecretReader(chart, `reader-${i}`, { serviceAccount: sa, secrets: [`secret-${i}`] });
  }
}

describe('construction visits O(N) construct nodes', () => {
  test('N SecretReaders in one chart: no traversal of the chart per reader', () => {
    const visits = (n: number) => childrenReads(() => readers(new Chart(Testing.app(), 'test', { namespace: 'payments' }), n));
    const small = visits(50);
    const large = visits(200);
    // A scan of the chart per reader reads children about (objects so far) times per reader: with 200
    // readers that is tens of thousands of reads; construction itself reads none.
    expect(large).toBeLessThanOrEqual(4 * small + 50);
    expect(large).toBeLessThanOrEqual(2 * 200);
  });

  test('the name clash is still found (through the per-chart registry), also after many readers', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'payments' });
    readers(chart, 30);
    const sa = new SecureServiceAccount(chart, 'again', { name: 'app-7' });
    expect(() => new SecretReader(chart, 'reader-again', { serviceAccount: sa, secrets: ['other'] }))
      .toThrow('SecretReader: name "app-7-secret-reader" is already used in namespace "payments" by the SecretReader at test/reader-7; give one of them a distinct name.');
    // The same name in another namespace, or in another chart, is no clash.
    new SecretReader(chart, 'reader-other-ns', { serviceAccount: sa, secrets: ['other'], namespace: 'billing', allowCrossNamespaceSubject: true });
    const other = new Chart(chart.node.scope!, 'other', { namespace: 'payments' });
    new SecretReader(other, 'reader', { serviceAccount: 'app-7', secrets: ['other'] });
  });

  test('N ServiceAccounts with automountToken: true are checked in one pass over the tree at synth', () => {
    const synthVisits = (n: number) => {
      const app = new App();
      const chart = new Chart(app, 'test', { namespace: 'payments' });
      for (let i = 0; i < n; i++) {
        const sa = new SecureServiceAccount(chart, `sa-${i}`, { name: `operator-${i}`, automountToken: true });
        new kplus.Deployment(chart, `api-${i}`, { serviceAccount: sa, automountServiceAccountToken: true, containers: [{ image: 'registry.example.com/api:1.0.0' }] });
      }
      return childrenReads(() => app.synthYaml());
    };
    const small = synthVisits(10);
    const large = synthVisits(40);
    // Linear: about 4x (a pass per ServiceAccount would be about 16x).
    expect(large).toBeLessThanOrEqual(5 * small);
  });
});

describe('the Reloader annotation renders the pod spec once', () => {
  test('one synthesis renders each Deployment once, and the annotation lists what its pod spec reads', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'payments' });
    const sa = new SecureServiceAccount(chart, 'sa', { name: 'eso-sa' });
    const store = new SecretStore(chart, 'store', { name: 'store', provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: sa }) });
    const db = new ExternalSecret(chart, 'db', { name: 'db-sync', store, target: { name: 'postgres-credentials' }, data: [{ secretKey: 'PASSWORD', remoteKey: 'payments/postgres' }] });
    const api = new kplus.Deployment(chart, 'api', {
      metadata: { name: 'api', annotations: { 'secret.reloader.stakater.com/reload': 'legacy-secret' } },
      securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
      containers: [{ name: 'api', image: 'registry.example.com/api:1.0.0' }],
    });
    mountSecret(api, db, { path: '/etc/secrets/postgres' });
    envFromSecret(api, 'payment-gateway-key');

    const toKube = jest.spyOn(kplus.Deployment.prototype as unknown as { _toKube: () => unknown }, '_toKube');
    let manifests: any[];
    try {
      manifests = synthValid(chart);
      expect(toKube).toHaveBeenCalledTimes(1);
    } finally {
      toKube.mockRestore();
    }
    const deployment = manifests.find(m => m.kind === 'Deployment');
    expect(deployment.metadata.annotations).toEqual({ 'secret.reloader.stakater.com/reload': 'legacy-secret,payment-gateway-key,postgres-credentials' });
    // cdk8s sorts keys; the annotation is added in order.
    expect(Object.keys(deployment.metadata)).toEqual(['annotations', 'name', 'namespace']);
  });
});
