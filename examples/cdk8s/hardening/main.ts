/**
 * Cluster and workload hardening (cdk8s): the rest of the toolbox around the payments namespace.
 *
 * - payment-api: secrets from HashiCorp Vault through the agent injector (files under /vault/secrets),
 *   with the read-only Vault policy and the Kubernetes auth role written next to the manifests;
 * - payment-reports: a CronJob with the agent as an init container only (agent-pre-populate-only);
 * - payment-worker: AWS Secrets Manager mounted by the Secrets Store CSI driver with the pod's IRSA role,
 *   no Kubernetes Secret in etcd, restarted by Reloader when the SecretProviderClass rotates;
 * - payment-web: configuration synced from Infisical (v1beta1 `InfisicalConnection` + `InfisicalAuth` with
 *   Kubernetes auth + `InfisicalStaticSecret`), restarted by the Infisical operator when it changes;
 * - monitoring: a PrometheusRule with the secret-access alerts;
 * - control plane: the API server's EncryptionConfiguration (KMS v2) and audit policy files.
 *
 * Synthesize with `npm run examples` (or `npx ts-node main.ts` in a cdk8s project). The Vault and
 * control-plane files land next to the manifests: hand them to whoever runs Vault and the control plane.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, ChartProps, Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import {
  InfisicalAuth, InfisicalConnection, InfisicalStaticSecret, SecretAccessAlerts, SecretProviderClass, SecureServiceAccount,
  VaultAgentInjection, WorkloadIdentity, auditPolicy, encryptionConfiguration, infisicalAutoReload, mountSecret, mountSecretProviderClass,
} from 'kube-secure-secrets';

const IMAGE = 'registry.example.com/payment-api:3.0.0';
const securityContext = { user: 10001, group: 10001, fsGroup: 10001 };

export class HardenedPaymentsChart extends Chart {
  /** The API's Vault agent injection (policy and auth role for the Vault operator). */
  public readonly apiVault: VaultAgentInjection;
  /** The report CronJob's Vault agent injection. */
  public readonly reportsVault: VaultAgentInjection;

  constructor(scope: Construct, id: string, props: ChartProps = { namespace: 'payments' }) {
    super(scope, id, props);

    // 1. Vault agent injection: the API reads Postgres credentials rendered by the agent.
    const apiSa = new SecureServiceAccount(this, 'api-sa', { name: 'payment-api' });
    const api = new kplus.Deployment(this, 'api', {
      metadata: { name: 'payment-api' },
      serviceAccount: apiSa,
      replicas: 3,
      securityContext,
      containers: [{ name: 'payment-api', image: IMAGE, portNumber: 8080, securityContext: { user: 10001, group: 10001 } }],
    });
    this.apiVault = new VaultAgentInjection(this, 'api-vault', {
      workload: api,
      role: 'payment-api',
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

    // 2. A CronJob: the agent runs as an init container only (a sidecar would keep the Job running).
    const reportsSa = new SecureServiceAccount(this, 'reports-sa', { name: 'payment-reports' });
    const reports = new kplus.CronJob(this, 'reports', {
      metadata: { name: 'payment-reports' },
      schedule: Cron.daily(),
      serviceAccount: reportsSa,
      securityContext,
      containers: [{ name: 'report', image: IMAGE, args: ['report', '--daily'], securityContext: { user: 10001, group: 10001 } }],
    });
    this.reportsVault = new VaultAgentInjection(this, 'reports-vault', {
      workload: reports,
      role: 'payment-reports',
      vaultAddress: 'https://vault.vault.svc:8200',
      tlsSecret: 'vault-ca',
      caCert: '/vault/tls/ca.crt',
      secrets: [{ name: 'warehouse', path: 'secret/data/payments/warehouse' }],
    });

    // 3. Secrets Store CSI driver: AWS Secrets Manager as files, with the pod's IRSA role.
    const workerSa = new SecureServiceAccount(this, 'worker-sa', {
      name: 'payment-worker',
      identity: WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/payment-worker'),
    });
    const workerSecrets = new SecretProviderClass(this, 'worker-secrets', {
      name: 'payment-worker-secrets',
      region: 'us-east-1',
      objects: [{
        objectName: 'production/payments/gateway',
        objectType: 'secretsmanager',
        objectAlias: 'gateway',
        jmesPath: [{ path: 'apiKey', objectAlias: 'gateway-api-key' }],
      }],
    });
    const worker = new kplus.Deployment(this, 'worker', {
      metadata: { name: 'payment-worker' },
      serviceAccount: workerSa,
      replicas: 2,
      securityContext,
      containers: [{ name: 'worker', image: IMAGE, args: ['worker'] }],
    });
    mountSecretProviderClass(worker, workerSecrets, { path: '/mnt/secrets' });

    // 4. Infisical (the operator's v1beta1 API): where Infisical is, how the operator logs in (Kubernetes
    // auth with its own ServiceAccount and audience; the machine identity ID in a Secret key), and the web
    // front-end's configuration synced into an owned Secret, reloaded by the Infisical operator.
    const infisical = new InfisicalConnection(this, 'infisical', {
      name: 'infisical',
      address: 'https://infisical.internal.example.com',
      caCertificate: { name: 'infisical-ca', key: 'ca.crt' },
    });
    const infisicalSa = new SecureServiceAccount(this, 'infisical-sa', { name: 'infisical-auth' });
    const infisicalAuth = new InfisicalAuth(this, 'infisical-auth', {
      name: 'payments-infisical',
      connection: infisical,
      kubernetes: { identityIdSecret: { name: 'infisical-identity', key: 'identityId' }, serviceAccount: infisicalSa, audiences: ['infisical'] },
    });
    const webConfig = new InfisicalStaticSecret(this, 'web-config', {
      name: 'payment-web-config',
      auth: infisicalAuth,
      sources: [{ projectSlug: 'payments', envSlug: 'prod', secretsPath: '/web' }],
      targets: [{ name: 'payment-web-config' }],
    });
    const webSa = new SecureServiceAccount(this, 'web-sa', { name: 'payment-web' });
    const web = new kplus.Deployment(this, 'web', {
      metadata: { name: 'payment-web' },
      serviceAccount: webSa,
      replicas: 2,
      securityContext,
      containers: [{ name: 'web', image: 'registry.example.com/payment-web:3.0.0', portNumber: 8080 }],
    });
    // The Infisical operator restarts it on change; Reloader need not.
    mountSecret(web, webConfig, { path: '/etc/secrets/config', reload: false });
    infisicalAutoReload(web);
  }
}

export class MonitoringChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new SecretAccessAlerts(this, 'alerts', { labels: { release: 'kube-prometheus-stack' } });
  }
}

/** The control-plane and Vault files the example writes next to the manifests (no secret values). */
export function operatorFiles(chart: HardenedPaymentsChart): Record<string, string> {
  return {
    'apiserver-encryption-config.yaml': stringify(encryptionConfiguration({ kms: { name: 'aws-kms', endpoint: 'unix:///var/run/kmsplugin/socket.sock' } })),
    'apiserver-audit-policy.yaml': stringify(auditPolicy({})),
    [`${chart.apiVault.policyName}.hcl`]: chart.apiVault.policyHcl,
    [`${chart.reportsVault.policyName}.hcl`]: chart.reportsVault.policyHcl,
    'vault-setup.sh': ['#!/bin/sh', 'set -eu', ...chart.apiVault.vaultCommands, ...chart.reportsVault.vaultCommands, ''].join('\n'),
  };
}

if (require.main === module) {
  const app = new App();
  const payments = new HardenedPaymentsChart(app, 'payments');
  new MonitoringChart(app, 'monitoring');
  app.synth();
  for (const [file, text] of Object.entries(operatorFiles(payments))) {
    fs.writeFileSync(path.join(app.outdir, file), text);
  }
}
