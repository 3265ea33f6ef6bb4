/**
 * ESO beyond one ExternalSecret (cdk8s): a ClusterExternalSecret for the namespaces labelled to receive
 * the shared database URL, a database password generated once in the cluster (Password generator,
 * `CreatedOnce`) and pushed to Vault (PushSecret, explicit deletionPolicy), and an ECR image pull Secret
 * refreshed hourly from an IRSA-authenticated ECRAuthorizationToken generator.
 *
 * Run: `npm run examples` (writes dist/examples/cdk8s/external-secrets-generators/).
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ClusterExternalSecret, EcrAuthorizationTokenGenerator, ExternalSecret, ExternalSecretRefresh, ExternalSecretTemplate,
  PasswordGenerator, PushSecret, SecureServiceAccount, WorkloadIdentity,
} from 'kube-secure-secrets';

const vault = { name: 'vault', kind: 'ClusterSecretStore' as const };

export class GeneratorsChart extends Chart {
  public readonly password: ExternalSecret;
  public readonly pullSecret: ExternalSecret;

  constructor(scope: Construct, id: string, props: ChartProps = { namespace: 'payments' }) {
    super(scope, id, props);

    new ClusterExternalSecret(this, 'shared-db', {
      name: 'shared-db-url',
      namespaceSelectors: [{ matchLabels: { 'secrets.example.com/shared-db': 'true' } }],
      externalSecret: { store: vault, data: [{ secretKey: 'DATABASE_URL', remoteKey: 'shared/db', property: 'url' }] },
    });

    const generator = new PasswordGenerator(this, 'pw', { name: 'payments-db-password' });
    this.password = new ExternalSecret(this, 'db-password', {
      name: 'payments-db-password',
      dataFrom: [{ generator }],
      ...ExternalSecretRefresh.createdOnce(),
    });
    new PushSecret(this, 'push', {
      name: 'payments-db-password-to-vault',
      stores: [vault],
      secret: this.password,
      data: [{ secretKey: 'password', remoteKey: 'payments/db', property: 'password' }],
      deletionPolicy: 'None',
      updatePolicy: 'IfNotExists',
    });

    const ecrSa = new SecureServiceAccount(this, 'ecr-sa', {
      name: 'ecr-token',
      identity: WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/payments-ecr-pull'),
    });
    const ecr = new EcrAuthorizationTokenGenerator(this, 'ecr', { name: 'payments-ecr', region: 'eu-west-1', serviceAccount: ecrSa });
    this.pullSecret = new ExternalSecret(this, 'pull', {
      name: 'payments-ecr-pull',
      dataFrom: [{ generator: ecr }],
      target: { template: ExternalSecretTemplate.dockerConfigJson({ registry: '111122223333.dkr.ecr.eu-west-1.amazonaws.com', usernameKey: 'username', passwordKey: 'password' }) },
      ...ExternalSecretRefresh.periodic('1h'),
    });
  }
}

if (require.main === module) {
  const app = new App();
  new GeneratorsChart(app, 'payments');
  app.synth();
}
