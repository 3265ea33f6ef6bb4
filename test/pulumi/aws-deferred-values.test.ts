/**
 * Issue 11: values that arrive as Outputs are checked when they resolve, with the same rules as plain
 * values, and each failure is reported once. The program runs as its own process (a rejected Output
 * would fail a jest worker) and prints each error the way Pulumi reports it: once per error object.
 *
 * Before this change (commit 5947773), the same program reported 5 errors for 10 bad values: the
 * cluster's bad key was accepted by the cluster and the secret and reported twice, by each role that
 * re-checked it; cluster key regions, secret keys, rotation Lambdas, key regions and cluster names were
 * accepted silently. Now each component checks each deferred value once, where it enters, and every
 * consumer reads the checked Output, so the one error object travels to all of them.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { ValidationError, podIdentityTrustPolicy, secretReadPolicy } from '../../src/core';
import { checkEksClusterName, eksClusterKmsKeyArn } from '../../src/core/aws/eks';
import { irsaTrustPolicy } from '../../src/core/aws/iam';
import { managedSecretKmsKeyArn, managedSecretRotationLambdaArn } from '../../src/core/aws/secrets-manager';

const root = path.join(__dirname, '..', '..');
let lines: string[] = [];

beforeAll(() => {
  // The exit status is not looked at: Pulumi's leak check (runtime/debuggable.js) sets 1 for the registrations
  // left pending behind the rejected Outputs (see the program's comment on waitForRPCs).
  // test/helpers/ts-register.cjs: ts-node's transpile-only output, cached (no compiler to load each run).
  const run = spawnSync(process.execPath, ['-r', path.join(root, 'test', 'helpers', 'ts-register.cjs'), 'test/pulumi/programs/aws-deferred-values.ts'], {
    cwd: root, encoding: 'utf8', timeout: 110_000,
  });
  lines = run.stdout.split('\n');
}, 120_000);

const reports = () => lines.filter(l => l.startsWith('REPORT ')).map(l => JSON.parse(l.slice('REPORT '.length)) as { type: string; message: string });

/** The message the core check gives for the same value as a plain value. */
function messageOf(check: () => unknown): string {
  try {
    check();
  } catch (e) {
    if (e instanceof ValidationError) {
      return e.message;
    }
    throw e;
  }
  throw new Error('the check accepted the value');
}

const SAS = [{ namespace: 'payments', name: 'eso-sa' }, { namespace: 'orders', name: 'eso-sa' }, { namespace: 'billing', name: 'api' }];

const CASES: Array<[string, string]> = [
  ['a cluster key that is an alias (used by a secret and two roles)', messageOf(() => eksClusterKmsKeyArn('arn:aws:kms:us-east-1:111122223333:alias/case-one', 'us-east-1'))],
  ['a cluster key in another region', messageOf(() => eksClusterKmsKeyArn('arn:aws:kms:eu-west-2:111122223333:key/case-two', 'us-east-1'))],
  ['a secret key that is an alias (the secret read by a role)', messageOf(() => managedSecretKmsKeyArn('arn:aws:kms:us-east-1:111122223333:alias/case-three', 'us-east-1'))],
  ['a secret key in another region', messageOf(() => managedSecretKmsKeyArn('arn:aws:kms:eu-west-3:111122223333:key/case-four', 'us-east-1'))],
  ['a rotation Lambda that is a role', messageOf(() => managedSecretRotationLambdaArn('arn:aws:iam::111122223333:role/case-five'))],
  ['an S3 ARN as an IRSA secret', messageOf(() => secretReadPolicy({ component: 'IrsaRole', secretsManagerArns: ['arn:aws:s3:::case-six'] }))],
  ['an S3 ARN as a Pod Identity secret (three associations)', messageOf(() => secretReadPolicy({ component: 'PodIdentityRole', secretsManagerArns: ['arn:aws:s3:::case-seven'] }))],
  ['a role ARN as OIDC provider', messageOf(() => irsaTrustPolicy({ oidcProviderArn: 'arn:aws:iam::111122223333:role/case-eight', oidcIssuer: 'oidc.eks.us-east-1.amazonaws.com/id/X', serviceAccounts: SAS }))],
  ['a key in another region than the secrets', messageOf(() => secretReadPolicy({
    secretsManagerArns: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:case/nine-AbCdEf'], kmsKeyArns: ['arn:aws:kms:ap-south-1:111122223333:key/case-nine'],
  }))],
  ['a Pod Identity cluster name with a space', messageOf(() => checkEksClusterName('PodIdentityRole', 'clusterName', 'case ten'))],
];

describe('AWS components check Outputs once they resolve, and report each failure once', () => {
  test('the program ran to the end', () => {
    expect(lines).toContain(`DONE ${CASES.length}`);
  });

  test.each(CASES)('%s: reported exactly once, with the message of the plain-value check', (_, message) => {
    const matching = reports().filter(r => r.message.endsWith(message));
    expect(matching).toHaveLength(1);
    expect(matching[0].type).toBe('ResourceError');
  });

  test('nothing else is reported', () => {
    expect(reports().filter(r => !CASES.some(([, m]) => r.message.endsWith(m)))).toEqual([]);
    expect(reports()).toHaveLength(CASES.length);
  });

  test('valid Outputs build the same documents as plain values', () => {
    const policy = JSON.parse(lines.find(l => l.startsWith('POLICY r11 '))!.slice('POLICY r11 '.length));
    expect(policy).toEqual(secretReadPolicy({
      secretsManagerArns: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:case/eleven-AbCdEf'],
      kmsKeyArns: ['arn:aws:kms:us-east-1:111122223333:key/case-eleven'],
      partition: 'aws',
    }));
    const trust = JSON.parse(lines.find(l => l.startsWith('TRUST p11 '))!.slice('TRUST p11 '.length));
    expect(trust).toEqual(podIdentityTrustPolicy({ accountId: '111122223333', clusterArn: 'arn:aws:eks:us-east-1:111122223333:cluster/c11-f4baf90', serviceAccounts: SAS }));
  });
});
