import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  ClusterSecretStore, ExternalSecret, NamespaceIsolation, SecretReader, SecretStore, SecretStoreProvider, SecureServiceAccount, VaultAccessPolicy,
  WorkloadIdentity, envFromSecret, mountSecret, secretReloadTransform, withSecretReload,
} from '../../src/pulumi';
import { checkDeferredSettings } from '../../src/pulumi/eso/secret-store';
import { kubernetesManifests, onlyResourceOf, resetRecorded, settle, settled, setupPulumiMocks, stripUndefined } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

const RELOAD = 'secret.reloader.stakater.com/reload';
const CR = 'kubernetes:external-secrets.io/v1:';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const deploymentArgs = (): k8s.apps.v1.DeploymentArgs => ({
  metadata: { name: 'payment-api', namespace: 'payments' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'payment-api' } },
    template: {
      metadata: { labels: { app: 'payment-api' } },
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001 },
        containers: [{ name: 'api', image: 'registry.example.com/payment-api:3.0.0' }, { name: 'proxy', image: 'envoy:1' }],
      },
    },
  },
});

describe('External Secrets components (Pulumi)', () => {
  test('SecretStore, ExternalSecret and SecretReader from the same core', async () => {
    const esoSa = new SecureServiceAccount('eso-sa', { name: 'eso-sa', namespace: 'payments', identity: WorkloadIdentity.awsIrsa(pulumi.output('arn:aws:iam::111122223333:role/eso')) });
    const store = new SecretStore('store', {
      name: 'aws-secrets-manager',
      namespace: 'payments',
      provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: esoSa, role: pulumi.output('arn:aws:iam::444455556666:role/reader') }),
    });
    const db = new ExternalSecret('db', {
      name: 'postgres-credentials-sync',
      namespace: 'payments',
      store,
      target: { name: 'postgres-credentials' },
      data: [{ secretKey: 'POSTGRES_PASSWORD', remoteKey: 'production/payments/postgres', property: 'password' }],
    });
    const reader = new SecretReader('reader', { namespace: 'payments', serviceAccount: 'payment-api-sa', secrets: [db, 'payment-gateway-key'] });
    await settle(store.resource, db.resource, reader.role);

    const storeInputs = stripUndefined(onlyResourceOf(`${CR}SecretStore`).inputs);
    expect(storeInputs.spec.provider.aws).toEqual({
      service: 'SecretsManager', region: 'us-east-1', role: 'arn:aws:iam::444455556666:role/reader', auth: { jwt: { serviceAccountRef: { name: 'eso-sa' } } },
    });
    const es = stripUndefined(onlyResourceOf(`${CR}ExternalSecret`).inputs);
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.spec.target).toEqual({ name: 'postgres-credentials', creationPolicy: 'Owner' });
    expect(es.spec.secretStoreRef).toEqual({ name: 'aws-secrets-manager', kind: 'SecretStore' });
    expect(db.secretName).toBe('postgres-credentials');
    expect(reader.resourceNames).toEqual(['payment-gateway-key', 'postgres-credentials']);
    expectValidManifests(kubernetesManifests());
  });

  test('ClusterSecretStore and network policies', async () => {
    const css = new ClusterSecretStore('css', {
      name: 'vault',
      provider: SecretStoreProvider.vault({ server: 'https://vault.vault.svc:8200', path: 'secret', role: 'eso', serviceAccount: 'eso', serviceAccountNamespace: 'external-secrets' }),
      conditions: [{ namespaces: ['payments'] }],
    });
    const iso = new NamespaceIsolation('iso', { namespace: 'payments' });
    const vault = new VaultAccessPolicy('vault');
    await settle(css.resource, ...iso.policies, ...vault.policies);
    const manifests = kubernetesManifests();
    expectValidManifests(manifests);
    expect(manifests.filter(m => m.kind === 'NetworkPolicy').map(m => m.metadata.name).sort()).toEqual(['allow-dns-egress', 'default-deny-all', 'vault-client-access']);
    expect(stripUndefined(onlyResourceOf(`${CR}ClusterSecretStore`).inputs).metadata).toEqual({ name: 'vault' });
  });

  test.each<[string, () => unknown, string]>([
    ['an unrestricted ClusterSecretStore', () => new ClusterSecretStore('c', { name: 'c', provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' }) }),
      'ClusterSecretStore: conditions is missing; an unrestricted ClusterSecretStore lets an ExternalSecret in any namespace read every secret its identity can read.'],
    ['a namespaced store from another namespace', () => new ExternalSecret('e', {
      name: 'e', namespace: 'orders', store: { name: 's', kind: 'SecretStore', namespace: 'payments' }, data: [{ secretKey: 'k', remoteKey: 'r' }],
    }), 'ExternalSecret: store SecretStore "s" is in namespace "payments" but the ExternalSecret is in "orders"'],
  ])('refuses %s with a ResourceError', (_, build, message) => {
    expect(build).toThrow(pulumi.ResourceError);
    expect(build).toThrow(message);
  });
});

describe('deferred provider settings (the AWS role as an Output)', () => {
  // A rejected Output cannot be registered as a resource input under jest without an unhandled
  // rejection (see test/pulumi/errors.test.ts), so the wrapping is checked on the Outputs themselves and
  // the component's wiring with a spy on the check.
  const BAD_ROLE = 'SecretStoreProvider.awsSecretsManager: role "admin" is not an IAM role ARN; expected arn:<partition>:iam::<12-digit account>:role/<name>.';
  /** The Output's own derived promises (isKnown, isSecret) reject with the same error: observe them all. */
  const rejection = (out: unknown): Promise<unknown[]> => {
    const o = out as { isKnown: Promise<unknown>; isSecret: Promise<unknown> };
    return Promise.allSettled([o.isKnown, o.isSecret, settled(out as pulumi.Output<unknown>)]).then(results => results.map(r => (r.status === 'rejected' ? r.reason : undefined)));
  };

  test('a role that resolves to a non-ARN fails with the message a plain value gets, once', async () => {
    const provider = SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', role: pulumi.output('admin') });
    expect(() => SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', role: 'admin' })).toThrow(BAD_ROLE);
    const owner = new SecureServiceAccount('owner', { name: 'owner', namespace: 'payments' });
    const [check] = provider._deferredChecks();
    const spy = jest.fn(check.check);
    const role = check.value;
    // The same deferred value in two places is wrapped once: one check, one failure.
    const out = checkDeferredSettings(owner, { spec: { provider: { aws: { role } } }, again: [role] }, [{ ...check, check: spy }]);
    expect(out.spec.provider.aws.role).toBe(out.again[0]);
    expect(pulumi.Output.isInstance(out.spec.provider.aws.role)).toBe(true);
    const errors = await rejection(out.spec.provider.aws.role);
    expect(errors[2]).toBeInstanceOf(pulumi.ResourceError);
    expect((errors[2] as Error).message).toBe(BAD_ROLE);
    // One error object everywhere: Pulumi's run loop reports an error object once (cmd/run/run.js
    // uncaughtHandler, isErrorReported), so one wrapped check means one report.
    expect(errors.every(e => e === errors[2])).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith('admin');
  });

  test('the SecretStore and ClusterSecretStore run the check on the resolved role and write it', async () => {
    const provider = SecretStoreProvider.awsParameterStore({ region: 'us-east-1', role: pulumi.output('arn:aws:iam::444455556666:role/reader') });
    const [check] = provider._deferredChecks();
    const spy = jest.fn(check.check);
    jest.spyOn(provider, '_deferredChecks').mockReturnValue([{ ...check, check: spy }]);
    const store = new SecretStore('store', { name: 'ssm', namespace: 'payments', provider });
    const css = new ClusterSecretStore('css', { name: 'ssm', provider, conditions: [{ namespaces: ['payments'] }] });
    await settle(store.resource, css.resource);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(spy).toHaveBeenCalledWith('arn:aws:iam::444455556666:role/reader');
    expect(stripUndefined(onlyResourceOf(`${CR}SecretStore`).inputs).spec.provider.aws.role).toBe('arn:aws:iam::444455556666:role/reader');
    expect(stripUndefined(onlyResourceOf(`${CR}ClusterSecretStore`).inputs).spec.provider.aws.role).toBe('arn:aws:iam::444455556666:role/reader');
    expectValidManifests(kubernetesManifests());
  });
});

describe('Consumption helpers for @pulumi/kubernetes workloads', () => {
  test('mountSecret: read-only 0400 volume in every container, Reloader annotation; the input is not changed', () => {
    const input = deploymentArgs();
    const out = mountSecret(input, { secretName: 'postgres-credentials' }, { path: '/etc/secrets/postgres' }) as any;
    expect(out.metadata).toEqual({ name: 'payment-api', namespace: 'payments', annotations: { [RELOAD]: 'postgres-credentials' } });
    const pod = out.spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'secret-postgres-credentials', secret: { secretName: 'postgres-credentials', defaultMode: 0o400, optional: false } }]);
    for (const c of pod.containers) {
      expect(c.volumeMounts).toEqual([{ name: 'secret-postgres-credentials', mountPath: '/etc/secrets/postgres', readOnly: true }]);
      expect(c.env).toBeUndefined();
    }
    expect((input as any).spec.template.spec.volumes).toBeUndefined();
    expect((input as any).metadata.annotations).toBeUndefined();
  });

  test('envFromSecret: an explicit opt-in, envFrom or selected keys; annotation merged and sorted', () => {
    let args: any = deploymentArgs();
    args.metadata.annotations = { [RELOAD]: 'zz-existing' };
    args = envFromSecret(args, 'payment-gateway-key', { container: 'api' });
    args = envFromSecret(args, 'postgres-credentials', { keys: { DB_PASSWORD: 'POSTGRES_PASSWORD' }, container: 'api', reload: false });
    const [api, proxy] = args.spec.template.spec.containers;
    expect(api.envFrom).toEqual([{ secretRef: { name: 'payment-gateway-key' } }]);
    expect(api.env).toEqual([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'POSTGRES_PASSWORD', optional: false } } }]);
    expect(proxy.envFrom).toBeUndefined();
    expect(args.metadata.annotations[RELOAD]).toBe('payment-gateway-key,zz-existing');
  });

  test('secretReloadTransform lists exactly the Secrets the pod spec reads, even through Outputs', async () => {
    const args: any = deploymentArgs();
    args.spec.template.spec.volumes = [{ name: 'tls', secret: { secretName: pulumi.output('api-tls') } }];
    args.spec.template.spec.containers[1].envFrom = [{ secretRef: { name: 'proxy-token' } }];
    // withSecretReload on one workload (transforms need the Pulumi engine, which mocks do not run).
    const d = new k8s.apps.v1.Deployment('api', withSecretReload(args, { exclude: ['proxy-token'] }));
    await settle(d);
    const recorded = stripUndefined(onlyResourceOf('kubernetes:apps/v1:Deployment').inputs);
    expect(recorded.metadata).toEqual({ name: 'payment-api', namespace: 'payments', annotations: { [RELOAD]: 'api-tls' } });
    expect(await settled(d.metadata.annotations)).toEqual({ [RELOAD]: 'api-tls' });

    // The transform applies the same to reloadable kinds and leaves everything else alone.
    const transform = secretReloadTransform();
    const result = await transform({ type: 'kubernetes:apps/v1:StatefulSet', name: 's', custom: true, props: args, opts: {} });
    expect((await settled<any>((result as any).props.metadata)).annotations).toEqual({ [RELOAD]: 'api-tls,proxy-token' });
    expect(await transform({ type: 'kubernetes:core/v1:ConfigMap', name: 'c', custom: true, props: { data: {} }, opts: {} })).toBeUndefined();
    expect(await transform({ type: 'kubernetes:batch/v1:Job', name: 'j', custom: true, props: args, opts: {} })).toBeUndefined();
  });

  test.each<[string, () => unknown, string]>([
    ['a spec that is an Output', () => mountSecret({ spec: pulumi.output({}) }, 'db', { path: '/db' }),
      'mountSecret: args.spec is an Output (or not an object); build the workload spec as a plain object (leaves may be Outputs), or add the volume yourself and register secretReloadTransform().'],
    ['a pod without fsGroup', () => {
      const args: any = deploymentArgs();
      delete args.spec.template.spec.securityContext.fsGroup;
      return mountSecret(args, 'db', { path: '/db' });
    }, 'mountSecret: workload has no securityContext.fsGroup, so the Secret\'s files (mode 0o400) are owned by root:root'],
    ['an unknown container', () => envFromSecret(deploymentArgs(), 'db', { container: 'nope' }),
      'envFromSecret: container "nope" is not a container of the workload (containers: "api", "proxy").'],
    ['a volume name clash', () => mountSecret(mountSecret(deploymentArgs(), 'a', { path: '/a', volumeName: 'creds' }), 'b', { path: '/b', volumeName: 'creds' }),
      'mountSecret: volumeName "creds" is already used by another volume of the pod; set volumeName.'],
    ['a wildcard Secret', () => envFromSecret(deploymentArgs(), '*'),
      'envFromSecret: secret "*" is a wildcard or glob; name each object explicitly (Kubernetes matches names exactly and cannot narrow them by pattern).'],
  ])('helpers refuse %s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
