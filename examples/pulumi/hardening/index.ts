/**
 * Cluster and workload hardening (Pulumi): the twin of examples/cdk8s/hardening, built from the same
 * core. The `@pulumi/kubernetes` workloads get the Vault agent, the CSI volume and the Infisical reload
 * annotation from the helpers; the Vault policy and role are plain values, ready for `@pulumi/vault`:
 *
 *   new vault.Policy('payment-api-read', { name: apiVault.policyName, policy: apiVault.policyHcl });
 *   new vault.kubernetes.AuthBackendRole('payment-api', { backend: 'kubernetes', roleName: 'payment-api',
 *     boundServiceAccountNames: apiVault.authRole.parameters.bound_service_account_names, ... });
 *
 * Run against a cluster with `pulumi up` in this folder, or offline with `npm run examples`.
 */
import * as k8s from '@pulumi/kubernetes';
import {
  InfisicalAuth, InfisicalConnection, InfisicalStaticSecret, SecretAccessAlerts, SecretProviderClass, SecureServiceAccount,
  VaultAgentInjection, WorkloadIdentity, infisicalAutoReload, mountSecret, mountSecretProviderClass,
} from 'kube-secure-secrets/pulumi';

const namespace = 'payments';
const IMAGE = 'registry.example.com/payment-api:3.0.0';
const podSecurity = { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 };
const containerSecurity = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };

type Container = k8s.types.input.core.v1.Container;

function deployment(name: string, serviceAccountName: string | undefined, container: Container, replicas: number): k8s.apps.v1.DeploymentArgs {
  return {
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          ...(serviceAccountName ? { serviceAccountName } : {}),
          automountServiceAccountToken: false,
          securityContext: podSecurity,
          containers: [{ securityContext: containerSecurity, ...container }],
        },
      },
    },
  };
}

// 1. Vault agent injection for the API.
export const apiSa = new SecureServiceAccount('api-sa', { name: 'payment-api', namespace });
export const apiVault = new VaultAgentInjection({
  role: 'payment-api',
  serviceAccount: apiSa,
  vaultAddress: 'https://vault.vault.svc:8200',
  tlsSecret: 'vault-ca',
  caCert: '/vault/tls/ca.crt',
  runAsSameUser: true,
  secrets: [{
    name: 'postgres.env',
    path: 'secret/data/payments/postgres',
    template: '{{- with secret "secret/data/payments/postgres" -}}\nPOSTGRES_USER={{ .Data.data.username }}\nPOSTGRES_PASSWORD={{ .Data.data.password }}\n{{- end }}\n',
    perms: '0400',
  }],
});
export const api = new k8s.apps.v1.Deployment('payment-api', apiVault.applyTo(deployment('payment-api', undefined, {
  name: 'payment-api', image: IMAGE, ports: [{ containerPort: 8080 }], securityContext: { ...containerSecurity, runAsUser: 10001, runAsGroup: 10001 },
}, 3)), { dependsOn: [apiSa] });

// 2. A CronJob: the agent as an init container only (applyTo sets agent-pre-populate-only for CronJobs).
export const reportsSa = new SecureServiceAccount('reports-sa', { name: 'payment-reports', namespace });
export const reportsVault = new VaultAgentInjection({
  role: 'payment-reports',
  serviceAccount: reportsSa,
  vaultAddress: 'https://vault.vault.svc:8200',
  tlsSecret: 'vault-ca',
  caCert: '/vault/tls/ca.crt',
  secrets: [{ name: 'warehouse', path: 'secret/data/payments/warehouse' }],
});
export const reports = new k8s.batch.v1.CronJob('payment-reports', reportsVault.applyTo({
  metadata: { name: 'payment-reports', namespace },
  spec: {
    schedule: '0 0 * * *',
    concurrencyPolicy: 'Forbid',
    jobTemplate: {
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            securityContext: podSecurity,
            containers: [{ name: 'report', image: IMAGE, args: ['report', '--daily'], securityContext: containerSecurity }],
          },
        },
      },
    },
  },
}), { dependsOn: [reportsSa] });

// 3. Secrets Store CSI driver with the worker's IRSA role.
export const workerSa = new SecureServiceAccount('worker-sa', {
  name: 'payment-worker',
  namespace,
  identity: WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/payment-worker'),
});
export const workerSecrets = new SecretProviderClass('worker-secrets', {
  name: 'payment-worker-secrets',
  namespace,
  region: 'us-east-1',
  objects: [{
    objectName: 'production/payments/gateway',
    objectType: 'secretsmanager',
    objectAlias: 'gateway',
    jmesPath: [{ path: 'apiKey', objectAlias: 'gateway-api-key' }],
  }],
});
export const worker = new k8s.apps.v1.Deployment('payment-worker', mountSecretProviderClass(
  deployment('payment-worker', workerSa.serviceAccountName, { name: 'worker', image: IMAGE, args: ['worker'] }, 2),
  workerSecrets,
  { path: '/mnt/secrets' },
), { dependsOn: [workerSa, workerSecrets] });

// 4. Infisical (the operator's v1beta1 API): connection, Kubernetes auth with its own ServiceAccount and
// audience, and the web front-end's configuration, reloaded by the Infisical operator.
export const infisical = new InfisicalConnection('infisical', {
  name: 'infisical',
  namespace,
  address: 'https://infisical.internal.example.com',
  caCertificate: { name: 'infisical-ca', key: 'ca.crt' },
});
export const infisicalSa = new SecureServiceAccount('infisical-sa', { name: 'infisical-auth', namespace });
export const infisicalAuth = new InfisicalAuth('infisical-auth', {
  name: 'payments-infisical',
  namespace,
  connection: infisical,
  kubernetes: { identityIdSecret: { name: 'infisical-identity', key: 'identityId' }, serviceAccount: infisicalSa, audiences: ['infisical'] },
});
export const webConfig = new InfisicalStaticSecret('web-config', {
  name: 'payment-web-config',
  namespace,
  auth: infisicalAuth,
  sources: [{ projectSlug: 'payments', envSlug: 'prod', secretsPath: '/web' }],
  targets: [{ name: 'payment-web-config' }],
});
export const webSa = new SecureServiceAccount('web-sa', { name: 'payment-web', namespace });
let web = deployment('payment-web', webSa.serviceAccountName, { name: 'web', image: 'registry.example.com/payment-web:3.0.0', ports: [{ containerPort: 8080 }] }, 2);
web = mountSecret(web, webConfig, { path: '/etc/secrets/config', reload: false });
web = infisicalAutoReload(web);
export const webDeployment = new k8s.apps.v1.Deployment('payment-web', web, { dependsOn: [webConfig, webSa] });

// 5. Monitoring.
export const alerts = new SecretAccessAlerts('alerts', { labels: { release: 'kube-prometheus-stack' } });
