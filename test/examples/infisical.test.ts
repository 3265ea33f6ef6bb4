import { Testing } from 'cdk8s';
import { InfisicalChart } from '../../examples/cdk8s/infisical/main';
import { only, synthValid } from '../helpers/cdk8s';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const key = (m: any) => `${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`;
const sorted = (ms: any[]) => [...ms].sort((a, b) => key(a).localeCompare(key(b)));

describe('examples/*/infisical', () => {
  test('cdk8s: v1beta1 objects wired together, Kubernetes auth with its own ServiceAccount', () => {
    const manifests = synthValid(new InfisicalChart(Testing.app(), 'payments'));
    expect(manifests.map(m => m.kind).sort()).toEqual(['InfisicalAuth', 'InfisicalConnection', 'InfisicalStaticSecret', 'ServiceAccount']);
    expect(only(manifests, 'InfisicalAuth').spec.kubernetes.serviceAccountRef).toEqual({ name: 'infisical-auth', namespace: 'payments' });
    expect(only(manifests, 'InfisicalAuth').spec.infisicalConnectionRef).toEqual({ name: 'infisical', namespace: 'payments' });
    expect(only(manifests, 'InfisicalStaticSecret').spec.infisicalAuthRef).toEqual({ name: 'payments-infisical', namespace: 'payments' });
    expect(only(manifests, 'InfisicalConnection').spec.address).toBe('https://infisical.internal.example.com');
    expect(only(manifests, 'ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  test('Pulumi: the same objects', async () => {
    const fromCdk8s = synthValid(new InfisicalChart(Testing.app(), 'payments'));
    const p = await import('../../examples/pulumi/infisical');
    await settle(p.connection.resource, p.serviceAccount.serviceAccount, p.auth.resource, p.config.resource);
    const fromPulumi = kubernetesManifests();
    expectValidManifests(fromPulumi);
    expect(sorted(fromPulumi)).toEqual(sorted(fromCdk8s));
  });
});
