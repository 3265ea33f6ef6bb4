/**
 * Parity of the Vault patterns: EnterpriseVaultSecrets rendered by cdk8s and by Pulumi (under mocks)
 * from the same inputs gives the same manifests (workloads included: the injection decides the same),
 * the same Vault side (policies, roles, setup script) and the same compliance report.
 */
import { Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as cdk8s from '../../src';
import * as pl from '../../src/pulumi';
import { testChart } from '../helpers/cdk8s';
import { renderPatternBoth } from '../helpers/pattern-parity';
import { setupPulumiMocks } from '../helpers/pulumi';

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
