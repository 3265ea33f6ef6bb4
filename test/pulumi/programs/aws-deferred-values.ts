/**
 * A Pulumi program run under the mock engine as its own process (test/pulumi/aws-deferred-values.test.ts):
 * AWS components fed bad values that arrive as Outputs. A failed check rejects an Output; Pulumi reports
 * each rejection that nobody handles, once per error object (pulumi/pulumi sdk/nodejs/cmd/run/run.ts,
 * `uncaughtHandler` with `isErrorReported`). This program installs the same handler and prints each
 * reported error, so the test can count them. (Inside jest, such rejections would fail the worker.)
 *
 *   node -r ./test/helpers/ts-register.cjs test/pulumi/programs/aws-deferred-values.ts
 * (or `-r ts-node/register/transpile-only`: the same transpilation, uncached)
 */
import * as pulumi from '@pulumi/pulumi';
import { mockCall, mockResourceState } from '../../helpers/aws-mock-state';

const reported = new Set<unknown>();
const report = (err: unknown): void => {
  if (reported.has(err)) {
    return;
  }
  reported.add(err);
  process.stdout.write(`REPORT ${JSON.stringify({ type: (err as Error)?.constructor?.name, message: String((err as Error)?.message ?? err) })}\n`);
};
process.on('unhandledRejection', report);
process.on('uncaughtException', report);

async function main(): Promise<void> {
  let registered = 0;
  await pulumi.runtime.setMocks({
    newResource(args) {
      registered++;
      return { id: `${args.name}-id`, state: mockResourceState(args.type, args.name, args.inputs) };
    },
    call(args) {
      return mockCall(args.token, args.inputs);
    },
  }, 'deferred', 'test', false);
  const { IrsaRole, KmsEncryptedEksCluster, ManagedSecret, PodIdentityRole } = await import('../../../src/pulumi');
  const later = <T>(value: T) => pulumi.output(new Promise<T>(resolve => setTimeout(() => resolve(value), 10)));
  const serviceAccounts = [{ namespace: 'payments', name: 'eso-sa' }, { namespace: 'orders', name: 'eso-sa' }, { namespace: 'billing', name: 'api' }];
  const provider = { oidcProviderArn: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X', oidcIssuer: 'oidc.eks.us-east-1.amazonaws.com/id/X' };

  // 1. A bad key ARN given to the cluster, used by a secret and two roles: one report, the cluster's.
  const c1 = new KmsEncryptedEksCluster('c1', { subnetIds: ['a', 'b'], kmsKeyArn: later('arn:aws:kms:us-east-1:111122223333:alias/case-one') });
  const s1 = new ManagedSecret('s1', { name: 'case/one', kmsKeyArn: c1.kmsKeyArn });
  new IrsaRole('r1', { cluster: c1, serviceAccounts, secretsManagerArns: [s1.arn], kmsKeyArns: [c1.kmsKeyArn] });
  new PodIdentityRole('p1', { cluster: c1, serviceAccounts, secretsManagerArns: [s1.arn], kmsKeyArns: [c1.kmsKeyArn] });
  // 2. A cluster key in another region than the cluster.
  new KmsEncryptedEksCluster('c2', { subnetIds: ['a', 'b'], kmsKeyArn: later('arn:aws:kms:eu-west-2:111122223333:key/case-two') });
  // 3. A secret's key that is an alias, used by a role that reads the secret.
  const s3 = new ManagedSecret('s3', { name: 'case/three', kmsKeyArn: later('arn:aws:kms:us-east-1:111122223333:alias/case-three') });
  new IrsaRole('r3', { ...provider, serviceAccounts, secretsManagerArns: [s3.arn] });
  // 4. A secret's key in another region.
  new ManagedSecret('s4', { name: 'case/four', kmsKeyArn: later('arn:aws:kms:eu-west-3:111122223333:key/case-four') });
  // 5. A rotation Lambda ARN that is no Lambda ARN.
  new ManagedSecret('s5', { name: 'case/five', allowAwsManagedKey: true, rotation: { lambdaArn: later('arn:aws:iam::111122223333:role/case-five') } });
  // 6. An S3 ARN among the secrets of an IRSA role.
  new IrsaRole('r6', { ...provider, serviceAccounts, secretsManagerArns: [later('arn:aws:s3:::case-six')] });
  // 7. The same among the secrets of a Pod Identity role with three associations.
  new PodIdentityRole('p7', { clusterName: 'prod', serviceAccounts, secretsManagerArns: [later('arn:aws:s3:::case-seven')] });
  // 8. An OIDC provider ARN that is a role ARN.
  new IrsaRole('r8', { oidcProviderArn: later('arn:aws:iam::111122223333:role/case-eight'), oidcIssuer: 'oidc.eks.us-east-1.amazonaws.com/id/X', serviceAccounts });
  // 9. A key in another region than the secrets it decrypts.
  new IrsaRole('r9', { ...provider, serviceAccounts, secretsManagerArns: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:case/nine-AbCdEf'], kmsKeyArns: [later('arn:aws:kms:ap-south-1:111122223333:key/case-nine')] });
  // 10. A Pod Identity cluster name that is no cluster name.
  new PodIdentityRole('p10', { clusterName: later('case ten'), serviceAccounts });
  // 11. Valid values as Outputs: no report, the policies are built from them.
  const c11 = new KmsEncryptedEksCluster('c11', { subnetIds: ['a', 'b'], kmsKeyArn: later('arn:aws:kms:us-east-1:111122223333:key/case-eleven') });
  const s11 = new ManagedSecret('s11', { name: 'case/eleven', kmsKeyArn: c11.kmsKeyArn, rotation: { lambdaArn: later('arn:aws:lambda:us-east-1:111122223333:function:case-eleven') } });
  const r11 = new IrsaRole('r11', { cluster: c11, serviceAccounts, secretsManagerArns: [s11.arn], kmsKeyArns: [c11.kmsKeyArn] });
  const p11 = new PodIdentityRole('p11', { cluster: c11, serviceAccounts, secretsManagerArns: [s11.arn], kmsKeyArns: [c11.kmsKeyArn] });
  r11.permissionPolicy.apply(p => process.stdout.write(`POLICY r11 ${p}\n`));
  p11.trustPolicy.apply(p => process.stdout.write(`TRUST p11 ${p}\n`));

  // Resources register asynchronously as their inputs resolve, and rejections are reported as they
  // happen: wait until neither count has moved for QUIET ms (polled every POLL ms, each poll a turn of the
  // event loop). The deferred values arrive after 10 ms; everything runs within ~100 ms of them.
  // Pulumi's own wait, runtime.waitForRPCs, never returns here, however a check fails its value. It waits
  // for the `done` that node_modules/@pulumi/pulumi/runtime/settings.js `rpcKeepAlive` hands each
  // registration. A resource whose input rejects calls its `done` (runtime/resource.js
  // `registerResource`, the `.catch` after `prepareResource`), but nothing ever settles that resource's
  // urn, id or outputs, so each resource that reads one of them, or has it as parent or in dependsOn,
  // waits in `prepareResource` and never calls its own: here c1-oidc, c2-oidc and both pod-identity add-ons
  // (their cluster), the p1 associations (c1's cluster), p7's (its role), and r3 and its policy (s3.arn).
  // pulumi/pulumi#14980 (open) is this hang. It is not the mocks': a `pulumi up` runs the program through
  // cmd/run/run.js `run`, which never calls waitForRPCs; Node exits once its event loop is empty, and the
  // exit handler in cmd/run/index.js gives code 32 after the errors are logged, so the update fails with
  // each message. Automation API inline programs do wait for it (automation/server.js `LanguageServer.run`,
  // through settings.js `disconnect`), and so do component providers (provider/server.js `construct`):
  // those hang.
  const QUIET = 250;
  const POLL = 25;
  let seen = '';
  let quiet = 0;
  for (let waited = 0; waited < 15_000 && quiet < QUIET; waited += POLL) {
    const now = `${registered} ${reported.size}`;
    quiet = now === seen ? quiet + POLL : 0;
    seen = now;
    await new Promise(resolve => setTimeout(resolve, POLL));
  }
  process.stdout.write(`DONE ${reported.size}\n`);
  process.exit(0);
}

void main();
