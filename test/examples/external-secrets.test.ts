import { Testing } from 'cdk8s';
import { PaymentsAwsChart } from '../../examples/cdk8s/external-secrets-aws/main';
import { PaymentsGcpChart } from '../../examples/cdk8s/external-secrets-gcp/main';
import { PaymentsVaultChart, VaultPlatformChart } from '../../examples/cdk8s/external-secrets-vault/main';
import { ofKind, only, synthAppValid, synthValid } from '../helpers/cdk8s';

const RELOAD = 'secret.reloader.stakater.com/reload';

describe('examples/cdk8s/external-secrets-aws (the payments scenario)', () => {
  const manifests = () => synthValid(new PaymentsAwsChart(Testing.app(), 'payments'));

  test('every object is external-secrets.io/v1 or a core kind, and validates', () => {
    const all = manifests();
    for (const m of ofKind(all, 'SecretStore').concat(ofKind(all, 'ExternalSecret'))) {
      expect(m.apiVersion).toBe('external-secrets.io/v1');
    }
    expect(all.map(m => m.kind).sort()).toEqual([
      'Deployment', 'ExternalSecret', 'ExternalSecret', 'NetworkPolicy', 'NetworkPolicy', 'Role', 'RoleBinding', 'SecretStore', 'ServiceAccount', 'ServiceAccount',
    ]);
  });

  test('store: AWS Secrets Manager with auth.jwt.serviceAccountRef.name eso-sa; eso-sa carries the IRSA role', () => {
    const all = manifests();
    const store = only(all, 'SecretStore');
    expect(store.spec.provider.aws.service).toBe('SecretsManager');
    expect(store.spec.provider.aws.region).toBe('us-east-1');
    expect(store.spec.provider.aws.auth.jwt.serviceAccountRef.name).toBe('eso-sa');
    const esoSa = only(all, 'ServiceAccount', 'eso-sa');
    expect(esoSa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::111122223333:role/eso-payments');
    expect(esoSa.automountServiceAccountToken).toBe(false);
  });

  test('ExternalSecret: target postgres-credentials, creationPolicy Owner, three keys, refresh 1h', () => {
    const es = only(manifests(), 'ExternalSecret', 'postgres-credentials-sync');
    expect(es.spec.target).toEqual({ name: 'postgres-credentials', creationPolicy: 'Owner' });
    expect(es.spec.refreshInterval).toBe('1h');
    expect(es.spec.data.map((d: any) => d.secretKey)).toEqual(['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB']);
    expect(es.spec.data.every((d: any) => d.remoteRef.key === 'production/payments/postgres')).toBe(true);
  });

  test('payment-api: 3 replicas, Reloader annotation exactly the two Secrets, both mounted read-only 0400, no Secret in env', () => {
    const d = only(manifests(), 'Deployment', 'payment-api');
    expect(d.spec.replicas).toBe(3);
    expect(d.metadata.annotations[RELOAD]).toBe('payment-gateway-key,postgres-credentials');
    const pod = d.spec.template.spec;
    expect(pod.serviceAccountName).toBe('payment-api-sa');
    expect(pod.volumes).toEqual([
      { name: 'secret-postgres-credentials', secret: { secretName: 'postgres-credentials', defaultMode: 0o400, optional: false } },
      { name: 'secret-payment-gateway-key', secret: { secretName: 'payment-gateway-key', defaultMode: 0o400, optional: false } },
    ]);
    const [container] = pod.containers;
    expect(container.volumeMounts).toEqual([
      { name: 'secret-postgres-credentials', mountPath: '/etc/secrets/postgres', readOnly: true },
      { name: 'secret-payment-gateway-key', mountPath: '/etc/secrets/gateway', readOnly: true },
    ]);
    // No Secret in the environment (KSS-ENV-001/002): the gateway key is a file too.
    expect(container.env).toBeUndefined();
    expect(container.envFrom).toBeUndefined();
  });

  test('SecretReader for exactly the two Secrets; namespace isolation', () => {
    const all = manifests();
    expect(only(all, 'Role').rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['payment-gateway-key', 'postgres-credentials'], verbs: ['get'] }]);
    expect(ofKind(all, 'NetworkPolicy').map(p => p.metadata.name)).toEqual(['default-deny-all', 'allow-dns-egress']);
  });

  test('snapshot', () => {
    expect(manifests()).toMatchSnapshot();
  });
});

describe('examples/cdk8s/external-secrets-vault', () => {
  test('a ClusterSecretStore restricted to two namespaces, templates, ESO egress and Vault ingress policies', () => {
    const app = Testing.app();
    const platform = new VaultPlatformChart(app, 'vault-platform');
    new PaymentsVaultChart(app, 'payments', platform.store);
    const all = synthAppValid(app);
    const css = only(all, 'ClusterSecretStore');
    expect(css.metadata.namespace).toBeUndefined();
    expect(css.spec.conditions).toEqual([{ namespaces: ['payments', 'orders'] }]);
    expect(css.spec.provider.vault.server).toBe('https://vault.vault.svc:8200');
    expect(css.spec.provider.vault.version).toBe('v2');
    expect(only(all, 'ExternalSecret', 'registry-pull').spec.target.template.type).toBe('kubernetes.io/dockerconfigjson');
    expect(only(all, 'Deployment', 'ledger').metadata.annotations[RELOAD]).toBe('ledger-db');
    expect(only(all, 'Deployment', 'ledger').spec.template.metadata.labels['kube-secure-secrets.io/vault-client']).toBe('true');
    expect(only(all, 'NetworkPolicy', 'external-secrets-egress').metadata.namespace).toBe('external-secrets');
    expect(only(all, 'NetworkPolicy', 'vault-client-access').metadata.namespace).toBe('vault');
  });
});

describe('examples/cdk8s/external-secrets-gcp', () => {
  test('GKE workload identity store and a TLS Secret mounted read-only', () => {
    const all = synthValid(new PaymentsGcpChart(Testing.app(), 'payments'));
    expect(only(all, 'ServiceAccount', 'eso-gcp').metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'eso-payments@payments-prod.iam.gserviceaccount.com' });
    expect(only(all, 'SecretStore').spec.provider.gcpsm.auth.workloadIdentity.serviceAccountRef).toEqual({ name: 'eso-gcp' });
    expect(only(all, 'ExternalSecret').spec.target.template.type).toBe('kubernetes.io/tls');
    expect(only(all, 'Deployment').metadata.annotations[RELOAD]).toBe('api-tls');
  });
});
