/**
 * The app unit of bench/units.ts as a Pulumi program: with `kube-secure-secrets/pulumi`, and as raw
 * `@pulumi/kubernetes` resources carrying the manifests the library registers (recorded from its first
 * unit under the same mocks).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  ExternalSecret, NamespaceIsolation, SecretReader, SecretStore, SecretStoreProvider, SecureServiceAccount, WorkloadIdentity,
  envFromSecret, mountSecret,
} from 'kube-secure-secrets/pulumi';

/** One resource the mocks saw. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

/** Everything registered with the mocks, in order. */
export const registered: Registered[] = [];

/** Install mocks that record every resource and return its inputs as its state. */
export function installMocks(): void {
  void pulumi.runtime.setMocks({
    newResource(args: pulumi.runtime.MockResourceArgs) {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call(args: pulumi.runtime.MockCallArgs) {
      return args.inputs;
    },
  }, 'kube-secure-secrets-bench', 'bench', false);
}

/** Wait until every registration the program made has been answered by the mocks. */
export async function settled(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require('@pulumi/pulumi/runtime/settings') as { waitForRPCs(): Promise<void> };
  await settings.waitForRPCs();
}

/** One unit with kube-secure-secrets/pulumi. */
export function libraryUnit(prefix: string, namespace: string): void {
  const esoSa = new SecureServiceAccount(`${prefix}-eso-sa`, { name: 'eso-sa', namespace, identity: WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/eso-payments') });
  const store = new SecretStore(`${prefix}-store`, {
    name: 'aws-secrets-manager',
    namespace,
    provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: esoSa }),
  });
  const db = new ExternalSecret(`${prefix}-db`, {
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
  const gateway = new ExternalSecret(`${prefix}-gateway`, {
    name: 'payment-gateway-key-sync',
    namespace,
    store,
    refreshInterval: '1h',
    target: { name: 'payment-gateway-key' },
    data: [{ secretKey: 'PAYMENT_GATEWAY_KEY', remoteKey: 'production/payments/gateway', property: 'apiKey' }],
  });
  const apiSa = new SecureServiceAccount(`${prefix}-api-sa`, { name: 'payment-api-sa', namespace });
  let deployment: k8s.apps.v1.DeploymentArgs = {
    metadata: { name: 'payment-api', namespace },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'payment-api' } },
      template: {
        metadata: { labels: { app: 'payment-api' } },
        spec: {
          serviceAccountName: apiSa.serviceAccountName,
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
          containers: [{
            name: 'payment-api',
            image: 'registry.example.com/payment-api:3.0.0',
            ports: [{ containerPort: 8080 }],
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          }],
        },
      },
    },
  };
  deployment = mountSecret(deployment, db, { path: '/etc/secrets/postgres' });
  deployment = envFromSecret(deployment, gateway);
  new k8s.apps.v1.Deployment(`${prefix}-payment-api`, deployment, { dependsOn: [db, gateway] });
  new SecretReader(`${prefix}-reader`, { namespace, serviceAccount: apiSa, secrets: [db, gateway] });
  new NamespaceIsolation(`${prefix}-isolation`, { namespace });
}

type Args = Record<string, unknown>;
const CLASSES: Record<string, new (name: string, args: Args) => pulumi.CustomResource> = {
  'kubernetes:core/v1:ServiceAccount': k8s.core.v1.ServiceAccount as never,
  'kubernetes:apps/v1:Deployment': k8s.apps.v1.Deployment as never,
  'kubernetes:rbac.authorization.k8s.io/v1:Role': k8s.rbac.v1.Role as never,
  'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding': k8s.rbac.v1.RoleBinding as never,
  'kubernetes:networking.k8s.io/v1:NetworkPolicy': k8s.networking.v1.NetworkPolicy as never,
};

/** The raw baseline's template: the Kubernetes resources the library registered for one unit. */
export function rawTemplate(from: readonly Registered[]): Registered[] {
  return from.filter(r => r.type.startsWith('kubernetes:')).map(r => {
    const { apiVersion: _a, kind: _k, ...rest } = r.inputs;
    return { ...r, inputs: r.type.startsWith('kubernetes:') && !(r.type in CLASSES) ? r.inputs : rest };
  });
}

/** One unit as raw @pulumi/kubernetes resources. */
export function rawUnit(prefix: string, template: readonly Registered[]): void {
  template.forEach((r, j) => {
    const cls = CLASSES[r.type];
    if (cls) {
      new cls(`${prefix}-r${j}`, r.inputs);
    } else {
      new k8s.apiextensions.CustomResource(`${prefix}-r${j}`, r.inputs as unknown as k8s.apiextensions.CustomResourceArgs);
    }
  });
}
