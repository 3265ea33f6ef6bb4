import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { HardenedPaymentsChart, MonitoringChart, operatorFiles } from '../../examples/cdk8s/hardening/main';
import { ofKind, only, synthValid } from '../helpers/cdk8s';

const manifests = () => synthValid(new HardenedPaymentsChart(Testing.app(), 'payments'));

describe('examples/cdk8s/hardening', () => {
  test('every object validates against Kubernetes 1.27/1.28 and the upstream CRDs', () => {
    expect(manifests().map(m => `${m.apiVersion}/${m.kind}`).sort()).toEqual([
      'apps/v1/Deployment', 'apps/v1/Deployment', 'apps/v1/Deployment', 'batch/v1/CronJob',
      'secrets-store.csi.x-k8s.io/v1/SecretProviderClass', 'secrets.infisical.com/v1beta1/InfisicalAuth',
      'secrets.infisical.com/v1beta1/InfisicalConnection', 'secrets.infisical.com/v1beta1/InfisicalStaticSecret',
      'v1/ServiceAccount', 'v1/ServiceAccount', 'v1/ServiceAccount', 'v1/ServiceAccount', 'v1/ServiceAccount',
    ]);
    const alerts = synthValid(new MonitoringChart(Testing.app(), 'monitoring'));
    expect(only(alerts, 'PrometheusRule').metadata).toEqual({ name: 'secret-access-alerts', namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } });
  });

  test('payment-api: Vault agent annotations, its own ServiceAccount, a projected token for the agent only', () => {
    const d = only(manifests(), 'Deployment', 'payment-api');
    const template = d.spec.template;
    expect(template.metadata.annotations).toEqual({
      'vault.hashicorp.com/agent-inject': 'true',
      'vault.hashicorp.com/role': 'payment-api',
      'vault.hashicorp.com/agent-inject-secret-postgres.env': 'secret/data/payments/postgres',
      'vault.hashicorp.com/agent-inject-template-postgres.env': expect.stringContaining('with secret "secret/data/payments/postgres"'),
      'vault.hashicorp.com/agent-inject-perms-postgres.env': '0400',
      'vault.hashicorp.com/agent-run-as-same-user': 'true',
      'vault.hashicorp.com/service': 'https://vault.vault.svc:8200',
      'vault.hashicorp.com/tls-secret': 'vault-ca',
      'vault.hashicorp.com/ca-cert': '/vault/tls/ca.crt',
      'vault.hashicorp.com/agent-service-account-token-volume-name': 'vault-token',
    });
    expect(template.spec.serviceAccountName).toBe('payment-api');
    expect(template.spec.automountServiceAccountToken).toBe(false);
    expect(template.spec.volumes).toEqual([{ name: 'vault-token', projected: { sources: [{ serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 3600 } }] } }]);
    // The application container does not mount the token: only the injected agent does.
    expect(template.spec.containers[0].volumeMounts).toBeUndefined();
  });

  test('payment-reports: a CronJob gets agent-pre-populate-only', () => {
    const job = only(manifests(), 'CronJob', 'payment-reports');
    const annotations = job.spec.jobTemplate.spec.template.metadata.annotations;
    expect(annotations['vault.hashicorp.com/agent-pre-populate-only']).toBe('true');
    expect(annotations['vault.hashicorp.com/agent-inject-secret-warehouse']).toBe('secret/data/payments/warehouse');
    expect(job.spec.jobTemplate.spec.template.spec.serviceAccountName).toBe('payment-reports');
  });

  test('payment-worker: AWS CSI volume read-only with the IRSA ServiceAccount and the Reloader annotation', () => {
    const all = manifests();
    const spc = only(all, 'SecretProviderClass');
    expect(spc.spec.provider).toBe('aws');
    expect(parse(spc.spec.parameters.objects)).toEqual([{
      objectName: 'production/payments/gateway', objectType: 'secretsmanager', objectAlias: 'gateway', jmesPath: [{ path: 'apiKey', objectAlias: 'gateway-api-key' }],
    }]);
    expect(spc.spec.secretObjects).toBeUndefined();
    const d = only(all, 'Deployment', 'payment-worker');
    expect(d.metadata.annotations).toEqual({ 'secretproviderclass.reloader.stakater.com/reload': 'payment-worker-secrets' });
    expect(d.spec.template.spec.volumes).toEqual([{
      name: 'spc-payment-worker-secrets', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'payment-worker-secrets' } },
    }]);
    expect(d.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'spc-payment-worker-secrets', mountPath: '/mnt/secrets', readOnly: true }]);
    expect(d.spec.template.spec.serviceAccountName).toBe('payment-worker');
    expect(only(all, 'ServiceAccount', 'payment-worker').metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::111122223333:role/payment-worker');
  });

  test('payment-web: Infisical v1beta1 (https + CA, Kubernetes auth with its own ServiceAccount and audience), owned Secret mounted, auto-reload annotation, no Reloader annotation', () => {
    const all = manifests();
    expect(all.filter(m => m.apiVersion === 'secrets.infisical.com/v1alpha1')).toEqual([]);
    expect(only(all, 'InfisicalConnection').spec).toEqual({
      address: 'https://infisical.internal.example.com', tls: { caCertificate: { name: 'infisical-ca', key: 'ca.crt', namespace: 'payments' } },
    });
    expect(only(all, 'InfisicalAuth').spec).toEqual({
      method: 'kubernetes',
      infisicalConnectionRef: { name: 'infisical', namespace: 'payments' },
      kubernetes: {
        identityIdRef: { name: 'infisical-identity', key: 'identityId', namespace: 'payments' },
        serviceAccountRef: { name: 'infisical-auth', namespace: 'payments' },
        serviceAccountTokenAudiences: ['infisical'],
      },
    });
    expect(only(all, 'ServiceAccount', 'infisical-auth').automountServiceAccountToken).toBe(false);
    expect(only(all, 'InfisicalStaticSecret').spec).toEqual({
      infisicalAuthRef: { name: 'payments-infisical', namespace: 'payments' },
      sources: [{ projectSlug: 'payments', environmentSlug: 'prod', secretPath: '/web' }],
      syncOptions: { refreshInterval: '1m' },
      targets: [{ kind: 'Secret', name: 'payment-web-config', namespace: 'payments', secretType: 'Opaque', creationPolicy: 'Owner' }],
    });
    const d = only(all, 'Deployment', 'payment-web');
    expect(d.metadata.annotations).toEqual({ 'secrets.infisical.com/auto-reload': 'true' });
    expect(d.spec.template.spec.volumes).toEqual([{ name: 'secret-payment-web-config', secret: { secretName: 'payment-web-config', defaultMode: 0o400, optional: false } }]);
  });

  test('operator files: KMS v2 encryption config, audit policy, read-only Vault policies, vault commands', () => {
    const files = operatorFiles(new HardenedPaymentsChart(Testing.app(), 'payments'));
    expect(Object.keys(files).sort()).toEqual([
      'apiserver-audit-policy.yaml', 'apiserver-encryption-config.yaml', 'payment-api-read.hcl', 'payment-reports-read.hcl', 'vault-setup.sh',
    ]);
    expect(parse(files['apiserver-encryption-config.yaml']).resources[0].providers[0].kms.apiVersion).toBe('v2');
    expect(parse(files['apiserver-audit-policy.yaml']).rules[0].level).toBe('Metadata');
    expect(files['payment-api-read.hcl']).toContain('path "secret/data/payments/postgres" {\n  capabilities = ["read"]\n}');
    expect(files['vault-setup.sh']).toContain('vault write auth/kubernetes/role/payment-api bound_service_account_names=payment-api bound_service_account_namespaces=payments');
    expect(ofKind(manifests(), 'Secret')).toEqual([]);
  });
});
