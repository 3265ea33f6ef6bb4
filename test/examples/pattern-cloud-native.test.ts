import { Testing } from 'cdk8s';
import { PaymentsChart } from '../../examples/cdk8s/pattern-cloud-native/main';
import { ofKind, synthValid } from '../helpers/cdk8s';
import { expectPatternInvariants } from '../helpers/pattern-invariants';
import { kubernetesManifests, resetRecorded, setupPulumiMocks, settle, settled } from '../helpers/pulumi';

describe('examples/cdk8s/pattern-cloud-native', () => {
  test('the seed scenario keeps every pattern invariant', () => {
    const m = synthValid(new PaymentsChart(Testing.app(), 'payments'));
    expectPatternInvariants(m);
    expect(ofKind(m, 'ExternalSecret').map(e => e.metadata.name).sort()).toEqual(['payment-gateway-key', 'postgres-credentials']);
    // payment-api: both Secrets as read-only files, none in env (KSS-ENV-001/002).
    const [api] = ofKind(m, 'Deployment', 'payment-api');
    expect(api.spec.template.spec.volumes.map((v: any) => [v.secret.secretName, v.secret.defaultMode]).sort()).toEqual([['payment-gateway-key', 0o400], ['postgres-credentials', 0o400]]);
    const [container] = api.spec.template.spec.containers;
    expect([container.env, container.envFrom]).toEqual([undefined, undefined]);
  });
});

describe('examples/pulumi/pattern-cloud-native', () => {
  beforeAll(setupPulumiMocks);
  beforeEach(resetRecorded);

  test('the same Kubernetes side under mocks, and the report output', async () => {
    const program = await import('../../examples/pulumi/pattern-cloud-native');
    await settle(program.secrets, program.cluster.cluster);
    expectPatternInvariants(kubernetesManifests());
    expect((await settled(program.report)).pattern).toBe('CloudNativeSecrets');
  });
});
