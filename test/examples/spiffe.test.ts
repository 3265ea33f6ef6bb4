import { Testing } from 'cdk8s';
import { SpiffeChart } from '../../examples/cdk8s/spiffe/main';
import { only, synthValid } from '../helpers/cdk8s';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const sorted = (ms: any[]) => [...ms].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));

describe('examples/*/spiffe', () => {
  test('cdk8s: one identity for one ServiceAccount in one namespace', () => {
    const manifests = synthValid(new SpiffeChart(Testing.app(), 'payments'));
    const id = only(manifests, 'ClusterSPIFFEID');
    expect(id.spec).toEqual({
      spiffeIDTemplate: 'spiffe://example.org/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
      podSelector: { matchLabels: { app: 'payment-api' } },
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['payments'] }] },
      ttl: '1h',
      jwtTtl: '5m',
      federatesWith: ['partner.example.com'],
      workloadSelectorTemplates: ['k8s:sa:payment-api'],
    });
  });

  test('Pulumi: the same objects', async () => {
    const fromCdk8s = synthValid(new SpiffeChart(Testing.app(), 'payments'));
    const p = await import('../../examples/pulumi/spiffe');
    await settle(p.serviceAccount.serviceAccount, p.identity.resource);
    const fromPulumi = kubernetesManifests();
    expectValidManifests(fromPulumi);
    expect(sorted(fromPulumi)).toEqual(sorted(fromCdk8s));
  });
});
