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

describe('parity of refusals: the same input, the same message in both front-ends', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['allowListWatch as the string "false"', { allowListWatch: 'false', verbs: ['get', 'list'] },
      'SecretReader: allowListWatch must be the boolean true to opt in, or false or unset; received a string "false".'],
    ['allowCrossNamespaceSubject as 1', { serviceAccountNamespace: 'ops', allowCrossNamespaceSubject: 1 },
      'SecretReader: allowCrossNamespaceSubject must be the boolean true to opt in, or false or unset; received a number 1.'],
    ['a list with holes', { secrets: [,] },
      'SecretReader: secrets[0] is a hole in the list; every entry of secrets must be a Secret name'],
    ['a null Secret', { secrets: ['db', null] }, 'SecretReader: secrets[1] is null; every entry of secrets must be a Secret name'],
    ['a string for the list', { secrets: 'db' }, 'SecretReader: secrets must be a list of a Secret name'],
    ['the default ServiceAccount', { serviceAccount: 'default' },
      'SecretReader: serviceAccount "default" is the ServiceAccount of every pod in its namespace that names none; granting it secret access gives the secrets to all of them. Give the workload its own ServiceAccount (SecureServiceAccount), or set allowDefaultServiceAccount: true.'],
    ['a ServiceAccount in kube-system', { serviceAccountNamespace: 'kube-system', allowCrossNamespaceSubject: true },
      'SecretReader: serviceAccountNamespace "kube-system" is the namespace of the cluster\'s own controllers and add-ons; granting secret access to a ServiceAccount there hands the secrets to whatever compromises any of them. Use a ServiceAccount in the application\'s namespace, or set allowKubeSystem: true.'],
    ['no ServiceAccount', { serviceAccount: undefined },
      'SecretReader: serviceAccount must be a ServiceAccount name, a SecureServiceAccount or a cdk8s-plus IServiceAccount; received undefined.'],
    ['a non-ServiceAccount subject', { serviceAccount: { toSubjectConfiguration: () => ({ kind: 'Group', name: 'admins' }) } },
      'SecretReader: serviceAccount is a Group; a ServiceAccount is required.'],
    ['verbs with a hole', { verbs: ['get', , 'watch'], allowListWatch: true }, 'SecretReader: verbs[1] is a hole in the list'],
    ['null labels', { labels: null }, 'SecretReader: labels must be a map of label keys to string values.'],
  ])('SecretReader refuses %s', (_, extra, message) => {
    const { serviceAccountNamespace, ...rest } = extra;
    const sa = 'serviceAccount' in extra ? extra.serviceAccount : 'worker';
    const chart = testChart();
    const subject = serviceAccountNamespace
      ? cdk8s.SecureServiceAccount.fromServiceAccountName(chart, 'sa', String(sa), { namespaceName: String(serviceAccountNamespace) })
      : sa;
    expect(() => new cdk8s.SecretReader(chart, 'reader', { secrets: ['db'], ...rest, serviceAccount: subject } as any)).toThrow(message);
    expect(() => new pl.SecretReader('reader', { namespace: 'payments', secrets: ['db'], ...extra, serviceAccount: sa } as any)).toThrow(message);
  });

  test('the default ServiceAccount and kube-system with their opt-ins, in both', async () => {
    const chart = testChart();
    new cdk8s.SecretReader(chart, 'reader', { serviceAccount: 'default', secrets: ['db'], allowDefaultServiceAccount: true });
    const fromCdk8s = synthValid(chart);
    const reader = new pl.SecretReader('reader', { namespace: 'payments', serviceAccount: 'default', secrets: ['db'], allowDefaultServiceAccount: true });
    await settle(reader.role, reader.roleBinding);
    expect(pick(kubernetesManifests(), ['Role', 'RoleBinding'])).toEqual(pick(fromCdk8s, ['Role', 'RoleBinding']));
    expect(only(fromCdk8s, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'default', namespace: 'payments' }]);
    const system = testChart({ namespace: 'kube-system' });
    new cdk8s.SecretReader(system, 'reader', { serviceAccount: 'controller', secrets: ['db'], allowKubeSystem: true });
    expect(only(synthValid(system), 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'controller', namespace: 'kube-system' }]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['automountToken as the string "true"', { automountToken: 'true' },
      'SecureServiceAccount: automountToken must be the boolean true to opt in, or false or unset; received a string "true".'],
    ['a null identity', { identity: null }, 'SecureServiceAccount: identity must be a WorkloadIdentity (WorkloadIdentity.awsIrsa, .gcp or .azure); received null.'],
    ['an identity that is a plain object', { identity: { annotations: { 'eks.amazonaws.com/role-arn': 'x' } } },
      'SecureServiceAccount: identity must be a WorkloadIdentity (WorkloadIdentity.awsIrsa, .gcp or .azure); received an object.'],
    ['null labels', { labels: null }, 'SecureServiceAccount: labels must be a map of label keys to string values.'],
    ['null annotations', { annotations: null }, 'SecureServiceAccount: annotations must be a map of annotation keys to string values.'],
  ])('SecureServiceAccount refuses %s', (_, extra, message) => {
    expect(() => new cdk8s.SecureServiceAccount(testChart(), 'sa', { name: 'app-sa', ...extra } as any)).toThrow(message);
    expect(() => new pl.SecureServiceAccount('sa', { name: 'app-sa', namespace: 'payments', ...extra } as any)).toThrow(message);
  });
});
