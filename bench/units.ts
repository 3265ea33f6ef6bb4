/**
 * The benchmark's "app unit" (issue 18), built three ways into a cdk8s scope: with this library, with
 * cdk8s-plus-27 only (the closest construction without it), and as raw `ApiObject`s carrying exactly the
 * manifests the library emits. One unit: an IRSA ServiceAccount for ESO, a SecretStore, two
 * ExternalSecrets, a Deployment with one Secret mounted and one in env (Reloader annotation), a
 * SecretReader for both Secrets and namespace isolation NetworkPolicies. Each unit has its own namespace;
 * all units share one Chart, as a platform monorepo's chart of services does.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  ExternalSecret, NamespaceIsolation, SecretReader, SecretStore, SecretStoreProvider, SecureServiceAccount, WorkloadIdentity,
  envFromSecret, mountSecret,
} from 'kube-secure-secrets';

const ROLE_ARN = 'arn:aws:iam::111122223333:role/eso-payments';
const IMAGE = 'registry.example.com/payment-api:3.0.0';

/** The namespace of unit `i`. */
export function unitNamespace(i: number): string {
  return `team-${i}`;
}

/** One unit with kube-secure-secrets. */
export function libraryUnit(chart: Construct, i: number): void {
  const namespace = unitNamespace(i);
  const scope = new Construct(chart, `u${i}`);
  const esoSa = new SecureServiceAccount(scope, 'eso-sa', { name: 'eso-sa', namespace, identity: WorkloadIdentity.awsIrsa(ROLE_ARN) });
  const store = new SecretStore(scope, 'store', {
    name: 'aws-secrets-manager',
    namespace,
    provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: esoSa }),
  });
  const db = new ExternalSecret(scope, 'db', {
    name: 'postgres-credentials-sync',
    namespace,
    store,
    refreshInterval: '1h',
    target: { name: 'postgres-credentials' },
    data: [
      { secretKey: 'POSTGRES_USER', remoteKey: 'production/payments/postgres', property: 'username' },
      { secretKey: 'POSTGRES_PASSWORD', remoteKey: 'production/payments/postgres', property: 'password' },
      { secretKey: 'POSTGRES_DB', remoteKey: 'production/payments/postgres', property: 'database' },
    ],
  });
  const gateway = new ExternalSecret(scope, 'gateway', {
    name: 'payment-gateway-key-sync',
    namespace,
    store,
    refreshInterval: '1h',
    target: { name: 'payment-gateway-key' },
    data: [{ secretKey: 'PAYMENT_GATEWAY_KEY', remoteKey: 'production/payments/gateway', property: 'apiKey' }],
  });
  const apiSa = new SecureServiceAccount(scope, 'api-sa', { name: 'payment-api-sa', namespace });
  const api = new kplus.Deployment(scope, 'api', {
    metadata: { name: 'payment-api', namespace },
    replicas: 3,
    serviceAccount: apiSa,
    securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
    containers: [{ name: 'payment-api', image: IMAGE, portNumber: 8080 }],
  });
  mountSecret(api, db, { path: '/etc/secrets/postgres' });
  envFromSecret(api, gateway);
  new SecretReader(scope, 'reader', { namespace, serviceAccount: apiSa, secrets: [db, gateway] });
  new NamespaceIsolation(scope, 'isolation', { namespace });
}

type Remote = [secretKey: string, key: string, property: string];

function externalSecret(scope: Construct, id: string, namespace: string, name: string, target: string, data: Remote[]): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'SecretStore', name: 'aws-secrets-manager' },
      target: { name: target, creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      data: data.map(([secretKey, key, property]) => ({ secretKey, remoteRef: { key, property } })),
    },
  });
}

/** One unit with cdk8s-plus-27 only (CRDs as ApiObjects; no validation, no computed Reloader annotation). */
export function kplusUnit(chart: Construct, i: number): void {
  const namespace = unitNamespace(i);
  const scope = new Construct(chart, `u${i}`);
  new kplus.ServiceAccount(scope, 'eso-sa', {
    metadata: { name: 'eso-sa', namespace, annotations: { 'eks.amazonaws.com/role-arn': ROLE_ARN } },
    automountToken: false,
  });
  new ApiObject(scope, 'store', {
    apiVersion: 'external-secrets.io/v1',
    kind: 'SecretStore',
    metadata: { name: 'aws-secrets-manager', namespace },
    spec: { provider: { aws: { service: 'SecretsManager', region: 'us-east-1', auth: { jwt: { serviceAccountRef: { name: 'eso-sa' } } } } } },
  });
  externalSecret(scope, 'db', namespace, 'postgres-credentials-sync', 'postgres-credentials', [
    ['POSTGRES_USER', 'production/payments/postgres', 'username'],
    ['POSTGRES_PASSWORD', 'production/payments/postgres', 'password'],
    ['POSTGRES_DB', 'production/payments/postgres', 'database'],
  ]);
  externalSecret(scope, 'gateway', namespace, 'payment-gateway-key-sync', 'payment-gateway-key', [
    ['PAYMENT_GATEWAY_KEY', 'production/payments/gateway', 'apiKey'],
  ]);
  const apiSa = new kplus.ServiceAccount(scope, 'api-sa', { metadata: { name: 'payment-api-sa', namespace }, automountToken: false });
  const db = kplus.Secret.fromSecretName(scope, 'db-secret', 'postgres-credentials');
  const gateway = kplus.Secret.fromSecretName(scope, 'gateway-secret', 'payment-gateway-key');
  const api = new kplus.Deployment(scope, 'api', {
    metadata: { name: 'payment-api', namespace, annotations: { 'secret.reloader.stakater.com/reload': 'payment-gateway-key,postgres-credentials' } },
    replicas: 3,
    serviceAccount: apiSa,
    securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
    containers: [{ name: 'payment-api', image: IMAGE, portNumber: 8080 }],
  });
  const volume = kplus.Volume.fromSecret(scope, 'db-volume', db, { name: 'secret-postgres-credentials', defaultMode: 0o400, optional: false });
  api.containers[0].mount('/etc/secrets/postgres', volume, { readOnly: true });
  api.containers[0].env.copyFrom(new kplus.EnvFrom(undefined, undefined, gateway));
  const role = new kplus.Role(scope, 'role', { metadata: { name: 'payment-api-sa-secret-reader', namespace } });
  role.allow(['get'], db, gateway);
  new kplus.RoleBinding(scope, 'binding', { metadata: { name: 'payment-api-sa-secret-reader', namespace }, role }).addSubjects(apiSa);
  new kplus.NetworkPolicy(scope, 'deny-all', {
    metadata: { name: 'default-deny-all', namespace },
    selector: kplus.Pods.all(scope, 'all-pods'),
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    egress: {
      default: kplus.NetworkPolicyTrafficDefault.DENY,
    },
  });
  new kplus.NetworkPolicy(scope, 'allow-dns', {
    metadata: { name: 'allow-dns-egress', namespace },
    selector: kplus.Pods.all(scope, 'all-pods-dns'),
    egress: {
      rules: [{
        peer: kplus.Pods.select(scope, 'kube-dns', { labels: { 'k8s-app': 'kube-dns' }, namespaces: kplus.Namespaces.select(scope, 'kube-system', { names: ['kube-system'] }) }),
        ports: [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)],
      }],
    },
  });
}

/** The manifests of one library unit in namespace `__NS__`, as JSON text (the raw baseline's template). */
export function libraryUnitTemplate(): string {
  const app = new App();
  const chart = new Chart(app, 'template');
  libraryUnit(chart, 0);
  return JSON.stringify(chart.toJson()).split(`"${unitNamespace(0)}"`).join('"__NS__"');
}

/** The raw baseline's input: each unit's manifests, made before timing starts. */
export function rawUnitInputs(template: string, count: number): unknown[][] {
  return Array.from({ length: count }, (_, i) => JSON.parse(template.split('__NS__').join(unitNamespace(i))) as unknown[]);
}

/** One unit as raw ApiObjects with the library's manifests. */
export function rawUnit(chart: Construct, i: number, manifests: unknown[]): void {
  const scope = new Construct(chart, `u${i}`);
  manifests.forEach((m, j) => new ApiObject(scope, `o${j}`, m as ConstructorParameters<typeof ApiObject>[2]));
}
