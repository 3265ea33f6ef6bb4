import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  InfisicalSecret, SecretAccessAlerts, SecretProviderClass, SecureServiceAccount, VaultAgentInjection, infisicalAutoReload, mountSecretProviderClass,
} from '../../src/pulumi';
import { kubernetesManifests, onlyResourceOf, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const args = (serviceAccountName?: string): k8s.apps.v1.DeploymentArgs => ({
  metadata: { name: 'payment-api', namespace: 'payments' },
  spec: {
    selector: { matchLabels: { app: 'payment-api' } },
    template: {
      metadata: { labels: { app: 'payment-api' } },
      spec: {
        ...(serviceAccountName ? { serviceAccountName } : {}),
        containers: [{ name: 'api', image: 'registry.example.com/payment-api:3.0.0', securityContext: { runAsUser: 10001 } }],
      },
    },
  },
});
const secrets = [{ name: 'postgres', path: 'secret/data/payments/postgres' }];

describe('hardening components (Pulumi)', () => {
  test('SecretAccessAlerts, SecretProviderClass and InfisicalSecret register the same CRs as the core builds', async () => {
    const alerts = new SecretAccessAlerts('alerts', {});
    const spc = new SecretProviderClass('spc', {
      name: 'gateway', namespace: 'payments', objects: [{ objectName: 'production/payments/gateway', objectType: 'secretsmanager', objectAlias: 'gateway' }],
    });
    const inf = new InfisicalSecret('cfg', {
      name: 'cfg',
      namespace: 'payments',
      kubernetesAuth: { identityId: '00000000-0000-4000-8000-000000000000', serviceAccount: 'infisical-auth' },
      scope: { projectSlug: 'payments', envSlug: 'prod' },
      target: { name: 'payment-config' },
    });
    await settle(alerts, spc, inf);
    const manifests = kubernetesManifests();
    expectValidManifests(manifests);
    expect(onlyResourceOf('kubernetes:monitoring.coreos.com/v1:PrometheusRule').inputs.metadata).toEqual({ name: 'secret-access-alerts', namespace: 'monitoring' });
    expect(onlyResourceOf('kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass').inputs.spec.provider).toBe('aws');
    expect(onlyResourceOf('kubernetes:secrets.infisical.com/v1alpha1:InfisicalSecret').inputs.spec.managedKubeSecretReferences[0].secretName).toBe('payment-config');
    expect(inf.secretName).toBe('payment-config');
    expect(spc.className).toBe('gateway');
    expect(alerts.alertNames).toHaveLength(6);
  });

  test('bad input becomes a ResourceError with the exact message', () => {
    const build = () => new InfisicalSecret('bad', {
      name: 'cfg',
      namespace: 'payments',
      hostAPI: 'http://infisical:8080/api',
      universalAuth: { credentialsSecret: 'creds' },
      scope: { projectSlug: 'payments', envSlug: 'prod' },
      target: { name: 'cfg' },
    });
    expect(build).toThrow(pulumi.ResourceError);
    expect(build).toThrow('InfisicalSecret: hostAPI "http://infisical:8080/api" is plain http');
    expect(() => new SecretAccessAlerts('bad-alerts', { getRateThreshold: -1 })).toThrow('SecretAccessAlerts: getRateThreshold -1 must be a positive number (requests per second).');
  });

  test('VaultAgentInjection.applyTo: annotations on the pod template, ServiceAccount, token volume; the input is unchanged', () => {
    const sa = new SecureServiceAccount('sa', { name: 'payment-api', namespace: 'payments' });
    const inj = new VaultAgentInjection({ role: 'payment-api', serviceAccount: sa, secrets, runAsSameUser: true });
    const input = args();
    const out: any = inj.applyTo(input);
    expect((input.spec as any).template.metadata.annotations).toBeUndefined();
    // applyTo adds what it decides from the args: the file mode (the agent runs as the container's user,
    // runAsSameUser) and the Vault client label that VaultAccessPolicy admits.
    expect(out.spec.template.metadata).toEqual({
      labels: { 'app': 'payment-api', 'kube-secure-secrets.io/vault-client': 'true' },
      annotations: { ...inj.annotations, 'vault.hashicorp.com/agent-inject-perms-postgres': '0400' },
    });
    expect(out.spec.template.spec.serviceAccountName).toBe('payment-api');
    expect(out.spec.template.spec.volumes).toEqual([{ name: 'vault-token', projected: { sources: [{ serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 3600 } }] } }]);
    expect(inj.authRole.parameters.bound_service_account_namespaces).toEqual(['payments']);
    expect(inj.policyHcl).toContain('capabilities = ["read"]');
  });

  test('VaultAgentInjection errors: exact messages', () => {
    expect(() => new VaultAgentInjection({ role: 'payment-api', serviceAccount: 'payment-api', secrets }))
      .toThrow('VaultAgentInjection: namespace is not set and the ServiceAccount reference has none; set namespace to the workload\'s namespace.');
    const inj = new VaultAgentInjection({ role: 'payment-api', serviceAccount: 'payment-api', namespace: 'payments', secrets });
    // The same check and message as the cdk8s construct (one core decision, vaultServiceAccountOfPod).
    expect(() => inj.applyTo(args('other'))).toThrow('VaultAgentInjection: serviceAccount "payment-api" differs from the workload\'s ServiceAccount "other"; the Vault role must be bound to the account the pods run as.');
    expect(() => inj.applyTo(args(pulumi.output('payment-api') as any))).toThrow('VaultAgentInjection: args.spec.template.spec.serviceAccountName is an Output; it must be "payment-api"');
    expect(() => inj.applyTo({ spec: pulumi.output({}) } as any)).toThrow('VaultAgentInjection: args.spec is an Output (or not an object)');
    const same = new VaultAgentInjection({ role: 'payment-api', serviceAccount: 'payment-api', namespace: 'payments', secrets, runAsSameUser: true });
    const noUser: any = args();
    noUser.spec.template.spec.containers[0].securityContext = undefined;
    // The same message as the cdk8s construct (one core decision, vaultAgentPodPlan).
    expect(() => same.applyTo(noUser)).toThrow('VaultAgentInjection: runAsSameUser needs the first container to set a non-root securityContext user (the injector copies it to the agent); set it or use runAsUser.');
  });

  test('mountSecretProviderClass and infisicalAutoReload return new args', () => {
    const mounted: any = mountSecretProviderClass(args('payment-api'), 'gateway', { path: '/mnt/secrets' });
    expect(mounted.metadata.annotations).toEqual({ 'secretproviderclass.reloader.stakater.com/reload': 'gateway' });
    expect(mounted.spec.template.spec.volumes).toEqual([{ name: 'spc-gateway', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'gateway' } } }]);
    expect(mounted.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'spc-gateway', mountPath: '/mnt/secrets', readOnly: true }]);
    expect(() => mountSecretProviderClass(args(), 'gateway', { path: '/mnt/secrets' }))
      .toThrow('mountSecretProviderClass: args.spec.template.spec.serviceAccountName is not set; the AWS provider reads the secrets with the pod\'s ServiceAccount (IRSA or Pod Identity). Set it to a SecureServiceAccount with the role.');
    const reloaded: any = infisicalAutoReload(args());
    expect(reloaded.metadata.annotations).toEqual({ 'secrets.infisical.com/auto-reload': 'true' });
    expect(() => infisicalAutoReload(args(), 'Job')).toThrow('infisicalAutoReload: kind "Job" is not reloaded by the Infisical operator; use it on a Deployment, StatefulSet or DaemonSet.');
  });
});
