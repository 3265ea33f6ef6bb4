/**
 * Parity of the Vault patterns: EnterpriseVaultSecrets rendered by cdk8s and by Pulumi (under mocks)
 * from the same inputs gives the same manifests (workloads included: the injection decides the same),
 * the same Vault side (policies, roles, setup script) and the same compliance report.
 */
import { Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as cdk8s from '../../src';
import * as pl from '../../src/pulumi';
import { testChart } from '../helpers/cdk8s';
import { renderPatternBoth, normaliseManifests } from '../helpers/pattern-parity';
import { resetRecorded, resourcesOf, settle, setupPulumiMocks, stripUndefined } from '../helpers/pulumi';

beforeAll(setupPulumiMocks);

const image = 'registry.example.com/app:1.0.0';
const vaultConn = { address: 'https://vault.internal.example:8200', namespace: 'vault' };
const secretsApi = [{ name: 'postgres', path: 'secret/data/payments/postgres' }];
const secretsReports = [{ name: 'warehouse', path: 'secret/data/payments/warehouse' }];

function pulumiDeployment(name: string) {
  return {
    metadata: { name, namespace: 'payments' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { securityContext: { runAsUser: 1000 }, containers: [{ name: 'main', image }] } },
    },
  };
}

function pulumiCronJob(name: string) {
  return {
    metadata: { name, namespace: 'payments' },
    spec: {
      schedule: '0 0 * * *',
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', securityContext: { runAsUser: 1000 }, containers: [{ name: 'main', image }] } } } },
    },
  };
}

/** The Vault wiring of a workload: what the pattern decides (the user's own fields differ by front-end). */
function wiring(m: any) {
  const t = m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template : m.spec.template;
  return {
    kind: m.kind,
    name: m.metadata.name,
    annotations: t.metadata.annotations,
    clientLabel: t.metadata.labels['kube-secure-secrets.io/vault-client'],
    serviceAccountName: t.spec.serviceAccountName,
    volumes: t.spec.volumes,
  };
}

describe('EnterpriseVaultSecrets parity', () => {
  test.each([
    ['defaults', {}],
    ['Enterprise namespace, own mount, no alerts', { vault: { ...vaultConn, vaultNamespace: 'team-a', authMount: 'k8s-prod' }, alerts: false as const }],
  ])('%s', async (_label, extra: any) => {
    let cdk8sVault!: cdk8s.EnterpriseVaultSecrets;
    let pulumiVault!: pl.EnterpriseVaultSecrets;
    const both = await renderPatternBoth({
      cdk8s: chart => {
        const api = new kplus.Deployment(chart, 'api', { metadata: { name: 'payment-api' }, securityContext: { user: 1000 }, containers: [{ image }] });
        const cron = new kplus.CronJob(chart, 'reports', { metadata: { name: 'reports' }, schedule: Cron.daily(), securityContext: { user: 1000 }, containers: [{ image }] });
        cdk8sVault = new cdk8s.EnterpriseVaultSecrets(chart, 'vault', { vault: vaultConn, ...extra });
        cdk8sVault.addApp('payment-api', { workload: api, secrets: secretsApi });
        cdk8sVault.addApp('reports', { workload: cron, secrets: secretsReports });
      },
      pulumi: () => (pulumiVault = new pl.EnterpriseVaultSecrets('vault', {
        namespace: 'payments',
        vault: vaultConn,
        ...extra,
        apps: {
          'payment-api': { workload: pulumiDeployment('payment-api'), secrets: secretsApi },
          'reports': { workload: pulumiCronJob('reports'), secrets: secretsReports },
        },
      })),
    });
    const isWorkload = (m: any) => m.kind === 'Deployment' || m.kind === 'CronJob';
    expect(both.pulumi.filter(m => !isWorkload(m))).toEqual(both.cdk8s.filter(m => !isWorkload(m)));
    expect(both.pulumi.filter(isWorkload).map(wiring)).toEqual(both.cdk8s.filter(isWorkload).map(wiring));
    expect(both.cdk8s.filter(isWorkload)).toHaveLength(2);
    expect(pulumiVault.policies).toEqual(cdk8sVault.policies);
    expect(pulumiVault.roles).toEqual(cdk8sVault.roles);
    expect(pulumiVault.setupScript).toEqual(cdk8sVault.setupScript);
    expect(pulumiVault.auditPolicy).toEqual(cdk8sVault.auditPolicy);
    expect(pulumiVault.report).toEqual(cdk8sVault.report);
  });

  test('the same refusal in both front-ends', () => {
    const message = 'EnterpriseVaultSecrets: apps["a"].namespace "vault" is Vault\'s own namespace';
    expect(() => new pl.EnterpriseVaultSecrets('bad', {
      namespace: 'payments',
      vault: vaultConn,
      apps: { a: { namespace: 'vault', secrets: secretsApi } },
    })).toThrow(message);
    const c = testChart();
    const d = new kplus.Deployment(c, 'd', { securityContext: { user: 1000 }, containers: [{ image }] });
    const v = new cdk8s.EnterpriseVaultSecrets(c, 'vault', { vault: vaultConn });
    expect(() => v.addApp('a', { workload: d, namespace: 'vault', secrets: secretsApi })).toThrow(message);
  });
});

/** The Kubernetes manifests Pulumi recorded for one cluster (resource names start with `<pattern>-<cluster>-`). */
function pulumiCluster(prefix: string): any[] {
  return resourcesOf().filter(r => r.type.startsWith('kubernetes:') && r.name.startsWith(prefix)).map(r => stripUndefined(r.inputs));
}

describe('HybridMultiCloudSecrets parity', () => {
  const IRSA = 'arn:aws:iam::111122223333:role/eso-vault-payments';
  const vault = { address: 'https://vault.example.com:8200', kvPath: 'secret', cidrs: ['203.0.113.10/32'] };
  const clusters = [
    { name: 'eks-prod', cloud: 'aws' as const, apiServerCidrs: ['10.0.0.0/16'], auth: { kind: 'aws-iam' as const, region: 'us-east-1', roleArns: { payments: IRSA, orders: IRSA.replace('payments', 'orders') } } },
    { name: 'gke-prod', cloud: 'gcp' as const, apiServerCidrs: ['10.1.0.0/16'] },
    { name: 'aks-prod', cloud: 'azure' as const, apiServerCidrs: ['10.2.0.0/16'] },
  ];
  const secrets = {
    payments: { 'postgres-credentials': { remoteKey: 'payments/postgres', keys: { POSTGRES_PASSWORD: 'password' } } },
    orders: { db: { remoteKey: 'orders/db' } },
  };
  const deploymentArgs = {
    metadata: { name: 'payment-api', namespace: 'payments' },
    spec: {
      selector: { matchLabels: { app: 'payment-api' } },
      template: {
        metadata: { labels: { app: 'payment-api' } },
        spec: { securityContext: { runAsUser: 10001, fsGroup: 10001 }, containers: [{ name: 'main', image }] },
      },
    },
  };

  test('every cluster: the same manifests, setup scripts and reports; one provider per cluster', async () => {
    const app = Testing.app();
    const c = new cdk8s.HybridMultiCloudSecrets(app, 'hybrid', { vault, clusters, secrets });
    const api = new kplus.Deployment(c.chart('gke-prod'), 'api', {
      metadata: { name: 'payment-api', namespace: 'payments' },
      securityContext: { user: 10001, fsGroup: 10001 },
      containers: [{ image }],
    });
    c.addApp('payments', 'payment-api', { files: ['postgres-credentials'], workloads: { 'gke-prod': api } });
    c.addApp('orders', 'order-api', { files: ['db'] });

    resetRecorded();
    const p = new pl.HybridMultiCloudSecrets('hybrid', {
      vault,
      clusters,
      secrets,
      apps: {
        payments: { 'payment-api': { files: ['postgres-credentials'], workloads: { 'gke-prod': { args: deploymentArgs } } } },
        orders: { 'order-api': { files: ['db'] } },
      },
    });
    await settle(p);
    expect(resourcesOf('pulumi:providers:kubernetes').map(r => r.name).sort()).toEqual(['hybrid-aks-prod', 'hybrid-eks-prod', 'hybrid-gke-prod']);
    for (const cluster of clusters.map(x => x.name)) {
      const fromCdk8s = normaliseManifests(Testing.synth(c.chart(cluster)), ['Deployment']);
      const fromPulumi = normaliseManifests(pulumiCluster(`hybrid-${cluster}-`), ['Deployment']);
      expect(fromPulumi).toEqual(fromCdk8s);
      expect(fromCdk8s.length).toBeGreaterThan(10);
      expect(p.setupScript(cluster)).toBe(c.setupScript(cluster));
      expect(p.reports[cluster]).toEqual(c.report(cluster));
    }
    // The wired workload: the same mount, Reloader annotation and ServiceAccount.
    const hybridWiring = (d: any) => ({
      sa: d.spec.template.spec.serviceAccountName,
      volumes: d.spec.template.spec.volumes,
      mounts: d.spec.template.spec.containers[0].volumeMounts,
      reload: d.metadata.annotations['secret.reloader.stakater.com/reload'],
    });
    const cd = Testing.synth(c.chart('gke-prod')).find((m: any) => m.kind === 'Deployment');
    const pd = pulumiCluster('hybrid-gke-prod-').find((m: any) => m.kind === 'Deployment');
    expect(hybridWiring(pd)).toEqual(hybridWiring(cd));
    expect(p.mounts['payments/payment-api']).toEqual([{ secretName: 'postgres-credentials', path: '/etc/secrets/postgres-credentials' }]);
  });

  test('the same refusal in both front-ends', () => {
    const message = 'HybridMultiCloudSecrets: clusters[0].auth.kind "aws-iam" needs IRSA, which only EKS clusters have';
    const bad = [{ name: 'aks', cloud: 'azure' as const, auth: { kind: 'aws-iam' as const, region: 'us-east-1', roleArns: {} } }];
    expect(() => new cdk8s.HybridMultiCloudSecrets(Testing.app(), 'h', { vault, clusters: bad })).toThrow(message);
    expect(() => new pl.HybridMultiCloudSecrets('h', { vault, clusters: bad })).toThrow(message);
  });
});
