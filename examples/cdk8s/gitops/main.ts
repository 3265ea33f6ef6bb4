/**
 * GitOps (cdk8s): everything synthesized here is committed, so secrets leave the program only encrypted.
 *
 * - database-credentials: sealed ONCE with `kube-secure-secrets seal` (see sealed/), and passed through
 *   as encryptedData: the normal workflow; the committed YAML does not change from synth to synth.
 * - api-token: sealed at synth time from an environment variable (new ciphertext on every synth).
 * - payment-webhook: a SOPS-encrypted Secret for the cluster's Flux age key.
 * - a Flux Kustomization that applies this folder and decrypts SOPS files with the `sops-age` Secret;
 * - the payment-api Deployment mounting the Secrets, with the Reloader annotation;
 * - PlaintextSecretGuard on the app: a plaintext Secret would fail synth.
 *
 * The certificate in pub-cert.pem and the age recipient below are throwaway TEST keys (their private
 * halves are published in test/fixtures): use your controller's certificate (kubeseal --fetch-cert) and
 * your cluster's age recipient.
 *
 * Pre-sealing a value:
 *   kubectl create secret generic database-credentials -n payments --from-literal=password=... \
 *     --dry-run=client -o yaml | npx kube-secure-secrets seal --cert pub-cert.pem > sealed/database-credentials.yaml
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import {
  FluxKustomization, PlaintextSecretGuard, SealedSecret, SealingScope, SopsSecret, mountSecret, sopsConfigYaml,
} from 'kube-secure-secrets';

/** The Flux kustomize-controller test recipient (a published test key; replace with your cluster's). */
export const FLUX_AGE_RECIPIENT = 'age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29';

const here = (...p: string[]) => path.join(__dirname, ...p);

export class GitOpsChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = { namespace: 'payments' }) {
    super(scope, id, props);

    // 1. Pre-sealed: the output is stable.
    const presealed = parse(fs.readFileSync(here('sealed', 'database-credentials.yaml'), 'utf8'));
    const db = new SealedSecret(this, 'db', { name: 'database-credentials', encryptedData: presealed.spec.encryptedData });

    // 2. Sealed at synth time from the environment (placeholder when unset, so the example runs offline).
    const token = new SealedSecret(this, 'token', {
      name: 'api-token',
      certificate: fs.readFileSync(here('pub-cert.pem'), 'utf8'),
      stringData: { token: process.env.API_TOKEN ?? 'example-placeholder-token' },
      scope: SealingScope.STRICT,
    });

    // 3. SOPS for Flux.
    const webhook = new SopsSecret(this, 'webhook', {
      name: 'payment-webhook',
      ageRecipients: [FLUX_AGE_RECIPIENT],
      stringData: { signingKey: process.env.WEBHOOK_SIGNING_KEY ?? 'example-placeholder-signing-key' },
    });

    const api = new kplus.Deployment(this, 'api', {
      metadata: { name: 'payment-api' },
      replicas: 3,
      securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
      containers: [{ name: 'payment-api', image: 'registry.example.com/payment-api:3.0.0', portNumber: 8080 }],
    });
    mountSecret(api, db, { path: '/etc/secrets/postgres' });
    mountSecret(api, token, { path: '/etc/secrets/api' });
    mountSecret(api, webhook, { path: '/etc/secrets/webhook' });

    new FluxKustomization(this, 'flux', {
      name: 'payments',
      path: './clusters/prod/payments',
      sourceRef: { kind: 'GitRepository', name: 'platform' },
      serviceAccountName: 'payments-deployer',
      targetNamespace: 'payments',
    });
  }
}

if (require.main === module) {
  const app = new App();
  PlaintextSecretGuard.of(app);
  new GitOpsChart(app, 'payments');
  app.synth();
  // The matching .sops.yaml, so that `sops --encrypt` in the repository uses the same recipients and rule.
  fs.writeFileSync(path.join(app.outdir, '.sops.yaml'), sopsConfigYaml([{ pathRegex: '.*\\.k8s\\.yaml$', ageRecipients: [FLUX_AGE_RECIPIENT] }]));
}
