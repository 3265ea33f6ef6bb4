/**
 * The GitOpsSecrets pattern (Pulumi): the twin of examples/cdk8s/pattern-gitops, from the same core plan.
 * A Kubernetes provider with `renderYamlToDirectory` writes the manifests to ./rendered instead of
 * applying them: commit that directory and let Flux apply it. The PlaintextSecretGuard transform covers
 * the whole stack; the pattern adds it to its own children too.
 *
 * The payment-api scenario is 26 lines of user code between the USER CODE markers: 9 for the pattern,
 * 17 for the workload's own args (a Pulumi Deployment is written out as plain args, one field a line in
 * this repository's lint style; the cdk8s twin's Deployment takes 5).
 *
 * Keys: pub-cert.pem is the throwaway TEST certificate of test/fixtures/sealed-secrets, sealed/ holds a
 * value sealed with it; nothing here is a real secret. `pulumi config set --secret webhookKey ...` gives
 * the webhook key (a placeholder is used when it is not set, so the example runs offline).
 *
 * Run with `pulumi up` in this folder (no cluster access needed), or offline with `npm run examples`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import { GitOpsEncryption, GitOpsSecrets, PlaintextSecretGuard } from 'kube-secure-secrets/pulumi';

const here = (...p: string[]) => path.join(__dirname, ...p);
const config = new pulumi.Config();
const webhookKey = config.getSecret('webhookKey') ?? pulumi.secret('example-placeholder-webhook-key');

PlaintextSecretGuard.forStack();
// Render, do not apply: server-side apply stays on (the default), so nothing is added after encryption.
const git = new k8s.Provider('git', { renderYamlToDirectory: here('rendered') });

// USER CODE
const presealed = parse(fs.readFileSync(here('sealed', 'database-credentials.yaml'), 'utf8')).spec.encryptedData;
const gitops = new GitOpsSecrets('gitops', {
  namespace: 'payments',
  encryption: GitOpsEncryption.sealedSecrets({ certificate: fs.readFileSync(here('pub-cert.pem'), 'utf8') }),
  flux: { path: './clusters/prod/payments', sourceRef: { kind: 'GitRepository', name: 'platform' } },
  secrets: { 'database-credentials': { encryptedData: presealed }, 'webhook-key': { stringData: { key: webhookKey } } },
  apps: {
    'payment-api': {
      files: ['database-credentials', 'webhook-key'],
      workload: {
        metadata: { name: 'payment-api', namespace: 'payments' },
        spec: {
          selector: { matchLabels: { app: 'payment-api' } },
          template: {
            metadata: { labels: { app: 'payment-api' } },
            spec: {
              automountServiceAccountToken: false, // no API token in the pod (KSS-SA-002; cdk8s-plus does this by default)
              securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, runAsNonRoot: true },
              containers: [{ name: 'payment-api', image: 'registry.example.com/payment-api:3.0.0', ports: [{ containerPort: 8080 }] }],
            },
          },
        },
      },
    },
  },
}, { provider: git });
// END USER CODE

/** The compliance report (also in `pulumi stack output report`). */
export const report = gitops.report;
