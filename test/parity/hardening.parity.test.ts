/**
 * Parity: the hardening examples produce the same SecretProviderClass, Infisical v1beta1 objects, PrometheusRule and
 * ServiceAccounts from cdk8s and Pulumi, and the same Vault, CSI and Infisical wiring of the workloads.
 */
import { Testing } from 'cdk8s';
import { HardenedPaymentsChart, MonitoringChart } from '../../examples/cdk8s/hardening/main';
import { only, synthValid } from '../helpers/cdk8s';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const key = (m: any) => `${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`;
const pick = (manifests: any[], kinds: string[]) => manifests.filter(m => kinds.includes(m.kind)).sort((a, b) => key(a).localeCompare(key(b)));
const KINDS = ['ServiceAccount', 'SecretProviderClass', 'InfisicalConnection', 'InfisicalAuth', 'InfisicalStaticSecret', 'PrometheusRule'];

function template(workload: any): any {
  return workload.kind === 'CronJob' ? workload.spec.jobTemplate.spec.template : workload.spec.template;
}

/** What the library adds to a workload: annotations, ServiceAccount, volumes and mounts. */
function wiring(workload: any) {
  const t = template(workload);
  return {
    annotations: workload.metadata.annotations,
    podAnnotations: t.metadata?.annotations,
    serviceAccountName: t.spec.serviceAccountName,
    volumes: t.spec.volumes,
    mounts: t.spec.containers.map((c: any) => c.volumeMounts),
  };
}

describe('parity: hardening', () => {
  test('the hardening examples produce the same objects and the same workload wiring', async () => {
    const fromCdk8s = [
      ...synthValid(new HardenedPaymentsChart(Testing.app(), 'payments')),
      ...synthValid(new MonitoringChart(Testing.app(), 'monitoring')),
    ];
    const program = await import('../../examples/pulumi/hardening');
    await settle(program.api, program.reports, program.worker, program.webDeployment, program.alerts, program.workerSecrets, program.webConfig,
      program.infisical, program.infisicalAuth, program.infisicalSa);
    const fromPulumi = kubernetesManifests();
    expectValidManifests(fromPulumi);
    expect(pick(fromPulumi, KINDS)).toEqual(pick(fromCdk8s, KINDS));
    expect(pick(fromPulumi, KINDS)).toHaveLength(10);
    for (const [kind, name] of [['Deployment', 'payment-api'], ['CronJob', 'payment-reports'], ['Deployment', 'payment-worker'], ['Deployment', 'payment-web']]) {
      expect(wiring(only(fromPulumi, kind, name))).toEqual(wiring(only(fromCdk8s, kind, name)));
    }
    expect(program.apiVault.policyHcl).toBe(new HardenedPaymentsChart(Testing.app(), 'payments').apiVault.policyHcl);
    expect(program.apiVault.authRole).toEqual(new HardenedPaymentsChart(Testing.app(), 'payments').apiVault.authRole);
  });
});
