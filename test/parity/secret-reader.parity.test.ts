/**
 * Parity: the cdk8s and Pulumi front-ends produce the same ServiceAccount, Role and RoleBinding for the
 * same inputs (both call the same core builders; this proves the wiring does not drift).
 */
import { Testing } from 'cdk8s';
import { PaymentsChart } from '../../examples/cdk8s/least-privilege/main';
import * as cdk8s from '../../src';
import * as pl from '../../src/pulumi';
import { only, synthValid, testChart } from '../helpers/cdk8s';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const pick = (manifests: any[], kinds: string[]) =>
  manifests.filter(m => kinds.includes(m.kind)).sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));

describe('parity: cdk8s and Pulumi SecretReader / SecureServiceAccount', () => {
  test('the least-privilege examples produce the same ServiceAccount, Role and RoleBinding', async () => {
    const fromCdk8s = synthValid(new PaymentsChart(Testing.app(), 'payments'));
    const program = await import('../../examples/pulumi/least-privilege');
    await settle(program.reader.roleBinding, program.serviceAccount.serviceAccount);
    const fromPulumi = kubernetesManifests();
    expectValidManifests(fromPulumi);
    const kinds = ['ServiceAccount', 'Role', 'RoleBinding'];
    expect(pick(fromPulumi, kinds)).toEqual(pick(fromCdk8s, kinds));
    expect(pick(fromPulumi, kinds)).toHaveLength(3);
  });

  test.each<[string, Partial<pl.SecretReaderArgs>]>([
    ['defaults', {}],
    ['list/watch opt-in and an explicit name', { allowListWatch: true, name: 'worker-watch' }],
    ['explicit verbs and labels', { verbs: ['get'], labels: { 'app.kubernetes.io/part-of': 'payments' } }],
    ['cross-namespace subject', { serviceAccountNamespace: 'ops', allowCrossNamespaceSubject: true }],
  ])('SecretReader with %s', async (_, extra) => {
    const secrets = ['b-secret', 'a-secret', 'b-secret'];
    const chart = testChart();
    const subject = extra.serviceAccountNamespace
      ? cdk8s.SecureServiceAccount.fromServiceAccountName(chart, 'sa', 'worker', { namespaceName: extra.serviceAccountNamespace })
      : 'worker';
    new cdk8s.SecretReader(chart, 'reader', {
      serviceAccount: subject,
      secrets,
      allowListWatch: extra.allowListWatch,
      name: extra.name,
      verbs: extra.verbs,
      labels: extra.labels,
      allowCrossNamespaceSubject: extra.allowCrossNamespaceSubject,
    });
    const fromCdk8s = synthValid(chart);

    const reader = new pl.SecretReader('reader', { namespace: 'payments', serviceAccount: 'worker', secrets, ...extra });
    await settle(reader.role, reader.roleBinding);
    const fromPulumi = kubernetesManifests();
    expectValidManifests(fromPulumi);
    expect(pick(fromPulumi, ['Role', 'RoleBinding'])).toEqual(pick(fromCdk8s, ['Role', 'RoleBinding']));
  });

  test.each<[string, () => pl.WorkloadIdentity | undefined, boolean]>([
    ['IRSA', () => pl.WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/app'), false],
    ['GKE', () => pl.WorkloadIdentity.gcp('payment-api@my-project.iam.gserviceaccount.com'), false],
    ['AKS with tenant', () => pl.WorkloadIdentity.azure('00000000-1111-2222-3333-444444444444', { tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' }), false],
    ['no identity, automount opt-in', () => undefined, true],
  ])('SecureServiceAccount with %s', async (_, identity, automountToken) => {
    const chart = testChart();
    new cdk8s.SecureServiceAccount(chart, 'sa', { name: 'app-sa', identity: identity(), automountToken, labels: { team: 'payments' } });
    const fromCdk8s = only(synthValid(chart), 'ServiceAccount');
    const sa = new pl.SecureServiceAccount('sa', { name: 'app-sa', namespace: 'payments', identity: identity(), automountToken, labels: { team: 'payments' } });
    await settle(sa.serviceAccount);
    expect(only(kubernetesManifests(), 'ServiceAccount')).toEqual(fromCdk8s);
  });
});
