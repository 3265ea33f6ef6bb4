/**
 * Parity: ClusterExternalSecret, PushSecret, PasswordGenerator, EcrAuthorizationTokenGenerator and an
 * ExternalSecret fed by generators give the same manifests in cdk8s and Pulumi (under mocks), and the
 * same refusals.
 */
import * as cdk8s from '../../src';
import * as pl from '../../src/pulumi';
import { synthValid, testChart } from '../helpers/cdk8s';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const key = (m: any) => `${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`;
const KINDS = ['ClusterExternalSecret', 'PushSecret', 'Password', 'ECRAuthorizationToken', 'ExternalSecret'];
const pick = (manifests: any[]) => manifests.filter(m => KINDS.includes(m.kind)).sort((a, b) => key(a).localeCompare(key(b)));

describe('parity: ESO ClusterExternalSecret, PushSecret and generators', () => {
  test('the same manifests', async () => {
    const css = { name: 'vault', kind: 'ClusterSecretStore' as const };
    const ces = { name: 'shared-db', namespaceSelectors: [{ matchLabels: { 'secrets.example.com/db': 'true' } }], externalSecret: { store: css, data: [{ secretKey: 'url', remoteKey: 'shared/db', property: 'url' }] } };
    const push = { name: 'push-db', stores: [css], secret: 'db-credentials', data: [{ secretKey: 'password', remoteKey: 'payments/db' }], deletionPolicy: 'Delete' as const };
    const sa = { serviceAccountName: 'ecr-pull', serviceAccountNamespace: 'payments' };
    const template = cdk8s.ExternalSecretTemplate.dockerConfigJson({ registry: '111122223333.dkr.ecr.eu-west-1.amazonaws.com', usernameKey: 'username', passwordKey: 'password' });

    const chart = testChart();
    new cdk8s.ClusterExternalSecret(chart, 'ces', ces);
    new cdk8s.PushSecret(chart, 'push', push);
    const pw = new cdk8s.PasswordGenerator(chart, 'pw', { name: 'db-password', length: 40 });
    const ecr = new cdk8s.EcrAuthorizationTokenGenerator(chart, 'ecr', { name: 'ecr', region: 'eu-west-1', serviceAccount: sa });
    new cdk8s.ExternalSecret(chart, 'db', { name: 'db', dataFrom: [{ generator: pw }], ...cdk8s.ExternalSecretRefresh.createdOnce() });
    new cdk8s.ExternalSecret(chart, 'pull', { name: 'pull', dataFrom: [{ generator: ecr }], target: { template }, ...cdk8s.ExternalSecretRefresh.periodic('1h') });
    const fromCdk8s = synthValid(chart);

    const pCes = new pl.ClusterExternalSecret('ces', ces);
    const pPush = new pl.PushSecret('push', { ...push, namespace: 'payments' });
    const pPw = new pl.PasswordGenerator('pw', { name: 'db-password', namespace: 'payments', length: 40 });
    const pEcr = new pl.EcrAuthorizationTokenGenerator('ecr', { name: 'ecr', namespace: 'payments', region: 'eu-west-1', serviceAccount: sa });
    const pDb = new pl.ExternalSecret('db', { name: 'db', namespace: 'payments', dataFrom: [{ generator: pPw }], ...pl.ExternalSecretRefresh.createdOnce() });
    const pPull = new pl.ExternalSecret('pull', { name: 'pull', namespace: 'payments', dataFrom: [{ generator: pEcr }], target: { template }, ...pl.ExternalSecretRefresh.periodic('1h') });
    await settle(pCes.resource, pPush.resource, pPw.resource, pEcr.resource, pDb.resource, pPull.resource);
    const fromPulumi = kubernetesManifests();
    expectValidManifests(fromPulumi);
    expect(pick(fromPulumi)).toHaveLength(6);
    expect(pick(fromPulumi)).toEqual(pick(fromCdk8s));
    expect(pCes.secretName).toBe('shared-db');
  });

  test('the same refusals', () => {
    const msg = 'ClusterExternalSecret: namespaceSelectors[0] {} matches every namespace';
    expect(() => new cdk8s.ClusterExternalSecret(testChart(), 'ces', { namespaceSelectors: [{}], externalSecret: { store: { name: 'v', kind: 'ClusterSecretStore' }, data: [{ secretKey: 'a', remoteKey: 'b' }] } })).toThrow(msg);
    expect(() => new pl.ClusterExternalSecret('ces-bad', { name: 'c', namespaceSelectors: [{}], externalSecret: { store: { name: 'v', kind: 'ClusterSecretStore' }, data: [{ secretKey: 'a', remoteKey: 'b' }] } })).toThrow(msg);
    const push = 'PushSecret: deletionPolicy is missing';
    expect(() => new cdk8s.PushSecret(testChart(), 'p', { stores: [{ name: 'v', kind: 'ClusterSecretStore' }], secret: 's', data: [{ remoteKey: 'r' }] } as never)).toThrow(push);
    expect(() => new pl.PushSecret('p-bad', { name: 'p', namespace: 'payments', stores: [{ name: 'v', kind: 'ClusterSecretStore' }], secret: 's', data: [{ remoteKey: 'r' }] } as never)).toThrow(push);
    expect(() => new cdk8s.PasswordGenerator(testChart(), 'pw', { length: 8 })).toThrow('PasswordGenerator: length 8 is shorter than 20');
    expect(() => new pl.PasswordGenerator('pw-bad', { name: 'p', namespace: 'payments', length: 8 })).toThrow('PasswordGenerator: length 8 is shorter than 20');
  });
});
