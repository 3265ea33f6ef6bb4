import * as kplus from 'cdk8s-plus-27';
import {
  ApiServerEgressGuard, ClusterSecretStore, ExternalSecret, ExternalSecretsEgressPolicy, NamespaceIsolation, SecretReader, SecretStore,
  SecretStoreProvider, SecureServiceAccount, VaultAccessPolicy, WorkloadIdentity, envFromSecret, mountSecret, reloadOnSecretChange,
} from '../../src';
import { ofKind, only, synthValid, testChart } from '../helpers/cdk8s';

const RELOAD = 'secret.reloader.stakater.com/reload';

function paymentsChart() {
  const chart = testChart();
  const esoSa = new SecureServiceAccount(chart, 'eso-sa', {
    name: 'eso-sa', identity: WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/eso-payments'),
  });
  const store = new SecretStore(chart, 'store', {
    name: 'aws-secrets-manager', provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: esoSa }),
  });
  const db = new ExternalSecret(chart, 'db', {
    name: 'postgres-credentials-sync',
    store,
    refreshInterval: '1h',
    target: { name: 'postgres-credentials' },
    data: [
      { secretKey: 'POSTGRES_USER', remoteKey: 'production/payments/postgres', property: 'username' },
      { secretKey: 'POSTGRES_PASSWORD', remoteKey: 'production/payments/postgres', property: 'password' },
    ],
  });
  const api = new kplus.Deployment(chart, 'api', {
    replicas: 3,
    securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
    containers: [{ image: 'registry.example.com/payment-api:3.0.0', portNumber: 8080 }],
  });
  return { chart, esoSa, store, db, api };
}

describe('External Secrets constructs (cdk8s)', () => {
  test('the issue usage: store with auth.jwt.serviceAccountRef, ExternalSecret, mount + env with Reloader', () => {
    const { chart, store, db, api } = paymentsChart();
    mountSecret(api, db, { path: '/etc/secrets/postgres' });
    envFromSecret(api, 'payment-gateway-key');
    const manifests = synthValid(chart);

    const storeObj = only(manifests, 'SecretStore');
    expect(storeObj.apiVersion).toBe('external-secrets.io/v1');
    expect(storeObj.spec.provider.aws.auth.jwt.serviceAccountRef).toEqual({ name: 'eso-sa' });
    expect(store.storeRef).toEqual({ name: 'aws-secrets-manager', kind: 'SecretStore', namespace: 'payments' });

    const es = only(manifests, 'ExternalSecret');
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.spec.secretStoreRef).toEqual({ name: 'aws-secrets-manager', kind: 'SecretStore' });
    expect(es.spec.target).toEqual({ name: 'postgres-credentials', creationPolicy: 'Owner' });
    expect(db.secretName).toBe('postgres-credentials');

    const deployment = only(manifests, 'Deployment');
    expect(deployment.metadata.annotations[RELOAD]).toBe('payment-gateway-key,postgres-credentials');
    const pod = deployment.spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'secret-postgres-credentials', secret: { secretName: 'postgres-credentials', defaultMode: 0o400, optional: false } }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'secret-postgres-credentials', mountPath: '/etc/secrets/postgres', readOnly: true }]);
    expect(pod.containers[0].envFrom).toEqual([{ secretRef: { name: 'payment-gateway-key' } }]);
    expect(pod.containers[0].env).toBeUndefined();
    expect(manifests).toMatchSnapshot();
  });

  test('mounting alone puts no Secret in env', () => {
    const { chart, db, api } = paymentsChart();
    mountSecret(api, db, { path: '/etc/secrets/postgres' });
    const pod = only(synthValid(chart), 'Deployment').spec.template.spec;
    expect(pod.containers[0].env).toBeUndefined();
    expect(pod.containers[0].envFrom).toBeUndefined();
  });

  test('the Reloader annotation merges with what is already there and lists every Secret the pod reads', () => {
    const chart = testChart();
    const api = new kplus.StatefulSet(chart, 'api', {
      metadata: { annotations: { [RELOAD]: 'legacy-secret,postgres-credentials' } },
      securityContext: { fsGroup: 2000 },
      containers: [{ name: 'main', image: 'img:1', portNumber: 8080 }, { name: 'side', image: 'img:2' }],
    });
    // A Secret consumed directly through cdk8s-plus is listed too.
    api.containers[1].env.addVariable('TOKEN', kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(chart, 's', 'side-token'), key: 'token' }));
    mountSecret(api, 'postgres-credentials', { path: '/etc/db', container: 'main' });
    envFromSecret(api, 'payment-gateway-key', { keys: { GATEWAY_KEY: 'key' }, container: api.containers[0] });
    reloadOnSecretChange(api, 'synced-by-csi');
    const sts = only(synthValid(chart), 'StatefulSet');
    expect(sts.metadata.annotations[RELOAD]).toBe('legacy-secret,payment-gateway-key,postgres-credentials,side-token,synced-by-csi');
    const [main, side] = sts.spec.template.spec.containers;
    expect(main.volumeMounts).toEqual([{ name: 'secret-postgres-credentials', mountPath: '/etc/db', readOnly: true }]);
    expect(side.volumeMounts).toBeUndefined();
    expect(main.env).toEqual([{ name: 'GATEWAY_KEY', valueFrom: { secretKeyRef: { name: 'payment-gateway-key', key: 'key', optional: false } } }]);
  });

  test('opt-out per Secret with reload: false; non-reloadable workloads get no annotation', () => {
    const chart = testChart();
    const api = new kplus.DaemonSet(chart, 'agent', { securityContext: { fsGroup: 2000 }, containers: [{ image: 'agent:1' }] });
    mountSecret(api, 'static-config', { path: '/etc/static', reload: false });
    mountSecret(api, 'rotating', { path: '/etc/rotating' });
    const job = new kplus.Job(chart, 'job', { securityContext: { fsGroup: 2000 }, containers: [{ image: 'job:1' }] });
    mountSecret(job, 'rotating', { path: '/etc/rotating' });
    const manifests = synthValid(chart);
    expect(only(manifests, 'DaemonSet').metadata.annotations[RELOAD]).toBe('rotating');
    expect(only(manifests, 'Job').metadata.annotations).toBeUndefined();
    const off = testChart();
    const d = new kplus.Deployment(off, 'd', { securityContext: { fsGroup: 2000 }, containers: [{ image: 'x:1' }] });
    mountSecret(d, 'a', { path: '/a', reload: false });
    expect(only(synthValid(off), 'Deployment').metadata.annotations).toBeUndefined();
  });

  test('the ExternalSecret target Secret works with SecretReader, cdk8s-plus volumes and env values', () => {
    const { chart, db, api } = paymentsChart();
    const reader = new SecretReader(chart, 'reader', { serviceAccount: 'payment-api-sa', secrets: [db, db.secret] });
    expect(reader.resourceNames).toEqual(['postgres-credentials']);
    api.containers[0].env.addVariable('DB_USER', db.envValue('POSTGRES_USER'));
    const pod = new kplus.Pod(chart, 'pod', { containers: [{ image: 'debug:1' }] });
    pod.containers[0].mount('/db', kplus.Volume.fromSecret(chart, 'v', db.secret));
    const manifests = synthValid(chart);
    expect(only(manifests, 'Deployment').spec.template.spec.containers[0].env)
      .toEqual([{ name: 'DB_USER', valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'POSTGRES_USER' } } }]);
    expect(only(manifests, 'Pod').spec.volumes[0].secret.secretName).toBe('postgres-credentials');
  });

  test('ClusterSecretStore: cluster-scoped (no namespace), conditions, usable from an ExternalSecret', () => {
    const chart = testChart();
    const sa = new SecureServiceAccount(chart, 'sa', { name: 'eso-vault', namespace: 'external-secrets' });
    const store = new ClusterSecretStore(chart, 'vault', {
      name: 'vault',
      provider: SecretStoreProvider.vault({ server: 'https://vault.vault.svc:8200', path: 'secret', role: 'eso', serviceAccount: sa }),
      conditions: [{ namespaces: ['payments'] }],
    });
    new ExternalSecret(chart, 'es', { store, data: [{ secretKey: 'k', remoteKey: 'payments/app' }] });
    const manifests = synthValid(chart);
    const css = only(manifests, 'ClusterSecretStore');
    expect(css.metadata).toEqual({ name: 'vault' });
    expect(css.spec.conditions).toEqual([{ namespaces: ['payments'] }]);
    expect(css.spec.provider.vault.auth.kubernetes.serviceAccountRef).toEqual({ name: 'eso-vault', namespace: 'external-secrets' });
    const es = only(manifests, 'ExternalSecret');
    expect(es.spec.secretStoreRef).toEqual({ name: 'vault', kind: 'ClusterSecretStore' });
    expect(es.spec.target.name).toBe(es.metadata.name);
  });

  test('NetworkPolicy constructs', () => {
    const chart = testChart();
    new NamespaceIsolation(chart, 'iso');
    new ApiServerEgressGuard(chart, 'guard', { apiServerAddresses: ['10.0.0.1'], podLabels: { app: 'payment-api' }, allowedEgress: ['10.0.0.0/8'] });
    const provider = SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });
    new ExternalSecretsEgressPolicy(chart, 'eso', { providers: [provider], apiServer: { cidrs: ['10.0.0.0/16'] }, cloudApiCidrs: ['10.0.128.0/24'] });
    new VaultAccessPolicy(chart, 'vault');
    const policies = ofKind(synthValid(chart), 'NetworkPolicy');
    expect(policies.map(p => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual([
      'payments/default-deny-all', 'payments/allow-dns-egress', 'payments/deny-apiserver-egress',
      'external-secrets/external-secrets-egress', 'vault/vault-client-access',
    ]);
  });

  test.each<[string, () => void, string]>([
    ['a namespaced store from another namespace', () => {
      const { chart, store } = paymentsChart();
      new ExternalSecret(chart, 'x', { namespace: 'orders', store, data: [{ secretKey: 'k', remoteKey: 'r' }] });
    }, 'ExternalSecret: store SecretStore "aws-secrets-manager" is in namespace "payments" but the ExternalSecret is in "orders"; a SecretStore serves only its own namespace. Create a SecretStore in "orders" or use a ClusterSecretStore that allows it.'],
    ['a non-root pod without fsGroup', () => {
      const chart = testChart();
      const d = new kplus.Deployment(chart, 'd', { containers: [{ image: 'x:1' }] });
      mountSecret(d, 'db', { path: '/db' });
    }, 'mountSecret: workload has no securityContext.fsGroup, so the Secret\'s files (mode 0o400) are owned by root:root and a non-root container cannot read them. Set the pod\'s securityContext fsGroup to the container\'s group (Kubernetes then makes the files group-readable by it).'],
    ['an unknown container', () => {
      const { api } = paymentsChart();
      mountSecret(api, 'db', { path: '/db', container: 'sidecar' });
    }, 'mountSecret: container "sidecar" is not a container of the workload (containers: "main").'],
    ['a Secret from another namespace', () => {
      const { chart, api } = paymentsChart();
      const other = new ExternalSecret(chart, 'o', { name: 'o', namespace: 'orders', store: { name: 'css', kind: 'ClusterSecretStore' }, data: [{ secretKey: 'k', remoteKey: 'r' }] });
      envFromSecret(api, other);
    }, 'envFromSecret: secret "o" is in namespace "orders" but the workload is in "payments"; pods can only use Secrets of their own namespace.'],
    ['a glob as Secret name', () => {
      const { api } = paymentsChart();
      envFromSecret(api, 'db-*');
    }, 'envFromSecret: secret "db-*" is a wildcard or glob; name each object explicitly (Kubernetes matches names exactly and cannot narrow them by pattern).'],
    ['a bad env var name', () => {
      const { api } = paymentsChart();
      envFromSecret(api, 'db', { keys: { '1BAD': 'k' } });
    }, 'envFromSecret: keys["1BAD"] is not a valid environment variable name (letters, digits, "_", "-", "."; not starting with a digit).'],
    ['reload on a Job', () => {
      const chart = testChart();
      reloadOnSecretChange(new kplus.Job(chart, 'j', { containers: [{ image: 'x:1' }] }) as any, 'db');
    }, 'reloadOnSecretChange: workload is a Job. Reloader does not restart a Job: when a listed Secret changes it deletes and re-creates the Job, which runs it again. Each run reads the current Secret, so a Job needs no Reloader annotation.'],
    ['a deferred role (a Pulumi Output) in cdk8s', () => {
      const role = { apply: () => undefined } as never;
      new SecretStore(testChart(), 's', { provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', role }) });
    }, 'SecretStore: provider.role is a deferred value (for example a Pulumi Output); cdk8s writes manifests at synth time and needs a plain string here.'],
    ['a null name (not defaulted)', () => {
      new SecretStore(testChart(), 's', { name: null as never, provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' }) });
    }, 'SecretStore: name must be a string (SecretStore name); received null.'],
    ['undefined props', () => {
      new ExternalSecret(testChart(), 'e', undefined as never);
    }, 'ExternalSecret: props must be the ExternalSecret props { store, data | dataFrom, ... }; received undefined.'],
    ['a SecretStore without any namespace', () => {
      new SecretStore(testChart({}), 's', { provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' }) });
    }, 'SecretStore: namespace is not set and the Chart has no namespace; set the namespace prop or create the Chart with { namespace: "..." } so the objects do not land in whatever namespace kubectl happens to use.'],
  ])('refuses %s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
