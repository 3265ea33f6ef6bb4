/**
 * The GitOpsSecrets pattern (cdk8s): seed pattern 3, encrypted secrets in Git, in one construct.
 *
 * The payment-api scenario (a pre-sealed database Secret, a webhook key sealed at synth, the API reading
 * both as files, Flux applying the folder) is 13 lines of user code with the pattern, the Deployment included (8 without it)
 * (the lines between the USER CODE markers below, counted with awk). The blocks example
 * (examples/cdk8s/gitops, the same scenario plus one more secret) takes 29 non-comment lines for it and
 * still has no isolation, alerts or report.
 * The pattern adds, without more code: the PlaintextSecretGuard over the chart, default-deny
 * NetworkPolicies with DNS, secret-access and unseal-error alerts, the Reloader annotation listing
 * exactly the mounted Secrets, and payments-gitops.compliance.json beside the YAML.
 *
 * A second chart shows the SOPS variant (Flux decrypts with its age identity) and writes the matching
 * `.sops.yaml`.
 *
 * Keys: pub-cert.pem is the throwaway TEST certificate of test/fixtures/sealed-secrets (its private key
 * is published there), sealed/ holds a value sealed with it, and the SOPS recipient is a key pair
 * generated on every run; nothing here is a real secret. Use your controller's certificate
 * (`kubeseal --fetch-cert`) and your cluster's age recipient.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { GitOpsEncryption, GitOpsSecrets, ageKeygen } from 'kube-secure-secrets';

const here = (...p: string[]) => path.join(__dirname, ...p);
const flux = { path: './clusters/prod/payments', sourceRef: { kind: 'GitRepository' as const, name: 'platform' } };

function paymentApi(scope: Construct): kplus.Deployment {
  return new kplus.Deployment(scope, 'api', {
    metadata: { name: 'payment-api' },
    securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
    containers: [{ name: 'payment-api', image: 'registry.example.com/payment-api:3.0.0', portNumber: 8080 }],
  });
}

/** Sealed-secrets: the snippet. */
export class SealedGitOpsChart extends Chart {
  public readonly gitops: GitOpsSecrets;

  constructor(scope: Construct, id: string, props: ChartProps = { namespace: 'payments' }) {
    super(scope, id, props);
    // USER CODE
    const api = new kplus.Deployment(this, 'api', {
      metadata: { name: 'payment-api' },
      securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
      containers: [{ name: 'payment-api', image: 'registry.example.com/payment-api:3.0.0', portNumber: 8080 }],
    });
    const presealed = parse(fs.readFileSync(here('sealed', 'database-credentials.yaml'), 'utf8')).spec.encryptedData;
    const gitops = new GitOpsSecrets(this, 'gitops', {
      encryption: GitOpsEncryption.sealedSecrets({ certificate: fs.readFileSync(here('pub-cert.pem'), 'utf8') }),
      flux: { path: './clusters/prod/payments', sourceRef: { kind: 'GitRepository', name: 'platform' } },
    });
    gitops.addSecret('database-credentials', { encryptedData: presealed }); // sealed once, committed
    gitops.addSecret('webhook-key', { stringData: { key: process.env.WEBHOOK_KEY ?? 'example-placeholder-webhook-key' } }); // sealed at synth
    gitops.addApp('payment-api', { workload: api, files: ['database-credentials', 'webhook-key'] });
    // END USER CODE
    this.gitops = gitops;
  }
}

/** SOPS: the same scenario, values encrypted at synth for Flux's age recipient. */
export class SopsGitOpsChart extends Chart {
  public readonly gitops: GitOpsSecrets;

  constructor(scope: Construct, id: string, recipient: string, props: ChartProps = { namespace: 'ledger' }) {
    super(scope, id, props);
    const api = paymentApi(this);
    this.gitops = new GitOpsSecrets(this, 'gitops', {
      encryption: GitOpsEncryption.sops({ ageRecipients: [recipient] }),
      flux: { ...flux, path: './clusters/prod/ledger', name: 'ledger' },
      secrets: { 'webhook-key': { stringData: { key: process.env.WEBHOOK_KEY ?? 'example-placeholder-webhook-key' } } },
      apps: { 'payment-api': { workload: api, files: ['webhook-key'] } },
    });
  }
}

if (require.main === module) {
  const app = new App();
  new SealedGitOpsChart(app, 'payments');
  // A throwaway age key pair, generated here: its identity is never written anywhere.
  const sops = new SopsGitOpsChart(app, 'ledger', ageKeygen().recipient);
  app.synth();
  fs.writeFileSync(path.join(app.outdir, '.sops.yaml'), sops.gitops.sopsConfig!);
}
