/**
 * Infisical with the operator's current API (cdk8s): `InfisicalConnection` (https, the instance's CA),
 * `InfisicalAuth` (Kubernetes auth with its own ServiceAccount and audience; the machine identity ID in a
 * Secret key) and `InfisicalStaticSecret` (v1beta1) syncing the payments API folder into an owned Secret.
 * The legacy v1alpha1 `InfisicalSecret` is deprecated; see its TSDoc for the migration.
 *
 * Run: `npm run examples` (writes dist/examples/cdk8s/infisical/).
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { InfisicalAuth, InfisicalConnection, InfisicalStaticSecret, SecureServiceAccount } from 'kube-secure-secrets';

export class InfisicalChart extends Chart {
  public readonly config: InfisicalStaticSecret;

  constructor(scope: Construct, id: string, props: ChartProps = { namespace: 'payments' }) {
    super(scope, id, props);
    const connection = new InfisicalConnection(this, 'conn', {
      name: 'infisical',
      address: 'https://infisical.internal.example.com',
      caCertificate: { name: 'infisical-ca', key: 'ca.crt' },
    });
    const serviceAccount = new SecureServiceAccount(this, 'sa', { name: 'infisical-auth' });
    const auth = new InfisicalAuth(this, 'auth', {
      name: 'payments-infisical',
      connection,
      kubernetes: { identityIdSecret: { name: 'infisical-identity', key: 'identityId' }, serviceAccount, audiences: ['infisical'] },
    });
    this.config = new InfisicalStaticSecret(this, 'config', {
      name: 'payments-api-config',
      auth,
      sources: [{ projectSlug: 'payments', envSlug: 'prod', secretsPath: '/api' }],
      targets: [{ name: 'payments-api-config' }],
      refreshInterval: '5m',
    });
  }
}

if (require.main === module) {
  const app = new App();
  new InfisicalChart(app, 'payments');
  app.synth();
}
