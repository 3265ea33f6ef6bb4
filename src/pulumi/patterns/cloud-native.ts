import * as pulumi from '@pulumi/pulumi';
import { ValidationError, q, typeOf } from '../../core/errors';
import {
  CloudAppOptions, CloudNativeAwsIdentityOptions, CloudNativeSecretsOptions, CloudNativeSecretsPlan, CloudSecretOptions, SecretSource,
  cloudNativeAwsIdentity, cloudNativeSecretArns, cloudNativeSecretsPlan, cloudNativeSecretsReport, cloudStoreServiceAccountName,
} from '../../core/patterns/cloud-native';
import { ComplianceReport } from '../../core/patterns/compliance';
import { checkObject, optIn } from '../../core/validate/values';
import { IrsaRole, PodIdentityRole } from '../aws/aws-roles';
import { KmsEncryptedEksCluster } from '../aws/kms-encrypted-eks-cluster';
import { ManagedSecret } from '../aws/managed-secret';
import { awsSdk } from '../deps';
import { validated } from '../errors';
import { ExternalSecret } from '../eso/external-secret';
import { SecretStore } from '../eso/secret-store';
import { SecureServiceAccount } from '../identity/secure-service-account';
import { ExternalSecretsEgressPolicy, NamespaceIsolation } from '../network/network-policies';
import { SecretReader } from '../rbac/secret-reader';
import { WorkloadArgsLike, envFromSecret, mountSecret } from '../workload/consumption';
import { createWorkload } from '../workload/create-workload';
import { plainWorkload } from '../workload/workload-args';

const PATTERN = 'CloudNativeSecrets';

/** A secret of the Pulumi {@link CloudNativeSecrets}: the core declaration, optionally with its value. */
export interface PulumiCloudSecretArgs extends CloudSecretOptions {
  /**
   * The value (a Pulumi secret): the pattern then creates the AWS Secrets Manager secret as a
   * `ManagedSecret` named `remoteKey` (needs `aws`, and `aws.kmsKeyArn` or `aws.allowAwsManagedKey`).
   * @default - the secret exists already
   */
  readonly value?: pulumi.Output<string>;
}

/** An app of the Pulumi {@link CloudNativeSecrets}. */
export interface PulumiCloudAppArgs extends Omit<CloudAppOptions, 'serviceAccountName'> {
  /** The workload's args (`metadata`, `spec.template`); the pattern wires them and creates the workload. */
  readonly workload: WorkloadArgsLike;
  /**
   * The workload's kind.
   * @default "Deployment"
   */
  readonly kind?: 'Deployment' | 'StatefulSet' | 'DaemonSet';
}

/**
 * The AWS side the Pulumi pattern creates (AWS sources only).
 *
 * `identity` picks the role: `irsa` (default) is an `IrsaRole` trusting exactly the store's own
 * ServiceAccount, which the store names in `auth.jwt`. `podIdentity` is a `PodIdentityRole` bound to the
 * ESO controller's ServiceAccount, and the store has no `auth`: ESO (v2.x) uses EKS Pod Identity only
 * through the controller's own credentials (external-secrets/external-secrets
 * providers/v1/aws/auth/auth.go, docs/provider/aws-access.md), so every SecretStore without `auth` in
 * the cluster, in any namespace, gets the same role and can read these secrets. That is why it needs
 * `allowControllerPodIdentity: true`; prefer `irsa` unless the cluster runs one tenant.
 */
export interface CloudNativeAwsArgs extends CloudNativeAwsIdentityOptions {
  /**
   * The cluster whose OIDC provider the store's IrsaRole trusts (`irsa`), or where the controller's
   * ServiceAccount is associated (`podIdentity`).
   * @default - oidcProviderArn and oidcIssuer (`irsa`), clusterName (`podIdentity`)
   */
  readonly cluster?: KmsEncryptedEksCluster;
  /**
   * The EKS cluster name, for `podIdentity` without `cluster`.
   * @default - the cluster's
   */
  readonly clusterName?: pulumi.Input<string>;
  /**
   * The IAM OIDC provider ARN (without `cluster`).
   * @default - the cluster's
   */
  readonly oidcProviderArn?: pulumi.Input<string>;
  /**
   * The OIDC issuer (without `cluster`).
   * @default - the cluster's
   */
  readonly oidcIssuer?: pulumi.Input<string>;
  /**
   * The customer-managed KMS key of the secrets: the ManagedSecrets use it and the role may decrypt
   * with it (through Secrets Manager or SSM only).
   * @default - none
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Let ManagedSecrets use the AWS-managed key (`ManagedSecret`'s opt-in). Only the boolean `true`.
   * @default false
   */
  readonly allowAwsManagedKey?: boolean;
  /**
   * The IAM role's name.
   * @default - generated
   */
  readonly roleName?: string;
}

/** Arguments of the Pulumi {@link CloudNativeSecrets}: the core options, with secrets, apps and the AWS side. */
export interface CloudNativeSecretsArgs extends Omit<CloudNativeSecretsOptions, 'name' | 'secrets' | 'apps'> {
  /**
   * The pattern's name (prefix of the store and its ServiceAccount).
   * @default - the Pulumi resource name
   */
  readonly name?: string;
  /**
   * The secrets, by Kubernetes Secret name.
   * @default - none
   */
  readonly secrets?: Record<string, PulumiCloudSecretArgs>;
  /**
   * The apps, by name.
   * @default - none
   */
  readonly apps?: Record<string, PulumiCloudAppArgs>;
  /**
   * AWS sources: create the AWS side too (ManagedSecrets for secrets with a value, the store's
   * IrsaRole scoped to exactly the secrets' ARNs).
   * @default - none: give `roleArn` in the source
   */
  readonly aws?: CloudNativeAwsArgs;
}

/** The parts made for one app. */
export interface PulumiCloudNativeApp {
  /**
   * The ServiceAccount the pattern made.
   * @default - none: the workload had one
   */
  readonly serviceAccount?: SecureServiceAccount;
  /** The name of the app's ServiceAccount. */
  readonly serviceAccountName: string;
  /** The workload, created from the wired args. */
  readonly workload: pulumi.CustomResource;
  /**
   * The SecretReader of `apiRead`.
   * @default - none
   */
  readonly reader?: SecretReader;
}

/**
 * The cloud-native secrets pattern in Pulumi: the twin of the cdk8s `CloudNativeSecrets`, rendering the
 * same core plan with the existing components. With `aws` (a `KmsEncryptedEksCluster` or an OIDC
 * provider), it also creates the AWS side: a `ManagedSecret` for each secret declared with a value, and
 * the store's `IrsaRole` scoped to exactly the secrets' ARNs (and the KMS key): IAM, store,
 * ExternalSecret, workload and NetworkPolicy in one component. The compliance report is the output
 * `report`. Assumes the External Secrets Operator (v0.17+, `external-secrets.io/v1`) and Stakater
 * Reloader (v1.4+) are installed.
 */
export class CloudNativeSecrets extends pulumi.ComponentResource {
  /** The store's ServiceAccount. */
  public readonly storeServiceAccount: SecureServiceAccount;
  /** The SecretStore. */
  public readonly store: SecretStore;
  /** The ExternalSecrets, by Secret name. */
  public readonly externalSecrets: Record<string, ExternalSecret> = {};
  /** The ManagedSecrets created for secrets declared with a value. */
  public readonly managedSecrets: Record<string, ManagedSecret> = {};
  /** The store's IAM role (with `aws`): an IrsaRole, or with `identity: "podIdentity"` the controller's PodIdentityRole. */
  public readonly role?: IrsaRole | PodIdentityRole;
  /** The apps, by name. */
  public readonly apps: Record<string, PulumiCloudNativeApp> = {};
  /** Default-deny with DNS in the namespace. */
  public readonly isolation: NamespaceIsolation;
  /** The ESO controller's egress policy (with `controllerEgress`). */
  public readonly controllerEgress?: ExternalSecretsEgressPolicy;
  /** The plan the component rendered. */
  public readonly plan: CloudNativeSecretsPlan;
  /** The compliance report. */
  public readonly report: pulumi.Output<ComplianceReport>;

  /**
   * @param name the Pulumi resource name
   * @param args the source, secrets, apps and (AWS) the cluster
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: CloudNativeSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:patterns:CloudNativeSecrets', name, {}, opts);
    const a = validated(this, () => checkObject(PATTERN, 'args', args, 'the pattern args { namespace, source, secrets?, apps?, aws? }') as unknown as CloudNativeSecretsArgs);
    const { aws, apps: appsIn, secrets: secretsIn, ...rest } = a;
    const secrets = validated(this, () => checkObject(PATTERN, 'secrets', secretsIn ?? {}, 'a map { secretName: { remoteKey, keys?, value? } }') as Record<string, PulumiCloudSecretArgs>);
    const apps = validated(this, () => checkObject(PATTERN, 'apps', appsIn ?? {}, 'a map { appName: { workload, files?, env?, apiRead? } }') as Record<string, PulumiCloudAppArgs>);
    const options: CloudNativeSecretsOptions = {
      ...rest,
      name: a.name ?? name,
      secrets: Object.fromEntries(Object.entries(secrets).map(([k, s]) => [k, withoutValue(s)])),
      apps: Object.fromEntries(Object.entries(apps).map(([k, app]) => [k, appOptions(this, k, app)])),
    };
    const parent = { parent: this };
    const side = aws === undefined ? undefined : this.awsSide(name, options, secrets, aws);
    this.role = side?.role;
    this.plan = validated(this, () => side?.role instanceof PodIdentityRole
      ? cloudNativeSecretsPlan(options, undefined, 'controller')
      : cloudNativeSecretsPlan(options, side?.role.arn));

    const sa = this.plan.store.serviceAccount;
    this.storeServiceAccount = new SecureServiceAccount(`${name}-store-sa`, {
      name: sa.name,
      namespace: this.plan.namespace,
      identity: sa.identity,
      automountToken: sa.automountToken,
      labels: sa.labels,
      annotations: sa.annotations,
    }, parent);
    const st = this.plan.store.store;
    this.store = new SecretStore(`${name}-store`, {
      name: st.name, namespace: this.plan.namespace, provider: st.provider, controller: st.controller, labels: st.labels,
    }, { parent: this, dependsOn: [this.storeServiceAccount] });
    for (const s of this.plan.secrets) {
      const { store: _store, component: _c, ...esArgs } = s.externalSecret;
      const dependsOn = this.managedSecrets[s.secretName] ? [this.managedSecrets[s.secretName]] : [];
      this.externalSecrets[s.secretName] = new ExternalSecret(`${name}-${s.secretName}`, { ...esArgs, store: this.store }, { parent: this, dependsOn });
    }
    for (const app of this.plan.apps) {
      const declared = apps[app.name];
      let serviceAccount: SecureServiceAccount | undefined;
      if (app.serviceAccount) {
        serviceAccount = new SecureServiceAccount(`${name}-${app.name}-sa`, { name: app.serviceAccountName, namespace: this.plan.namespace }, parent);
      }
      const ownSa = app.serviceAccount !== undefined;
      let wired = validated(this, () => withServiceAccount(declared.workload, app.serviceAccountName, this.plan.namespace, ownSa));
      for (const file of app.files) {
        wired = validated(this, () => mountSecret(wired, file.secret, file.mount));
      }
      for (const secret of app.env) {
        wired = validated(this, () => envFromSecret(wired, secret, app.envKeys[secret] !== undefined ? { keys: { ...app.envKeys[secret] } } : {}));
      }
      const kind = declared.kind ?? 'Deployment';
      const consumed = [...app.files.map(f => f.secret), ...app.env].map(s => this.externalSecrets[s]);
      const dependsOn = [...(serviceAccount ? [serviceAccount] : []), ...consumed];
      const workload = createWorkload(PATTERN, kind, `${name}-${app.name}`, wired, { parent: this, dependsOn });
      const reader = app.reader
        ? new SecretReader(`${name}-${app.name}-reader`, {
          namespace: this.plan.namespace,
          serviceAccount: serviceAccount ?? app.serviceAccountName,
          secrets: app.reader.secrets as string[],
          name: app.reader.name,
          verbs: app.reader.verbs as SecretReader['verbs'] | undefined,
          allowListWatch: app.reader.allowListWatch,
        }, parent)
        : undefined;
      this.apps[app.name] = {
        serviceAccountName: app.serviceAccountName,
        workload,
        ...(serviceAccount ? { serviceAccount } : {}),
        ...(reader ? { reader } : {}),
      };
    }
    this.isolation = new NamespaceIsolation(`${name}-isolation`, this.plan.isolation, parent);
    if (this.plan.controllerEgress) {
      this.controllerEgress = new ExternalSecretsEgressPolicy(`${name}-controller-egress`, this.plan.controllerEgress, parent);
    }
    const workloads = this.plan.apps.filter(app => app.files.length + app.env.length > 0)
      .map(app => `${apps[app.name].kind ?? 'Deployment'} ${this.plan.namespace}/${workloadName(apps[app.name].workload)}`);
    this.report = pulumi.output(validated(this, () => cloudNativeSecretsReport(this.plan, workloads)));
    this.registerOutputs({ report: this.report });
  }

  /** The AWS side: ManagedSecrets for declared values, and the store's IrsaRole on exactly their ARNs. */
  private awsSide(
    name: string, options: CloudNativeSecretsOptions, secrets: Record<string, PulumiCloudSecretArgs>, aws: CloudNativeAwsArgs,
  ): { role: IrsaRole | PodIdentityRole } {
    const o = validated(this, () => checkObject(PATTERN, 'aws', aws, 'the AWS side { cluster | oidcProviderArn + oidcIssuer, kmsKeyArn? }') as unknown as CloudNativeAwsArgs);
    const identity = validated(this, () => cloudNativeAwsIdentity(PATTERN, o));
    const source = options.source as SecretSource;
    if (!SecretSource.isSource(source) || !source.kind.startsWith('aws')) {
      throw validated(this, () => {
        throw new ValidationError(PATTERN, 'aws', `applies to AWS sources only; this pattern reads from ${SecretSource.isSource(source) ? source.kind : typeOf(source)}.`);
      });
    }
    const allowAwsManagedKey = validated(this, () => optIn(PATTERN, 'aws.allowAwsManagedKey', o.allowAwsManagedKey));
    if (identity.kind === 'controllerPodIdentity' && (o.oidcProviderArn !== undefined || o.oidcIssuer !== undefined)) {
      validated(this, () => {
        throw new ValidationError(PATTERN, 'aws.oidcProviderArn', 'and oidcIssuer apply to identity: "irsa" only; Pod Identity needs the cluster: give cluster or clusterName.');
      });
    }
    if (identity.kind === 'irsa' && o.clusterName !== undefined) {
      validated(this, () => {
        throw new ValidationError(PATTERN, 'aws.clusterName', 'applies to identity: "podIdentity" only; IRSA needs the OIDC provider: give cluster, or oidcProviderArn and oidcIssuer.');
      });
    }
    // The account and partition of existing secrets: from the OIDC provider (IRSA) or the cluster's ARN.
    const providerArn = identity.kind === 'irsa' ? o.cluster?.oidcProviderArn ?? o.oidcProviderArn : o.cluster?.cluster.arn ?? callerArn(this);
    const arns: pulumi.Input<string>[] = [];
    for (const [secretName, s] of Object.entries(secrets)) {
      if (s.value !== undefined) {
        if (source.kind !== 'awsSecretsManager') {
          validated(this, () => {
            throw new ValidationError(`${PATTERN} secret ${q(secretName)}`, 'value', 'creates a Secrets Manager secret; the source is Parameter Store: create the parameter yourself and leave value out.');
          });
        }
        const managed = new ManagedSecret(`${name}-${secretName}`, {
          name: s.remoteKey, value: s.value, ...(o.kmsKeyArn !== undefined ? { kmsKeyArn: o.kmsKeyArn } : {}), allowAwsManagedKey,
        }, { parent: this });
        this.managedSecrets[secretName] = managed;
        arns.push(managed.arn);
      } else {
        if (providerArn === undefined) {
          continue;
        }
        // The secret exists: its partial ARN in the OIDC provider's account and partition (the role
        // builder appends the AWS-documented -?????? to Secrets Manager names).
        arns.push(pulumi.output(providerArn).apply(arn => {
          const [, partition, , , account] = arn.split(':');
          return cloudNativeSecretArns(source, [s.remoteKey], account, partition)[0];
        }));
      }
    }
    const access = {
      ...(source.kind === 'awsSecretsManager' ? { secretsManagerArns: arns } : { ssmParameterArns: arns }),
      ...(o.kmsKeyArn !== undefined ? { kmsKeyArns: [o.kmsKeyArn] } : {}),
      ...(o.roleName !== undefined ? { roleName: o.roleName } : {}),
    };
    if (identity.kind === 'controllerPodIdentity') {
      // Bound to the controller's ServiceAccount: the only identity ESO uses with Pod Identity.
      const role = new PodIdentityRole(`${name}-controller`, {
        ...(o.cluster !== undefined ? { cluster: o.cluster } : { clusterName: o.clusterName }),
        serviceAccounts: [identity.controller],
        ...access,
      }, { parent: this });
      return { role };
    }
    const saName = validated(this, () => cloudStoreServiceAccountName(options));
    const role = new IrsaRole(`${name}-store`, {
      ...(o.cluster !== undefined ? { cluster: o.cluster } : { oidcProviderArn: o.oidcProviderArn, oidcIssuer: o.oidcIssuer }),
      serviceAccounts: [{ namespace: options.namespace, name: saName }],
      ...(source.kind === 'awsSecretsManager' ? { secretsManagerArns: arns } : { ssmParameterArns: arns }),
      ...(o.kmsKeyArn !== undefined ? { kmsKeyArns: [o.kmsKeyArn] } : {}),
      ...(o.roleName !== undefined ? { roleName: o.roleName } : {}),
    }, { parent: this });
    return { role };
  }
}

/** The caller's ARN (its account and partition), for existing secrets' ARNs without a cluster. */
function callerArn(self: pulumi.Resource): pulumi.Output<string> {
  return awsSdk(PATTERN).getCallerIdentityOutput({}, { parent: self }).arn;
}

function withoutValue(s: PulumiCloudSecretArgs): CloudSecretOptions {
  if (typeof s !== 'object' || s === null) {
    return s;
  }
  const { value: _value, ...rest } = s;
  return rest;
}

function workloadName(args: WorkloadArgsLike): string {
  const metadata = args.metadata as { name?: unknown } | undefined;
  return typeof metadata?.name === 'string' ? metadata.name : '?';
}

/** The app's core options: its own ServiceAccount when the workload's pod spec names one. */
function appOptions(self: pulumi.Resource, appName: string, app: PulumiCloudAppArgs): CloudAppOptions {
  return validated(self, () => {
    const component = `${PATTERN} app ${q(appName)}`;
    const o = checkObject(component, 'options', app, 'the app options { workload, files?, env?, apiRead? }') as unknown as PulumiCloudAppArgs;
    const w = plainWorkload(component, o.workload);
    const metadata = checkObject(component, 'workload.metadata', o.workload.metadata, 'plain metadata { name, namespace? }');
    if (typeof metadata.name !== 'string') {
      throw new ValidationError(component, 'workload.metadata.name', 'must be a plain string; the compliance report and the Reloader wiring name the workload.');
    }
    const { workload: _w, kind: _k, ...rest } = o;
    const own = w.podSpec.serviceAccountName;
    return { ...rest, ...(typeof own === 'string' ? { serviceAccountName: own } : {}) } as CloudAppOptions;
  });
}

/** The workload's args in the pattern's namespace, running as the app's ServiceAccount. */
function withServiceAccount(args: WorkloadArgsLike, serviceAccountName: string, namespace: string, set: boolean): WorkloadArgsLike {
  const w = plainWorkload(PATTERN, args);
  const metadata = (args.metadata ?? {}) as Record<string, unknown>;
  if (metadata.namespace !== undefined && metadata.namespace !== namespace) {
    throw new ValidationError(PATTERN, 'workload.metadata.namespace', `${q(metadata.namespace)} is not the pattern's namespace ${q(namespace)}; a pod can only consume Secrets of its own namespace.`);
  }
  const template = set ? { ...w.template, spec: { ...w.podSpec, serviceAccountName } } : w.template;
  return { ...w.withTemplate(template), metadata: { ...metadata, namespace } };
}
