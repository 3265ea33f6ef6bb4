import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { SecretAccessAlertsOptions, SecretHandle } from '../../core';
import { NamespaceIsolationOptions } from '../../core/network/namespace-isolation';
import { ComplianceReport, objectRef } from '../../core/patterns/compliance';
import {
  GitOpsAppInput, GitOpsBasePlan, GitOpsEncryption, GitOpsFluxOptions, GitOpsSecretInput, GitOpsSecretPlan, gitOpsAppPlan, gitOpsBasePlan,
  gitOpsComplianceReport, gitOpsSecretPlan,
} from '../../core/patterns/gitops';
import { checkObject } from '../../core/validate/values';
import { SecretAccessAlerts } from '../cluster/secret-access-alerts';
import { validated } from '../errors';
import { FluxKustomization } from '../gitops/flux';
import { PlaintextSecretGuard, underPulumiMocks } from '../gitops/plaintext-guard';
import { SealedSecret } from '../gitops/sealed-secret';
import { SopsSecret } from '../gitops/sops-secret';
import { NamespaceIsolation } from '../network/network-policies';
import { WorkloadArgsLike, envFromSecret, mountSecret } from '../workload/consumption';
import { createWorkload } from '../workload/create-workload';

/** A secret of a Pulumi {@link GitOpsSecrets}: `stringData` values may be Pulumi secrets. */
export interface GitOpsSecretArgs extends Omit<GitOpsSecretInput, 'stringData'> {
  /**
   * Plaintext values, sealed or SOPS-encrypted at deployment (e.g. `config.requireSecret('webhookKey')`).
   * @default - none: give encryptedData
   */
  readonly stringData?: Record<string, pulumi.Input<string>>;
}

/** The workload kinds an app of the Pulumi pattern can be. */
export type GitOpsWorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

/** An app of a Pulumi {@link GitOpsSecrets}: the workload's args and the pattern's secrets it reads. */
export interface GitOpsAppArgs extends Omit<GitOpsAppInput, 'files' | 'env'> {
  /** The args of the workload (`k8s.apps.v1.DeploymentArgs`, ...); the pattern creates it with the secrets mounted. */
  readonly workload: WorkloadArgsLike;
  /**
   * The workload's kind.
   * @default "Deployment"
   */
  readonly kind?: GitOpsWorkloadKind;
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

/** Arguments of the Pulumi {@link GitOpsSecrets}. */
export interface GitOpsSecretsArgs {
  /** The namespace of the secrets and apps. */
  readonly namespace: string;
  /** How the secrets are encrypted: `GitOpsEncryption.sealedSecrets({ certificate })` or `GitOpsEncryption.sops({ ageRecipients })`. */
  readonly encryption: GitOpsEncryption;
  /**
   * The Flux Kustomization that applies the rendered directory (with SOPS decryption when SOPS is used).
   * @default - none
   */
  readonly flux?: GitOpsFluxOptions;
  /**
   * Overrides of the secret-access alerts.
   * @default - the defaults, in the pattern's namespace
   */
  readonly alerts?: SecretAccessAlertsOptions;
  /**
   * Overrides of the namespace isolation.
   * @default - the defaults
   */
  readonly isolation?: Omit<NamespaceIsolationOptions, 'namespace'>;
  /**
   * Secrets, by name.
   * @default - none
   */
  readonly secrets?: Record<string, GitOpsSecretArgs>;
  /**
   * Apps, by name (after the secrets).
   * @default - none
   */
  readonly apps?: Record<string, GitOpsAppArgs>;
  /**
   * Deliberate plaintext exceptions of the guard under the component: resource names mapped to reasons
   * (PlaintextSecretGuard's own opt-in).
   * @default - none
   */
  readonly plaintextAllow?: Record<string, string>;
}

/** An app of the Pulumi pattern, as created. */
export interface GitOpsAppResource {
  /** The app's name. */
  readonly name: string;
  /** The workload resource. */
  readonly workload: k8s.apps.v1.Deployment | k8s.apps.v1.StatefulSet | k8s.apps.v1.DaemonSet;
  /** The kind. */
  readonly kind: GitOpsWorkloadKind;
  /** The Secrets it mounts. */
  readonly files: string[];
  /** The Secrets it reads as env. */
  readonly env: string[];
}

/**
 * Seed pattern 3, encrypted secrets in Git, in one component: the Pulumi twin of the cdk8s
 * `GitOpsSecrets`, rendered from the same core plan with the Pulumi blocks (SealedSecret or SopsSecret,
 * FluxKustomization, NamespaceIsolation, SecretAccessAlerts, `mountSecret`). The PlaintextSecretGuard
 * transform covers every resource under the component. Meant for a Kubernetes provider with
 * `renderYamlToDirectory` (the rendered directory is what Flux applies). The compliance report and the
 * `.sops.yaml` rules are outputs.
 *
 * Assumes installed: the sealed-secrets controller (v0.36) or Flux's kustomize-controller
 * (`kustomize.toolkit.fluxcd.io/v1`) with the age identity in `flux-system/sops-age`, Stakater Reloader
 * (v1.4) and the Prometheus operator.
 *
 * ```ts
 * const gitops = new GitOpsSecrets('gitops', {
 *   namespace: 'payments',
 *   encryption: GitOpsEncryption.sops({ ageRecipients: ['age1...'] }),
 *   flux: { path: './clusters/prod/payments', sourceRef: { kind: 'GitRepository', name: 'platform' } },
 *   secrets: { 'webhook-key': { stringData: { key: config.requireSecret('webhookKey') } } },
 *   apps: { 'payment-api': { workload: apiArgs, files: ['webhook-key'] } },
 * }, { provider: renderer });
 * ```
 */
export class GitOpsSecrets extends pulumi.ComponentResource {
  /** The namespace. */
  public readonly namespace: string;
  /**
   * The PlaintextSecretGuard transform registered on the component (not run under Pulumi mocks, whose
   * engine has no transforms; call it on a resource's props to check it there).
   */
  public readonly guard: pulumi.ResourceTransform;
  /** The encryption. */
  public readonly encryption: GitOpsEncryption;
  /** The namespace's default-deny isolation. */
  public readonly isolation: NamespaceIsolation;
  /** The secret-access and unseal-error alerts. */
  public readonly alerts: SecretAccessAlerts;
  /**
   * The Flux Kustomization.
   * @default - none (no `flux` argument)
   */
  public readonly kustomization?: FluxKustomization;
  /**
   * The `.sops.yaml` text to commit at the repository root (SOPS only).
   * @default - none (sealed-secrets)
   */
  public readonly sopsConfig?: string;
  /** The secrets, by name. */
  public readonly secrets: Record<string, SealedSecret | SopsSecret> = {};
  /** The apps, by name. */
  public readonly apps: Record<string, GitOpsAppResource> = {};

  private readonly base: GitOpsBasePlan;
  /** The secrets' plans, by name: what envKeys is checked against. */
  private readonly secretPlans: Record<string, GitOpsSecretPlan> = {};
  private readonly patternName: string;

  /**
   * @param name the Pulumi resource name
   * @param args the encryption, Flux, secrets and apps
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: GitOpsSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    const allow = (args as GitOpsSecretsArgs | undefined)?.plaintextAllow;
    // Checked here, so a bad allow list fails even where transforms do not run.
    const guard = PlaintextSecretGuard.transform(allow !== undefined ? { allow } : {});
    super('kube-secure-secrets:patterns:GitOpsSecrets', name, {}, {
      ...opts,
      // The guard covers every resource under the component (yours too, with `parent: gitops`).
      ...(!underPulumiMocks() ? { transforms: [...(opts?.transforms ?? []), guard] } : {}),
    });
    this.guard = guard;
    this.patternName = name;
    validated(this, () => checkObject('GitOpsSecrets', 'args', args, 'the GitOpsSecrets arguments ({ namespace, encryption, ... })'));
    this.base = validated(this, () => gitOpsBasePlan({
      name,
      namespace: args.namespace,
      encryption: args.encryption,
      ...(args.flux !== undefined ? { flux: args.flux } : {}),
      ...(args.alerts !== undefined ? { alerts: args.alerts } : {}),
      ...(args.isolation !== undefined ? { isolation: args.isolation } : {}),
    }));
    this.namespace = this.base.namespace;
    this.encryption = this.base.encryption;
    this.sopsConfig = this.base.sopsConfig;
    this.isolation = new NamespaceIsolation(`${name}-isolation`, this.base.isolation, { parent: this });
    this.alerts = new SecretAccessAlerts(`${name}-alerts`, this.base.alerts, { parent: this });
    if (this.base.flux !== undefined) {
      this.kustomization = new FluxKustomization(`${name}-flux`, this.base.flux, { parent: this });
    }
    for (const [secret, input] of Object.entries(args.secrets ?? {})) {
      this.addSecret(secret, input);
    }
    for (const [app, input] of Object.entries(args.apps ?? {})) {
      this.addApp(app, input);
    }
    this.registerOutputs({ sopsConfig: this.sopsConfig });
  }

  /**
   * Add a secret: `{ encryptedData }` (pre-sealed, sealed-secrets only) or `{ stringData }` (encrypted at
   * deployment).
   * @returns the SealedSecret or SopsSecret
   */
  public addSecret(name: string, input: GitOpsSecretArgs): SealedSecret | SopsSecret {
    const plan = validated(this, () => gitOpsSecretPlan(this.base, name, input as GitOpsSecretInput, Object.keys(this.secrets)));
    const resourceName = `${this.patternName}-${plan.name}`;
    const secret = plan.kind === 'sops'
      ? new SopsSecret(resourceName, plan.options, { parent: this })
      : new SealedSecret(resourceName, plan.options, { parent: this });
    this.secrets[plan.name] = secret;
    this.secretPlans[plan.name] = plan;
    return secret;
  }

  /**
   * Add an app: the pattern creates its workload from `workload` with each of `files` mounted read-only
   * (0400) under `/etc/secrets/<name>` and `env` as environment variables, its Reloader annotation
   * listing exactly those Secrets.
   * @returns the app
   */
  public addApp(name: string, input: GitOpsAppArgs): GitOpsAppResource {
    validated(this, () => checkObject('GitOpsSecrets', `apps[${JSON.stringify(name)}]`, input, 'the app ({ workload, files?, env? })'));
    const metadata = (input as GitOpsAppArgs | undefined)?.workload?.metadata;
    const workloadNamespace = typeof metadata === 'object' && metadata !== null ? (metadata as { namespace?: unknown }).namespace : undefined;
    const plan = validated(this, () => gitOpsAppPlan(name, input as GitOpsAppInput, Object.values(this.secretPlans), Object.keys(this.apps),
      { pattern: this.namespace, workload: workloadNamespace }));
    const kind = input.kind ?? 'Deployment';
    let args = input.workload;
    validated(this, () => {
      for (const file of plan.files) {
        args = mountSecret(args, this.secrets[file.secret], { path: file.path });
      }
      for (const secret of plan.env) {
        args = envFromSecret(args, this.secrets[secret], plan.envKeys[secret] !== undefined ? { keys: { ...plan.envKeys[secret] } } : {});
      }
    });
    const workload = createWorkload('GitOpsSecrets', kind, `${this.patternName}-${plan.name}`, args, { parent: this }) as GitOpsAppResource['workload'];
    const app: GitOpsAppResource = { name: plan.name, workload, kind, files: plan.files.map(f => f.secret), env: plan.env };
    this.apps[plan.name] = app;
    return app;
  }

  /** The compliance report of the pattern as it stands (an Output: workload names may be auto-named). */
  public get report(): pulumi.Output<ComplianceReport> {
    const secretRef = (s: SealedSecret | SopsSecret): string => objectRef({
      kind: s instanceof SealedSecret ? 'SealedSecret' : 'Secret',
      metadata: { name: s.secretName, ...(s.secretNamespace !== undefined ? { namespace: s.secretNamespace } : {}) },
    });
    const workloads = Object.values(this.apps).map(a => pulumi.all([a.workload.metadata.name, a.workload.metadata.namespace])
      .apply(([n, ns]) => objectRef({ kind: a.kind, metadata: { name: n, namespace: ns ?? this.namespace } })));
    const isolationRefs = this.isolation.policies.map(p => pulumi.all([p.metadata.name, p.metadata.namespace])
      .apply(([n, ns]) => objectRef({ kind: 'NetworkPolicy', metadata: { name: n, namespace: ns } })));
    type WithMetadata = pulumi.CustomResource & { metadata: pulumi.Output<k8s.types.output.meta.v1.ObjectMeta> };
    const refOf = (kind: string, r: WithMetadata): pulumi.Output<string> =>
      r.metadata.apply(m => objectRef({ kind, metadata: { name: m.name!, ...(m.namespace !== undefined ? { namespace: m.namespace } : {}) } }));
    const alerts = refOf('PrometheusRule', this.alerts.resource);
    const flux = this.kustomization !== undefined ? refOf('Kustomization', this.kustomization.resource) : pulumi.output(undefined);
    return pulumi.all([pulumi.all(workloads), pulumi.all(isolationRefs), alerts, flux]).apply(([w, np, a, k]) => gitOpsComplianceReport(this.base, {
      secrets: Object.values(this.secrets).map(secretRef),
      workloads: w,
      networkPolicies: np,
      alerts: [a],
      ...(k !== undefined ? { kustomization: k } : {}),
    }));
  }
}
