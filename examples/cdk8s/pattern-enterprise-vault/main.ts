/**
 * EnterpriseVaultSecrets (cdk8s): Vault as the central store, the agent injector, Kubernetes auth,
 * strict NetworkPolicies, audit and alerting, in one construct (the seeds' pattern 1).
 *
 * User code for the pattern (the construct and its two apps, the lines between the markers, as the
 * linter formats them): 11 lines, against 47 that assembling the blocks by hand took (and got wrong: the
 * Vault NetworkPolicy admitted a label nobody set, and no Vault policy or role existed).
 *
 * `cdk8s synth` writes, beside the YAML, `<chart>-vault.compliance.json` (the compliance report) and
 * `<chart>-vault.audit-policy.yaml` (for the API server's `--audit-policy-file`); the Vault operator runs
 * `vault-setup.sh` (idempotent, no secret value in it).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, ChartProps, Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { EnterpriseVaultSecrets } from 'kube-secure-secrets';

/** The payments namespace: an API (Deployment) and a nightly report (CronJob), both reading Vault. */
export class PaymentsChart extends Chart {
  public readonly vault: EnterpriseVaultSecrets;

  constructor(scope: Construct, id: string, props: ChartProps = { namespace: 'payments' }) {
    super(scope, id, props);
    const api = new kplus.Deployment(this, 'api', {
      metadata: { name: 'payment-api' },
      securityContext: { user: 10001, group: 10001 },
      containers: [{ name: 'api', image: 'registry.example.com/payment-api:2.1.0', portNumber: 8080 }],
    });
    const reportsCronJob = new kplus.CronJob(this, 'reports', {
      metadata: { name: 'reports' },
      schedule: Cron.daily(),
      securityContext: { user: 10001, group: 10001 },
      containers: [{ name: 'reports', image: 'registry.example.com/reports:1.3.0' }],
    });

    // --- pattern: begin ---
    const vault = new EnterpriseVaultSecrets(this, 'vault', {
      vault: { address: 'https://vault.internal.example:8200', namespace: 'vault' },
    });
    vault.addApp('payment-api', {
      workload: api,
      secrets: [{ name: 'postgres', path: 'secret/data/payments/postgres' }],
    }); // /vault/secrets/postgres
    vault.addApp('reports', {
      workload: reportsCronJob,
      secrets: [{ name: 'warehouse', path: 'secret/data/payments/warehouse' }],
    });
    // --- pattern: end ---
    this.vault = vault;
  }
}

if (require.main === module) {
  const app = new App();
  const chart = new PaymentsChart(app, 'payments');
  app.synth();
  fs.writeFileSync(path.join(app.outdir, 'vault-setup.sh'), chart.vault.setupScript, { mode: 0o755 });
}
