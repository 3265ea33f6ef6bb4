import { Testing } from 'cdk8s';
import { GeneratorsChart } from '../../examples/cdk8s/external-secrets-generators/main';
import { only, synthValid } from '../helpers/cdk8s';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const key = (m: any) => `${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`;
const sorted = (ms: any[]) => [...ms].sort((a, b) => key(a).localeCompare(key(b)));

describe('examples/*/external-secrets-generators', () => {
  test('cdk8s: the generated password is made once, the ECR token hourly, both without a store', () => {
    const manifests = synthValid(new GeneratorsChart(Testing.app(), 'payments'));
    expect(manifests.map(m => m.kind).sort()).toEqual(['ClusterExternalSecret', 'ECRAuthorizationToken', 'ExternalSecret', 'ExternalSecret', 'Password', 'PushSecret', 'ServiceAccount']);
    const db = only(manifests, 'ExternalSecret', 'payments-db-password');
    expect(db.spec.refreshPolicy).toBe('CreatedOnce');
    expect(db.spec.secretStoreRef).toBeUndefined();
    const pull = only(manifests, 'ExternalSecret', 'payments-ecr-pull');
    expect(pull.spec).toMatchObject({ refreshPolicy: 'Periodic', refreshInterval: '1h', target: { template: { type: 'kubernetes.io/dockerconfigjson' } } });
    expect(only(manifests, 'PushSecret').spec).toMatchObject({ deletionPolicy: 'None', selector: { secret: { name: 'payments-db-password' } } });
    expect(only(manifests, 'ECRAuthorizationToken').spec.auth).toEqual({ jwt: { serviceAccountRef: { name: 'ecr-token' } } });
    expect(only(manifests, 'ServiceAccount').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/payments-ecr-pull' });
    expect(only(manifests, 'ClusterExternalSecret').spec.namespaceSelectors).toEqual([{ matchLabels: { 'secrets.example.com/shared-db': 'true' } }]);
  });

  test('Pulumi: the same objects', async () => {
    const fromCdk8s = synthValid(new GeneratorsChart(Testing.app(), 'payments'));
    const p = await import('../../examples/pulumi/external-secrets-generators');
    await settle(p.sharedDb.resource, p.generator.resource, p.password.resource, p.push.resource);
    await settle(p.ecrSa.serviceAccount, p.ecr.resource, p.pullSecret.resource);
    const fromPulumi = kubernetesManifests();
    expectValidManifests(fromPulumi);
    expect(sorted(fromPulumi)).toEqual(sorted(fromCdk8s));
  });
});
