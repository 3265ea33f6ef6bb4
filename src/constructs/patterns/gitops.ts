import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { writeComplianceReportOnSynth } from './report';
import { SecretAccessAlertsOptions, SecretHandle } from '../../core';
import { NamespaceIsolationOptions } from '../../core/network/namespace-isolation';
import { ComplianceReport, objectRef } from '../../core/patterns/compliance';
import {
  GitOpsAppInput, GitOpsBasePlan, GitOpsEncryption, GitOpsFluxOptions, GitOpsSecretInput, GitOpsSecretPlan, gitOpsAppPlan, gitOpsBasePlan,
  gitOpsComplianceReport, gitOpsSecretPlan,
} from '../../core/patterns/gitops';
import { checkObject } from '../../core/validate/values';
import { Cdk8sPlusVolume, Cdk8sPlusWorkload } from '../cdk8s-plus-types';
import { SecretAccessAlerts } from '../cluster/secret-access-alerts';
import { FluxKustomization } from '../gitops/flux';
import { PlaintextSecretGuard } from '../gitops/plaintext-guard';
import { SealedSecret } from '../gitops/sealed-secret';
import { SopsSecret } from '../gitops/sops';
import { NamespaceIsolation } from '../network/network-policies';
import { resolveNamespace, workloadKindOf } from '../util';
import { envFromSecret, mountSecret } from '../workload/consumption';

/** An app of a {@link GitOpsSecrets} pattern: the workload and the pattern's secrets it reads. */
export interface GitOpsAppProps extends Omit<GitOpsAppInput, 'files' | 'env'> {
  /** The workload (a cdk8s-plus Deployment, StatefulSet, DaemonSet, Job, ...). */
  readonly workload: Cdk8sPlusWorkload;
  /**
   * Secrets mounted as read-only files (0400) under `/etc/secrets/<name>`: names or the pattern's parts.
   * @default - none
   */
  readonly files?: (string | SecretHandle)[];
  /**
   * Secrets given as environment variables (`envFrom`), only when the app needs them so.
   * @default - none
   */
  readonly env?: (string | SecretHandle)[];
}

/** Props of {@link GitOpsSecrets}. */
export interface GitOpsSecretsProps {
  /** How the secrets are encrypted: `GitOpsEncryption.sealedSecrets({ certificate })` or `GitOpsEncryption.sops({ ageRecipients })`. */
  readonly encryption: GitOpsEncryption;
  /**
   * The Flux Kustomization that applies the committed directory: `{ path, sourceRef }` (with SOPS
   * decryption when SOPS is used).
   * @default - none: something else applies the directory
   */
  readonly flux?: GitOpsFluxOptions;
  /**
   * The namespace of the secrets and apps.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Overrides of the secret-access alerts (SecretAccessAlerts options).
   * @default - the defaults, in the pattern's namespace
   */
  readonly alerts?: SecretAccessAlertsOptions;
  /**
   * Overrides of the namespace isolation (NamespaceIsolation options).
   * @default - the defaults
   */
  readonly isolation?: Omit<NamespaceIsolationOptions, 'namespace'>;
  /**
   * Secrets, by name (the same as calling `addSecret`).
   * @default - none
   */
  readonly secrets?: Record<string, GitOpsSecretInput>;
  /**
   * Apps, by name (the same as calling `addApp`, after the secrets).
   * @default - none
   */
  readonly apps?: Record<string, GitOpsAppProps>;
  /**
   * The name of the compliance report written beside the YAML (`<outdir>/<reportName>.compliance.json`).
   * @default - `<chart id>-<construct id>`
   */
  readonly reportName?: string;
}

/** An app of the pattern, as rendered. */
export interface GitOpsApp {
  /** The app's name. */
  readonly name: string;
  /** Its workload. */
  readonly workload: Cdk8sPlusWorkload;
  /** The Secrets it mounts, with their volumes. */
  readonly volumes: Record<string, Cdk8sPlusVolume>;
  /** The Secrets it reads as env. */
  readonly env: string[];
}

/** A secret of the pattern: a SealedSecret or a SopsSecret. */
export type GitOpsSecret = SealedSecret | SopsSecret;

function refOf(o: ApiObject): string {
  return objectRef({ kind: o.kind, metadata: { name: o.name, ...(o.metadata.namespace !== undefined ? { namespace: o.metadata.namespace } : {}) } });
}

/**
 * Seed pattern 3, encrypted secrets in Git, in one construct: every secret sealed for the sealed-secrets
 * controller (or SOPS-encrypted for age recipients) at synth, `PlaintextSecretGuard` over the whole
 * scope, a Flux Kustomization (with SOPS decryption when SOPS is used), default-deny isolation of the
 * namespace, secret-access and unseal-error alerts, apps that mount their secrets read-only with the
 * Reloader annotation, the `.sops.yaml` rules (`sopsConfig`), and a compliance report written beside the
 * YAML. Made only of the library's blocks; each part is a public member, to reach and extend.
 *
 * Assumes installed: the sealed-secrets controller (v0.36) or Flux's kustomize-controller
 * (`kustomize.toolkit.fluxcd.io/v1`) with the age identity in `flux-system/sops-age`, Stakater Reloader
 * (v1.4) and the Prometheus operator. Nothing is looked up over the network at synth.
 *
 * ```ts
 * const gitops = new GitOpsSecrets(chart, 'gitops', {
 *   encryption: GitOpsEncryption.sealedSecrets({ certificate: fs.readFileSync('pub-cert.pem', 'utf8') }),
 *   flux: { path: './clusters/prod/payments', sourceRef: { kind: 'GitRepository', name: 'platform' } },
 * });
 * gitops.addSecret('database-credentials', { encryptedData: presealed });
 * gitops.addSecret('webhook-key', { stringData: { key: process.env.WEBHOOK_KEY! } });
 * gitops.addApp('payment-api', { workload: api, files: ['database-credentials', 'webhook-key'] });
 * ```
 */
export class GitOpsSecrets extends Construct {
  /** The namespace of the secrets and apps. */
  public readonly namespace: string;
  /** The encryption. */
  public readonly encryption: GitOpsEncryption;
  /** The plaintext guard over the pattern's scope (`PlaintextSecretGuard.allow` makes an exception). */
  public readonly guard: PlaintextSecretGuard;
  /** The namespace's default-deny isolation. */
  public readonly isolation: NamespaceIsolation;
  /** The secret-access and unseal-error alerts. */
  public readonly alerts: SecretAccessAlerts;
  /**
   * The Flux Kustomization.
   * @default - none (no `flux` prop)
   */
  public readonly kustomization?: FluxKustomization;
  /**
   * The `.sops.yaml` text (creation rules with the recipients and rule the pattern encrypts with), to
   * commit at the repository root so `sops --encrypt` there matches. SOPS only.
   * @default - none (sealed-secrets)
   */
  public readonly sopsConfig?: string;
  /** The secrets, by name. */
  public readonly secrets: Record<string, GitOpsSecret> = {};
  /** The apps, by name. */
  public readonly apps: Record<string, GitOpsApp> = {};

  private readonly base: GitOpsBasePlan;
  /** The secrets' plans, by name: what envKeys is checked against. */
  private readonly secretPlans: Record<string, GitOpsSecretPlan> = {};

  public constructor(scope: Construct, id: string, props: GitOpsSecretsProps) {
    super(scope, id);
    checkObject('GitOpsSecrets', 'props', props, 'the GitOpsSecrets props ({ encryption, flux?, ... })');
    this.base = gitOpsBasePlan({
      name: id,
      namespace: resolveNamespace('GitOpsSecrets', this, props.namespace),
      encryption: props.encryption,
      ...(props.flux !== undefined ? { flux: props.flux } : {}),
      ...(props.alerts !== undefined ? { alerts: props.alerts } : {}),
      ...(props.isolation !== undefined ? { isolation: props.isolation } : {}),
    });
    this.namespace = this.base.namespace;
    this.encryption = this.base.encryption;
    this.sopsConfig = this.base.sopsConfig;
    this.guard = PlaintextSecretGuard.of(scope);
    this.isolation = new NamespaceIsolation(this, 'Isolation', this.base.isolation);
    this.alerts = new SecretAccessAlerts(this, 'Alerts', this.base.alerts);
    if (this.base.flux !== undefined) {
      this.kustomization = new FluxKustomization(this, 'Flux', this.base.flux);
    }
    for (const [name, input] of Object.entries(props.secrets ?? {})) {
      this.addSecret(name, input);
    }
    for (const [name, app] of Object.entries(props.apps ?? {})) {
      this.addApp(name, app);
    }
    writeComplianceReportOnSynth(this, props.reportName ?? `${Chart.of(this).node.id}-${id}`, () => this.report);
  }

  /**
   * Add a secret: `{ encryptedData }` (pre-sealed, sealed-secrets only) or `{ stringData }` (encrypted at
   * synth), with optional type, labels, annotations, immutability and sealing scope.
   * @returns the SealedSecret or SopsSecret
   */
  public addSecret(name: string, input: GitOpsSecretInput): GitOpsSecret {
    const plan = gitOpsSecretPlan(this.base, name, input, Object.keys(this.secrets));
    const secret = plan.kind === 'sops'
      ? new SopsSecret(this, `Secret-${plan.name}`, plan.options)
      : new SealedSecret(this, `Secret-${plan.name}`, plan.options);
    this.secrets[plan.name] = secret;
    this.secretPlans[plan.name] = plan;
    return secret;
  }

  /**
   * Add an app: its workload mounts each of `files` read-only (0400) under `/etc/secrets/<name>` and
   * reads `env` as environment variables; its Reloader annotation lists exactly those Secrets.
   * @returns the app
   */
  public addApp(name: string, props: GitOpsAppProps): GitOpsApp {
    checkObject('GitOpsSecrets', `apps[${JSON.stringify(name)}]`, props, 'the app ({ workload, files?, env? })');
    const workloadNamespace = (props.workload as Cdk8sPlusWorkload | undefined)?.metadata?.namespace ?? Chart.of(this).namespace;
    const plan = gitOpsAppPlan(name, props as GitOpsAppInput, Object.values(this.secretPlans), Object.keys(this.apps),
      { pattern: this.namespace, workload: workloadNamespace });
    const workload = props.workload;
    const volumes: Record<string, Cdk8sPlusVolume> = {};
    for (const file of plan.files) {
      volumes[file.secret] = mountSecret(workload, this.secrets[file.secret], { path: file.path });
    }
    for (const secret of plan.env) {
      envFromSecret(workload, this.secrets[secret], plan.envKeys[secret] !== undefined ? { keys: { ...plan.envKeys[secret] } } : {});
    }
    const app: GitOpsApp = { name: plan.name, workload, volumes, env: plan.env };
    this.apps[plan.name] = app;
    return app;
  }

  /** The compliance report of the pattern as it stands (also written beside the YAML at synth). */
  public get report(): ComplianceReport {
    const chartNamespace = Chart.of(this).namespace;
    return gitOpsComplianceReport(this.base, {
      secrets: Object.values(this.secrets).map(s => refOf(s.apiObject)),
      workloads: Object.values(this.apps).map(a => {
        const namespace = a.workload.metadata.namespace ?? chartNamespace;
        const metadata = { name: a.workload.name, ...(namespace !== undefined ? { namespace } : {}) };
        return objectRef({ kind: workloadKindOf(a.workload), metadata });
      }),
      networkPolicies: [refOf(this.isolation.denyAll), refOf(this.isolation.allowDns)],
      alerts: [refOf(this.alerts.apiObject)],
      ...(this.kustomization !== undefined ? { kustomization: refOf(this.kustomization.apiObject) } : {}),
    });
  }
}
