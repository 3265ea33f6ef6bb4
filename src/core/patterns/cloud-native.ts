/**
 * CloudNativeSecrets, the pure plan (issue 13): a cloud secrets manager read by the External Secrets
 * Operator with a workload identity, synced into the namespace, consumed by the apps as files (env only
 * when listed), rotated on a schedule that Reloader carries to the pods, in a default-deny namespace.
 *
 * The plan turns plain options into the options of the existing blocks (SecureServiceAccount,
 * SecretStore, ExternalSecret, mountSecret/envFromSecret, SecretReader, NamespaceIsolation,
 * ExternalSecretsEgressPolicy) and checks them with the blocks' own core builders: a pattern adds
 * composition and defaults, never a second copy of a security decision. Both front-ends render the same
 * plan with their constructs/components.
 *
 * Assumes installed: External Secrets Operator (`external-secrets.io/v1`, v0.17 or later) and Stakater
 * Reloader (v1.4 or later).
 */
import { StringOrDeferred } from '../deferred';
import { ValidationError, q, typeOf } from '../errors';
import { KubeManifest } from '../manifest';
import { ComplianceReport, complianceReport, objectRef } from './compliance';
import { PolicyDocument, irsaTrustPolicy, secretReadPolicy } from '../aws/iam';
import { SecretStoreKind, StoreReference } from '../eso/common';
import { ExternalSecretOptions, externalSecretManifest } from '../eso/external-secret';
import { SecretStoreProvider } from '../eso/provider';
import { SecretStoreOptions, secretStoreManifest } from '../eso/secret-store';
import { SecureServiceAccountOptions, WorkloadIdentity, secureServiceAccountManifest } from '../identity/workload-identity';
import { EgressTarget } from '../network/egress-target';
import { ExternalSecretsEgressOptions, externalSecretsEgressManifest } from '../network/eso-egress';
import { NamespaceIsolationOptions, namespaceIsolationManifests } from '../network/namespace-isolation';
import { SecretReaderOptions, secretReaderManifests } from '../rbac/secret-reader';
import { checkAwsRegion } from '../validate/arn';
import { checkGoDuration } from '../validate/duration';
import { checkNamespace, checkObjectName, checkSecretKey } from '../validate/names';
import { checkList, checkObject, checkOptionalList, checkText, optIn } from '../validate/values';
import { SecretMountOptions, checkEnvKeys, checkEnvKeysKnown } from '../workload/reloader';

const PATTERN = 'CloudNativeSecrets';
/** What the output assumes is installed (ESO's served API version and Reloader's annotation). */
export const CLOUD_NATIVE_ASSUMES: readonly string[] = [
  'External Secrets Operator v0.17+ (external-secrets.io/v1 SecretStore and ExternalSecret)',
  'Stakater Reloader v1.4+ (secret.reloader.stakater.com/reload, exact entries)',
];
/** The default `refreshInterval` of every ExternalSecret of the pattern. */
export const CLOUD_NATIVE_REFRESH_INTERVAL = '1h';

/** The clouds a {@link SecretSource} reads from. */
export type SecretSourceKind = 'awsSecretsManager' | 'awsParameterStore' | 'gcpSecretManager' | 'azureKeyVault';

/** Options of {@link SecretSource.awsSecretsManager} and {@link SecretSource.awsParameterStore}. */
export interface AwsSecretSourceOptions {
  /** The AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * The IAM role of the store's ServiceAccount (IRSA, `eks.amazonaws.com/role-arn`); give it the policy
   * of `iamPolicy()` and the trust of `trustPolicy()`. In Pulumi, with `aws.cluster` (or an OIDC
   * provider), the pattern creates the role and this may be left out.
   * @default - none: required in cdk8s; created by the Pulumi pattern from `aws`
   */
  readonly roleArn?: StringOrDeferred;
}

/** Options of {@link SecretSource.gcpSecretManager}. */
export interface GcpSecretSourceOptions {
  /** The Google Cloud project of the secrets. */
  readonly projectId: string;
  /** The Google service account the store's ServiceAccount impersonates (GKE Workload Identity). */
  readonly gcpServiceAccount: StringOrDeferred;
  /** The GKE cluster's location (region or zone). */
  readonly clusterLocation: string;
  /** The GKE cluster's name. */
  readonly clusterName: string;
  /**
   * The GKE cluster's project.
   * @default - projectId
   */
  readonly clusterProjectId?: string;
}

/** Options of {@link SecretSource.azureKeyVault}. */
export interface AzureSecretSourceOptions {
  /** The vault URL, `https://<name>.vault.azure.net`. */
  readonly vaultUrl: string;
  /** The client id of the managed identity the store's ServiceAccount federates with (AKS Workload Identity). */
  readonly clientId: StringOrDeferred;
  /**
   * The Azure AD tenant.
   * @default - the tenant of the cluster's workload identity webhook
   */
  readonly tenantId?: string;
}

/** What a {@link SecretSource} holds, read by the plan. */
export type SecretSourceSettings =
  | { readonly kind: 'awsSecretsManager' | 'awsParameterStore'; readonly options: AwsSecretSourceOptions }
  | { readonly kind: 'gcpSecretManager'; readonly options: GcpSecretSourceOptions }
  | { readonly kind: 'azureKeyVault'; readonly options: AzureSecretSourceOptions };

const SOURCES = new WeakSet<object>();

/**
 * Where a {@link CloudNativeSecrets} pattern reads secrets: a cloud secrets manager, each with its
 * workload identity on the store's ServiceAccount (IRSA, GKE Workload Identity, AKS Workload Identity).
 * Built only by the static factories.
 */
export class SecretSource {
  /** AWS Secrets Manager, with IRSA on the store's ServiceAccount. */
  public static awsSecretsManager(options: AwsSecretSourceOptions): SecretSource {
    return new SecretSource({ kind: 'awsSecretsManager', options: checkAws('SecretSource.awsSecretsManager', options) });
  }

  /** AWS Systems Manager Parameter Store, with IRSA on the store's ServiceAccount. */
  public static awsParameterStore(options: AwsSecretSourceOptions): SecretSource {
    return new SecretSource({ kind: 'awsParameterStore', options: checkAws('SecretSource.awsParameterStore', options) });
  }

  /** Google Secret Manager, with GKE Workload Identity on the store's ServiceAccount. */
  public static gcpSecretManager(options: GcpSecretSourceOptions): SecretSource {
    const o = checkObject('SecretSource.gcpSecretManager', 'options', options, 'the source options { projectId, gcpServiceAccount, clusterLocation, clusterName }');
    return new SecretSource({ kind: 'gcpSecretManager', options: o as unknown as GcpSecretSourceOptions });
  }

  /** Azure Key Vault, with AKS Workload Identity on the store's ServiceAccount. */
  public static azureKeyVault(options: AzureSecretSourceOptions): SecretSource {
    const o = checkObject('SecretSource.azureKeyVault', 'options', options, 'the source options { vaultUrl, clientId, tenantId? }');
    return new SecretSource({ kind: 'azureKeyVault', options: o as unknown as AzureSecretSourceOptions });
  }

  /** Whether `value` was built by one of the factories. */
  public static isSource(value: unknown): value is SecretSource {
    return typeof value === 'object' && value !== null && SOURCES.has(value);
  }

  /** Which cloud. */
  public readonly kind: SecretSourceKind;
  /** The source's settings. */
  public readonly settings: SecretSourceSettings;

  private constructor(settings: SecretSourceSettings) {
    this.kind = settings.kind;
    this.settings = settings;
    SOURCES.add(this);
  }
}

function checkAws(component: string, options: AwsSecretSourceOptions): AwsSecretSourceOptions {
  const o = checkObject(component, 'options', options, 'the source options { region, roleArn? }') as unknown as AwsSecretSourceOptions;
  checkAwsRegion(component, 'region', o.region);
  if (o.roleArn !== undefined) {
    WorkloadIdentity.awsIrsa(o.roleArn);
  }
  return o;
}

/** A secret of the pattern: where it lives in the cloud and which keys the Kubernetes Secret gets. */
export interface CloudSecretOptions {
  /** The secret's name in the cloud secrets manager (AWS: the name or path, e.g. `production/payments/postgres`). */
  readonly remoteKey: string;
  /**
   * The Kubernetes Secret's keys, each read from a property of the (JSON) remote secret:
   * `{ POSTGRES_USER: 'username' }`.
   * @default - every property of the remote secret (`dataFrom.extract`), under its own name
   */
  readonly keys?: Record<string, string>;
  /**
   * The remote secret's version.
   * @default - the current version
   */
  readonly version?: string;
  /**
   * How often ESO re-reads the remote value (Go duration).
   * @default "1h" (the pattern's `refreshInterval`)
   */
  readonly refreshInterval?: string;
  /**
   * Further ExternalSecret options, applied over the pattern's (`target`, `refreshPolicy`, `labels`):
   * the ExternalSecret's own rules still apply.
   * @default - none
   */
  readonly externalSecret?: Partial<Omit<ExternalSecretOptions, 'name' | 'namespace' | 'store' | 'component'>>;
}

/** How an app consumes the pattern's secrets. */
export interface CloudAppOptions {
  /**
   * The app's ServiceAccount, when its workload already has one.
   * @default - a SecureServiceAccount named after the app is created (automount off)
   */
  readonly serviceAccountName?: string;
  /**
   * Secrets mounted as files, under `/etc/secrets/<secret>` (the default consumption).
   * @default - none
   */
  readonly files?: readonly string[];
  /**
   * Secrets exposed as environment variables (an explicit choice: env values leak into crash dumps and
   * child processes, and change only on restart).
   * @default - none
   */
  readonly env?: readonly string[];
  /**
   * For secrets in `env`: the variables to set, each from one key (`{ db: { DB_PASSWORD: 'password' } }`),
   * instead of every key of the Secret (`envFrom`, which the auditor reports as KSS-ENV-002). Each key
   * must be one of the secret's `keys` (the Kubernetes Secret's keys, not the remote properties): a key
   * the synced Secret will not have is refused, as its pod would never start (CreateContainerConfigError).
   * A secret without `keys` (a whole-secret extract) has the remote secret's properties as keys, unknown
   * at synth: its keys are not checked.
   * @default - every key of each secret in env (`envFrom`)
   */
  readonly envKeys?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Secrets the app reads through the Kubernetes API: a SecretReader (`get` on exactly these names) for
   * its ServiceAccount. The pod then needs an API token; the ServiceAccount keeps automount off, so set
   * `automountServiceAccountToken: true` on the pod that reads.
   * @default - none
   */
  readonly apiRead?: readonly string[];
  /**
   * Mount options per secret of `files` (`path`, `items`, `defaultMode`), checked by mountSecret's rules.
   * @default - `/etc/secrets/<secret>`, mode 0400, every key
   */
  readonly mounts?: Record<string, Partial<SecretMountOptions>>;
  /**
   * SecretReader options for `apiRead` (`verbs`, `allowListWatch`): loosening only with its opt-ins.
   * @default - get only
   */
  readonly reader?: Pick<SecretReaderOptions, 'verbs' | 'allowListWatch' | 'name'>;
}

/** Limits on the ESO controller's egress (its namespace, the API server, the cloud API). */
export interface CloudControllerEgressOptions extends Omit<ExternalSecretsEgressOptions, 'providers'> {}

/** Options of {@link cloudNativeSecretsPlan}. */
export interface CloudNativeSecretsOptions {
  /** The pattern instance's name (prefix of the store and its ServiceAccount). */
  readonly name: string;
  /** The namespace of the apps, the store and the synced Secrets. */
  readonly namespace: string;
  /** The cloud secrets manager. */
  readonly source: SecretSource;
  /**
   * The pattern's secrets, by Kubernetes Secret name.
   * @default - none (add them later)
   */
  readonly secrets?: Record<string, CloudSecretOptions>;
  /**
   * The apps, by name.
   * @default - none
   */
  readonly apps?: Record<string, CloudAppOptions>;
  /**
   * The default refresh interval of the ExternalSecrets (Go duration).
   * @default "1h"
   */
  readonly refreshInterval?: string;
  /**
   * The store's name.
   * @default "<name>-store"
   */
  readonly storeName?: string;
  /**
   * The store's ServiceAccount's name.
   * @default "<name>-store"
   */
  readonly storeServiceAccountName?: string;
  /**
   * Overrides of the store's ServiceAccount (labels, annotations, `automountToken` opt-in).
   * @default - none
   */
  readonly storeServiceAccount?: Pick<SecureServiceAccountOptions, 'labels' | 'annotations' | 'automountToken'>;
  /**
   * Overrides of the store (`controller`, `labels`).
   * @default - none
   */
  readonly store?: Pick<SecretStoreOptions, 'controller' | 'labels'>;
  /**
   * The namespace isolation (`dns`, `namePrefix`).
   * @default - default-deny plus DNS to CoreDNS in kube-system
   */
  readonly isolation?: Omit<NamespaceIsolationOptions, 'namespace'>;
  /**
   * Limit the ESO controller's egress to the API server, DNS and the provider's API (an
   * ExternalSecretsEgressPolicy in ESO's namespace). The API server's and cloud API's addresses are not
   * knowable at synth, so there is no default.
   * @default - none: the report states it as the user's job
   */
  readonly controllerEgress?: CloudControllerEgressOptions;
}

/** One ExternalSecret of the plan. */
export interface CloudSecretPlan {
  /** The Kubernetes Secret's (and ExternalSecret's) name. */
  readonly secretName: string;
  /** The declaration. */
  readonly declared: CloudSecretOptions;
  /** The ExternalSecret block's options. */
  readonly externalSecret: ExternalSecretOptions;
}

/** One app of the plan. */
export interface CloudAppPlan {
  /** The app's name. */
  readonly name: string;
  /** The app's ServiceAccount's name. */
  readonly serviceAccountName: string;
  /**
   * The SecureServiceAccount to create (when the workload has none).
   * @default - none: the workload's own ServiceAccount
   */
  readonly serviceAccount?: SecureServiceAccountOptions;
  /** mountSecret calls: Secret name and options. */
  readonly files: ReadonlyArray<{ readonly secret: string; readonly mount: SecretMountOptions }>;
  /** envFromSecret calls. */
  readonly env: readonly string[];
  /** The `keys` of those envFromSecret calls, by secret; a secret not here is given with every key. */
  readonly envKeys: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * The SecretReader for `apiRead`.
   * @default - none: the app reads nothing through the API
   */
  readonly reader?: SecretReaderOptions;
}

/** The store part of the plan. */
export interface CloudStorePlan {
  /** The store's ServiceAccount. */
  readonly serviceAccount: SecureServiceAccountOptions;
  /** The store (its provider authenticates with `serviceAccount`). */
  readonly store: SecretStoreOptions;
  /** What ExternalSecrets reference. */
  readonly storeRef: StoreReference;
  /**
   * How the store authenticates: `serviceAccount` (its own ServiceAccount's token, `auth.jwt`) or
   * `controller` (no `auth`: the ESO controller's own identity, shared by every store).
   * @default "serviceAccount"
   */
  readonly auth?: CloudStoreAuth;
}

/**
 * How the store authenticates: with its own ServiceAccount (`auth.jwt`, IRSA or workload identity), or
 * with the ESO controller's own identity (no `auth`; e.g. EKS Pod Identity on the controller).
 */
export type CloudStoreAuth = 'serviceAccount' | 'controller';

/** The AWS identity choice of the Pulumi pattern's `aws` side, as declared. */
export interface CloudNativeAwsIdentityOptions {
  /**
   * `irsa` (the store's own ServiceAccount) or `podIdentity` (the ESO controller's ServiceAccount).
   * @default "irsa"
   */
  readonly identity?: 'irsa' | 'podIdentity';
  /**
   * The opt-in `podIdentity` needs. Only the boolean `true`.
   * @default false
   */
  readonly allowControllerPodIdentity?: boolean;
  /**
   * The ESO controller's ServiceAccount (for `podIdentity`).
   * @default - { namespace: "external-secrets", name: "external-secrets" }
   */
  readonly controllerServiceAccount?: { readonly namespace?: string; readonly name?: string };
}

/** The checked AWS identity choice. */
export type CloudNativeAwsIdentity =
  | { readonly kind: 'irsa' }
  | { readonly kind: 'controllerPodIdentity'; readonly controller: { readonly namespace: string; readonly name: string } };

/**
 * Checks the AWS identity choice. ESO (v2.x) uses EKS Pod Identity only through the controller's own
 * credentials: a SecretStore without `auth` falls back to the AWS SDK default chain of the controller
 * pod, and `auth.jwt.serviceAccountRef` (per-store) works with IRSA only
 * (external-secrets/external-secrets providers/v1/aws/auth/auth.go `constructCredsProvider`, and
 * docs/provider/aws-access.md "EKS Pod Identity Setup": "serviceAccountRef cannot be used together with
 * EKS Pod Identity"). A Pod Identity role therefore reaches every store in the cluster that has no
 * `auth`, so it needs the explicit opt-in `allowControllerPodIdentity`.
 * @internal
 */
export function cloudNativeAwsIdentity(component: string, options: CloudNativeAwsIdentityOptions): CloudNativeAwsIdentity {
  const identity = options.identity ?? 'irsa';
  if (identity !== 'irsa' && identity !== 'podIdentity') {
    throw new ValidationError(component, 'aws.identity', `${q(identity)} is not an identity; give "irsa" (the store's own ServiceAccount, the default) or "podIdentity" (the ESO controller's ServiceAccount, with allowControllerPodIdentity: true).`);
  }
  const allowed = optIn(component, 'aws.allowControllerPodIdentity', options.allowControllerPodIdentity);
  if (identity === 'irsa') {
    if (allowed || options.controllerServiceAccount !== undefined) {
      throw new ValidationError(component, 'aws.allowControllerPodIdentity', 'and controllerServiceAccount apply to identity: "podIdentity" only; remove them, or set identity: "podIdentity".');
    }
    return { kind: 'irsa' };
  }
  if (!allowed) {
    throw new ValidationError(component, 'aws.identity', '"podIdentity" is refused without allowControllerPodIdentity: true: ESO uses EKS Pod Identity only through its controller\'s own ServiceAccount (a store cannot name one), so the role would be shared by every SecretStore in the cluster that has no auth. Use identity: "irsa" (the default, scoped to this store\'s ServiceAccount), or set allowControllerPodIdentity: true to accept the shared role.');
  }
  const sa = checkObject(component, 'aws.controllerServiceAccount', options.controllerServiceAccount ?? {}, 'the ESO controller\'s ServiceAccount { namespace?, name? }');
  return {
    kind: 'controllerPodIdentity',
    controller: {
      namespace: checkNamespace(component, 'aws.controllerServiceAccount.namespace', sa.namespace ?? 'external-secrets'),
      name: checkObjectName(component, 'aws.controllerServiceAccount.name', sa.name ?? 'external-secrets', 'ServiceAccount name'),
    },
  };
}

/** The whole plan: every block's options, in creation order. */
export interface CloudNativeSecretsPlan {
  /** The pattern's name. */
  readonly name: string;
  /** The namespace. */
  readonly namespace: string;
  /** The source. */
  readonly source: SecretSource;
  /** Store and its ServiceAccount. */
  readonly store: CloudStorePlan;
  /** The ExternalSecrets. */
  readonly secrets: CloudSecretPlan[];
  /** The apps. */
  readonly apps: CloudAppPlan[];
  /** The namespace isolation. */
  readonly isolation: NamespaceIsolationOptions;
  /**
   * The ESO controller egress policy, when asked for.
   * @default - none
   */
  readonly controllerEgress?: ExternalSecretsEgressOptions;
}

/**
 * The source's identity for the store's ServiceAccount (the role ARN may come later, from Pulumi).
 * @internal
 */
export function sourceIdentity(source: SecretSource, roleArn?: StringOrDeferred): WorkloadIdentity | undefined {
  const s = source.settings;
  switch (s.kind) {
    case 'awsSecretsManager':
    case 'awsParameterStore': {
      const arn = roleArn ?? s.options.roleArn;
      return arn === undefined ? undefined : WorkloadIdentity.awsIrsa(arn);
    }
    case 'gcpSecretManager':
      return WorkloadIdentity.gcp(s.options.gcpServiceAccount);
    case 'azureKeyVault':
      return WorkloadIdentity.azure(s.options.clientId, s.options.tenantId !== undefined ? { tenantId: s.options.tenantId } : {});
  }
}

/**
 * The store's provider, authenticated with the store's ServiceAccount.
 * @internal
 */
export function sourceProvider(source: SecretSource, serviceAccount: string, auth: CloudStoreAuth = 'serviceAccount'): SecretStoreProvider {
  const s = source.settings;
  // auth "controller": no auth section; ESO falls back to the controller's default AWS credential chain.
  const region = (s.options as { region?: string }).region as string;
  const aws = auth === 'controller' ? { region } : { region, serviceAccount };
  switch (s.kind) {
    case 'awsSecretsManager':
      return SecretStoreProvider.awsSecretsManager(aws);
    case 'awsParameterStore':
      return SecretStoreProvider.awsParameterStore(aws);
    case 'gcpSecretManager':
      return SecretStoreProvider.gcpSecretManager({
        projectId: s.options.projectId,
        serviceAccount,
        clusterLocation: s.options.clusterLocation,
        clusterName: s.options.clusterName,
        ...(s.options.clusterProjectId !== undefined ? { clusterProjectId: s.options.clusterProjectId } : {}),
      });
    case 'azureKeyVault':
      return SecretStoreProvider.azureKeyVault({
        vaultUrl: s.options.vaultUrl,
        serviceAccount,
        ...(s.options.tenantId !== undefined ? { tenantId: s.options.tenantId } : {}),
      });
  }
}

function checkSource(source: unknown): SecretSource {
  if (!SecretSource.isSource(source)) {
    throw new ValidationError(PATTERN, 'source', `must be built with SecretSource (awsSecretsManager, awsParameterStore, gcpSecretManager or azureKeyVault); received ${typeOf(source)}.`);
  }
  return source;
}

/**
 * The name of the store's ServiceAccount (the Pulumi pattern binds its IAM role to it before the plan).
 * @internal
 */
export function cloudStoreServiceAccountName(options: Pick<CloudNativeSecretsOptions, 'name' | 'storeServiceAccountName'>): string {
  const name = checkObjectName(PATTERN, 'name', options.name, 'pattern name');
  return checkObjectName(PATTERN, 'storeServiceAccountName', options.storeServiceAccountName ?? `${name}-store`, 'ServiceAccount name');
}

/**
 * The store part: its SecureServiceAccount with the source's identity, and the SecretStore. `roleArn`
 * (Pulumi: the IrsaRole's ARN) replaces the source's. Checked with the blocks' builders.
 * @internal
 */
export function planCloudStore(options: CloudNativeSecretsOptions, roleArn?: StringOrDeferred, auth: CloudStoreAuth = 'serviceAccount'): CloudStorePlan {
  checkObject(PATTERN, 'props', options, 'the pattern options { source, secrets?, apps?, ... }');
  const source = checkSource(options.source);
  const namespace = checkNamespace(PATTERN, 'namespace', options.namespace);
  const name = checkObjectName(PATTERN, 'name', options.name, 'pattern name');
  if (auth === 'controller' && !source.kind.startsWith('aws')) {
    throw new ValidationError(PATTERN, 'auth', `"controller" applies to AWS sources only; this pattern reads from ${source.kind}.`);
  }
  const identity = auth === 'controller' ? undefined : sourceIdentity(source, roleArn);
  if (identity === undefined && auth !== 'controller') {
    throw new ValidationError(PATTERN, 'source.roleArn', 'is missing; the store\'s ServiceAccount needs the IAM role it assumes (IRSA). Give roleArn (with the policy of iamPolicy() and the trust of trustPolicy()), or in Pulumi pass aws: { cluster } and the pattern creates the role.');
  }
  const saName = cloudStoreServiceAccountName(options);
  const serviceAccount: SecureServiceAccountOptions = {
    ...checkObject(PATTERN, 'storeServiceAccount', options.storeServiceAccount ?? {}, 'ServiceAccount overrides { labels?, annotations?, automountToken? }'),
    name: saName,
    namespace,
    ...(identity !== undefined ? { identity } : {}),
    component: `${PATTERN} storeServiceAccount`,
  };
  secureServiceAccountManifest(serviceAccount);
  const storeName = checkObjectName(PATTERN, 'storeName', options.storeName ?? `${name}-store`, 'SecretStore name');
  const store: SecretStoreOptions = {
    ...checkObject(PATTERN, 'store', options.store ?? {}, 'store overrides { controller?, labels? }'),
    name: storeName,
    namespace,
    provider: sourceProvider(source, saName, auth),
  };
  secretStoreManifest(store);
  return { serviceAccount, store, storeRef: { name: storeName, kind: SecretStoreKind.SECRET_STORE, namespace }, ...(auth === 'controller' ? { auth } : {}) };
}

/**
 * One secret: the ExternalSecret that syncs it (refreshInterval default 1h), checked by its builder.
 * @internal
 */
export function planCloudSecret(
  options: CloudNativeSecretsOptions, storeRef: StoreReference, secretName: string, raw: CloudSecretOptions,
): CloudSecretPlan {
  const name = checkObjectName(PATTERN, 'addSecret name', secretName, 'Secret name');
  const component = `${PATTERN} secret ${q(name)}`;
  const declared = checkObject(component, 'options', raw, 'the secret options { remoteKey, keys?, version?, refreshInterval? }') as unknown as CloudSecretOptions;
  const remoteKey = checkText(component, 'remoteKey', declared.remoteKey, 'the secret\'s name in the cloud secrets manager');
  const refreshInterval = checkGoDuration(component, 'refreshInterval', declared.refreshInterval ?? options.refreshInterval ?? CLOUD_NATIVE_REFRESH_INTERVAL);
  const version = declared.version === undefined ? {} : { version: checkText(component, 'version', declared.version, 'a version id') };
  let data: ExternalSecretOptions['data'];
  let dataFrom: ExternalSecretOptions['dataFrom'];
  if (declared.keys === undefined) {
    dataFrom = [{ extract: { key: remoteKey, ...version } }];
  } else {
    const keys = Object.entries(checkObject(component, 'keys', declared.keys, 'a map { SECRET_KEY: "remote property" }'));
    if (keys.length === 0) {
      throw new ValidationError(component, 'keys', 'is empty; list the keys to sync, or leave keys out to sync every property of the remote secret.');
    }
    data = keys.map(([secretKey, property]) => ({
      secretKey: checkSecretKey(component, `keys[${q(secretKey)}]`, secretKey),
      remoteKey,
      property: checkText(component, `keys[${q(secretKey)}]`, property, 'the property of the remote secret'),
      ...version,
    }));
  }
  const overrides = checkObject(component, 'externalSecret', declared.externalSecret ?? {}, 'ExternalSecret options');
  const externalSecret: ExternalSecretOptions = {
    ...overrides,
    name,
    namespace: options.namespace,
    store: storeRef,
    refreshInterval,
    target: { name, ...(overrides.target as object | undefined) },
    ...(data ? { data } : {}),
    ...(dataFrom ? { dataFrom } : {}),
    component,
  };
  externalSecretManifest(externalSecret);
  return { secretName: name, declared, externalSecret };
}

function secretNames(component: string, prop: string, value: unknown, known: ReadonlySet<string>): string[] {
  const list = (checkOptionalList(component, prop, value, 'Secret names (or handles from addSecret)') ?? []).map((entry, i) => {
    const n = typeof entry === 'object' && entry !== null && typeof (entry as { secretName?: unknown }).secretName === 'string'
      ? (entry as { secretName: string }).secretName : entry;
    const checked = checkObjectName(component, `${prop}[${i}]`, n, 'Secret name');
    if (!known.has(checked)) {
      throw new ValidationError(component, `${prop}[${i}]`, `${q(checked)} is not a secret of the pattern (secrets: ${[...known].map(k => q(k)).join(', ') || 'none'}); add it with addSecret first.`);
    }
    return checked;
  });
  return [...new Set(list)];
}

/**
 * One app: its ServiceAccount (created unless the workload has one), files, env and the SecretReader
 * for `apiRead`, checked by the blocks' builders.
 * @internal
 */
export function planCloudApp(
  options: CloudNativeSecretsOptions, known: ReadonlySet<string>, appName: string, raw: CloudAppOptions,
  secretPlans: readonly CloudSecretPlan[] = [],
): CloudAppPlan {
  const name = checkObjectName(PATTERN, 'addApp name', appName, 'app name');
  const component = `${PATTERN} app ${q(name)}`;
  const app = checkObject(component, 'options', raw, 'the app options { workload, files?, env?, apiRead? }') as unknown as CloudAppOptions;
  const files = secretNames(component, 'files', app.files, known);
  const env = secretNames(component, 'env', app.env, known);
  const apiRead = secretNames(component, 'apiRead', app.apiRead, known);
  if (files.length + env.length + apiRead.length === 0) {
    throw new ValidationError(component, 'files', 'env and apiRead are all empty; an app consumes at least one secret of the pattern.');
  }
  const mounts = checkObject(component, 'mounts', app.mounts ?? {}, 'a map { secretName: mount options }');
  for (const key of Object.keys(mounts)) {
    if (!files.includes(key)) {
      throw new ValidationError(component, `mounts[${q(key)}]`, `is not in files (${files.map(f => q(f)).join(', ') || 'none'}); mount options apply to secrets mounted as files.`);
    }
  }
  const own = app.serviceAccountName;
  const serviceAccountName = checkObjectName(component, 'serviceAccountName', own ?? name, 'ServiceAccount name');
  const serviceAccount: SecureServiceAccountOptions | undefined = own === undefined
    ? { name: serviceAccountName, namespace: options.namespace, component: `${component} serviceAccount` } : undefined;
  if (serviceAccount) {
    secureServiceAccountManifest(serviceAccount);
  }
  let reader: SecretReaderOptions | undefined;
  if (apiRead.length > 0) {
    const r = checkObject(component, 'reader', app.reader ?? {}, 'SecretReader options { verbs?, allowListWatch?, name? }');
    reader = {
      ...r,
      name: (r.name as string | undefined) ?? `${name}-read-secrets`,
      namespace: options.namespace,
      secrets: apiRead,
      serviceAccount: serviceAccountName,
      component: `${component} reader`,
    };
    secretReaderManifests(reader);
  }
  return {
    name,
    serviceAccountName,
    ...(serviceAccount ? { serviceAccount } : {}),
    files: files.map(secret => ({ secret, mount: { path: `/etc/secrets/${secret}`, ...(mounts[secret] as object | undefined) } })),
    env,
    envKeys: checkEnvKeysKnown(component, 'envKeys', checkEnvKeys(component, 'envKeys', app.envKeys, env), secret => {
      const plan = secretPlans.find(p => p.secretName === secret);
      return plan === undefined ? undefined : cloudSecretKeys(plan);
    }, ' (the Kubernetes Secret\'s key, not the remote property)'),
    ...(reader ? { reader } : {}),
  };
}

/**
 * The keys a synced Secret will have, when the pattern knows them: the `keys` of its declaration (each
 * becomes an `ExternalSecret` data entry); undefined for a whole-secret extract (`dataFrom`), whose keys
 * are the remote secret's properties.
 * @internal
 */
export function cloudSecretKeys(plan: CloudSecretPlan): string[] | undefined {
  return plan.externalSecret.data?.map(d => d.secretKey);
}

/**
 * The network part: default-deny with DNS in the namespace, and the ESO controller's egress limited to
 * the provider when `controllerEgress` is given. When the controller reads AWS with its own EKS Pod
 * Identity (`controllerIdentity`), its egress also admits the Pod Identity agent, by name
 * (`EgressTarget.eksPodIdentityAgent()`): the SDK's credential chain fetches the role's credentials there.
 * @internal
 */
export function planCloudNetwork(
  options: CloudNativeSecretsOptions, provider: SecretStoreProvider, controllerIdentity = false,
): { isolation: NamespaceIsolationOptions; controllerEgress?: ExternalSecretsEgressOptions } {
  const isolation: NamespaceIsolationOptions = { ...checkObject(PATTERN, 'isolation', options.isolation ?? {}, 'isolation options { dns?, namePrefix? }'), namespace: options.namespace };
  namespaceIsolationManifests(isolation);
  if (options.controllerEgress === undefined) {
    return { isolation };
  }
  const given = checkObject(PATTERN, 'controllerEgress', options.controllerEgress, 'the ESO controller egress { apiServer, cloudApiCidrs, ... }');
  const controllerEgress: ExternalSecretsEgressOptions = {
    ...given,
    providers: [provider],
    ...(controllerIdentity ? {
      additionalEgress: [
        ...checkList(PATTERN, 'controllerEgress.additionalEgress', given.additionalEgress ?? [], 'EgressTarget values') as EgressTarget[],
        EgressTarget.eksPodIdentityAgent(),
      ],
    } : {}),
  } as ExternalSecretsEgressOptions;
  externalSecretsEgressManifest(controllerEgress);
  return { isolation, controllerEgress };
}

/** The whole plan of a {@link CloudNativeSecretsOptions}: every block's options, checked by its builder. */
export function cloudNativeSecretsPlan(options: CloudNativeSecretsOptions, roleArn?: StringOrDeferred, auth: CloudStoreAuth = 'serviceAccount'): CloudNativeSecretsPlan {
  const store = planCloudStore(options, roleArn, auth);
  const secretsIn = Object.entries(checkObject(PATTERN, 'secrets', options.secrets ?? {}, 'a map { secretName: { remoteKey, keys? } }'));
  const secrets = secretsIn.map(([n, s]) => planCloudSecret(options, store.storeRef, n, s as CloudSecretOptions));
  const known = new Set(secrets.map(s => s.secretName));
  const apps = Object.entries(checkObject(PATTERN, 'apps', options.apps ?? {}, 'a map { appName: { files?, env?, apiRead? } }'))
    .map(([n, a]) => planCloudApp(options, known, n, a as CloudAppOptions, secrets));
  checkUniqueServiceAccounts(store, apps);
  const network = planCloudNetwork(options, store.store.provider, store.auth === 'controller');
  return { name: options.name, namespace: options.namespace, source: options.source, store, secrets, apps, ...network };
}

/**
 * Two parts may not create the same ServiceAccount.
 * @internal
 */
export function checkUniqueServiceAccounts(store: CloudStorePlan, apps: readonly CloudAppPlan[]): void {
  const seen = new Map<string, string>([[store.serviceAccount.name, 'the store']]);
  for (const app of apps) {
    if (app.serviceAccount === undefined) {
      continue;
    }
    const other = seen.get(app.serviceAccountName);
    if (other !== undefined) {
      throw new ValidationError(`${PATTERN} app ${q(app.name)}`, 'serviceAccountName', `${q(app.serviceAccountName)} is already the ServiceAccount of ${other}; every app gets its own ServiceAccount (give the workload its own, or rename the app).`);
    }
    seen.set(app.serviceAccountName, `app ${q(app.name)}`);
  }
}

/**
 * The manifests the plan stands for (the Kubernetes side), from the blocks' builders: what the report
 * names. The front-ends render the same blocks.
 * @internal
 */
export function cloudNativePlanManifests(plan: CloudNativeSecretsPlan): KubeManifest[] {
  return [
    secureServiceAccountManifest(plan.store.serviceAccount),
    secretStoreManifest(plan.store.store),
    ...plan.secrets.map(s => externalSecretManifest(s.externalSecret)),
    ...plan.apps.flatMap(a => [
      ...(a.serviceAccount ? [secureServiceAccountManifest(a.serviceAccount)] : []),
      ...(a.reader ? Object.values(secretReaderManifests(a.reader)).filter((m): m is KubeManifest => typeof m === 'object' && m !== null && 'kind' in m) : []),
    ]),
    ...namespaceIsolationManifests(plan.isolation),
    ...(plan.controllerEgress ? [externalSecretsEgressManifest(plan.controllerEgress)] : []),
  ];
}

/**
 * The compliance report of a plan. `workloads` are the apps' workloads as `Kind namespace/name`.
 */
export function cloudNativeSecretsReport(plan: CloudNativeSecretsPlan, workloads: readonly string[] = []): ComplianceReport {
  const manifests = cloudNativePlanManifests(plan);
  type Named = { kind: string; metadata: { name: string; namespace?: string } };
  const refs = (kind: string) => manifests.filter(m => m.kind === kind).map(m => objectRef(m as Named));
  const identity = plan.source.kind.startsWith('aws') ? 'IRSA' : plan.source.kind === 'gcpSecretManager' ? 'GKE Workload Identity' : 'AKS Workload Identity';
  const rotation = [...refs('ExternalSecret'), ...workloads];
  const egressNs = plan.controllerEgress?.namespace ?? 'external-secrets';
  return complianceReport(PATTERN, plan.name, CLOUD_NATIVE_ASSUMES, [
    {
      id: 'no-plaintext-in-git',
      status: 'enforced',
      enforcedBy: [...refs('ExternalSecret'), ...refs('SecretStore')],
      how: 'Only references are written: ExternalSecrets name the remote secret and its properties; the values stay in the cloud secrets manager.',
    },
    {
      id: 'no-static-cloud-keys',
      status: 'enforced',
      enforcedBy: [...refs('SecretStore'), objectRef({ kind: 'ServiceAccount', metadata: { name: plan.store.serviceAccount.name, namespace: plan.namespace } })],
      how: plan.store.auth === 'controller'
        ? 'The store has no auth: ESO uses its controller\'s EKS Pod Identity role (shared by every store without auth in the cluster, opted in with allowControllerPodIdentity); no access key is stored in a Secret.'
        : `The store authenticates with ${identity} on its own ServiceAccount; no access key is stored in a Secret.`,
    },
    {
      id: 'least-privilege-rbac',
      status: 'partial',
      enforcedBy: [...refs('ServiceAccount'), ...refs('Role'), ...refs('RoleBinding')],
      how: 'Every ServiceAccount has token automount off; apps that read through the API get a Role with get on exactly their Secrets\' names.',
      userJob: 'Keep other Roles in the namespace from granting Secrets (e.g. the edit ClusterRole bound to people), and scope the cloud role to the pattern\'s secrets (iamPolicy() in cdk8s; the Pulumi pattern does it with aws).',
    },
    {
      id: 'rotation-reaches-pods',
      status: 'enforced',
      enforcedBy: rotation,
      how: `Every ExternalSecret re-reads its secret (refreshInterval, default ${CLOUD_NATIVE_REFRESH_INTERVAL}); every workload lists exactly its Secrets in Reloader's annotation and restarts when they change.`,
    },
    {
      id: 'network-isolation',
      status: 'partial',
      enforcedBy: refs('NetworkPolicy'),
      how: plan.controllerEgress
        ? `The namespace is default-deny with DNS allowed; the ESO controller pods in ${q(egressNs)} may reach only DNS, the API server and the provider's API.`
        : 'The namespace is default-deny with DNS allowed.',
      userJob: plan.controllerEgress
        ? `Isolate the rest of ${q(egressNs)} (the pattern limits only the controller pods' egress; ESO's webhook needs ingress from the API server), and allow your apps' own traffic.`
        : 'Limit the ESO controller\'s egress: pass controllerEgress with the API server\'s and the cloud API\'s CIDRs, and allow your apps\' own traffic.',
    },
    {
      id: 'audit-and-alerting',
      status: 'user',
      enforcedBy: [],
      how: 'The pattern writes no audit policy or alert.',
      userJob: 'Enable the cloud provider\'s audit log for secret reads (CloudTrail, Cloud Audit Logs, Azure Monitor) and the API server audit policy (auditPolicy), and alert on access (SecretAccessAlerts).',
    },
  ]);
}

/** Options of {@link cloudNativeIamPolicy}. */
export interface CloudNativeIamPolicyOptions {
  /** The AWS account of the secrets. */
  readonly accountId: string;
  /**
   * The AWS partition.
   * @default "aws"
   */
  readonly partition?: string;
  /**
   * Customer-managed KMS keys that encrypt the secrets (`kms:Decrypt` through the service only).
   * @default - none
   */
  readonly kmsKeyArns?: string[];
}

function checkAccount(component: string, value: unknown): string {
  if (typeof value !== 'string' || !/^\d{12}$/.test(value)) {
    throw new ValidationError(component, 'accountId', `${q(value)} is not an AWS account id; give the 12 digits, e.g. "111122223333".`);
  }
  return value;
}

/**
 * The ARNs of the pattern's AWS secrets: Secrets Manager partial ARNs (the policy builder appends the
 * AWS-documented `-??????`), or Parameter Store parameter ARNs.
 * @internal
 */
export function cloudNativeSecretArns(source: SecretSource, remoteKeys: readonly string[], accountId: string, partition = 'aws'): string[] {
  const s = source.settings;
  if (s.kind !== 'awsSecretsManager' && s.kind !== 'awsParameterStore') {
    throw new ValidationError(PATTERN, 'iamPolicy', `applies to AWS sources only; this pattern reads from ${s.kind}.`);
  }
  const keys = [...new Set(remoteKeys)].sort();
  return s.kind === 'awsSecretsManager'
    ? keys.map(k => `arn:${partition}:secretsmanager:${s.options.region}:${accountId}:secret:${k}`)
    : keys.map(k => `arn:${partition}:ssm:${s.options.region}:${accountId}:parameter/${k.replace(/^\//, '')}`);
}

/**
 * The least-privilege IAM policy of the store's role: read exactly the pattern's secrets, from the core
 * `secretReadPolicy` builder.
 */
export function cloudNativeIamPolicy(plan: Pick<CloudNativeSecretsPlan, 'source' | 'secrets'>, options: CloudNativeIamPolicyOptions): PolicyDocument {
  const component = `${PATTERN}.iamPolicy`;
  const o = checkObject(component, 'options', options, 'the options { accountId, partition?, kmsKeyArns? }') as unknown as CloudNativeIamPolicyOptions;
  if (!plan.source.kind.startsWith('aws')) {
    throw new ValidationError(component, 'source', `applies to AWS sources only; this pattern reads from ${plan.source.kind}.`);
  }
  const account = checkAccount(component, o.accountId);
  if (plan.secrets.length === 0) {
    throw new ValidationError(component, 'secrets', 'is empty; add the secrets first (addSecret), the policy grants exactly them.');
  }
  const arns = cloudNativeSecretArns(plan.source, plan.secrets.map(s => s.declared.remoteKey), account, o.partition ?? 'aws');
  const policy = secretReadPolicy({
    component,
    ...(plan.source.kind === 'awsSecretsManager' ? { secretsManagerArns: arns } : { ssmParameterArns: arns }),
    ...(o.kmsKeyArns !== undefined ? { kmsKeyArns: [...checkList(component, 'kmsKeyArns', o.kmsKeyArns, 'KMS key ARNs') as string[]] } : {}),
  });
  return policy!;
}

/** Options of {@link cloudNativeTrustPolicy}. */
export interface CloudNativeTrustPolicyOptions {
  /** The cluster's OIDC issuer (`oidc.eks.<region>.amazonaws.com/id/<id>`, `https://` allowed). */
  readonly oidcIssuer: string;
  /**
   * The IAM OIDC provider's ARN.
   * @default - `arn:<partition>:iam::<accountId>:oidc-provider/<issuer>`
   */
  readonly oidcProviderArn?: string;
  /**
   * The account of the OIDC provider (when `oidcProviderArn` is not given).
   * @default - required without oidcProviderArn
   */
  readonly accountId?: string;
  /**
   * The AWS partition.
   * @default "aws"
   */
  readonly partition?: string;
}

/** The IRSA trust policy of the store's role: exactly the store's ServiceAccount, from `irsaTrustPolicy`. */
export function cloudNativeTrustPolicy(plan: Pick<CloudNativeSecretsPlan, 'source' | 'store'>, options: CloudNativeTrustPolicyOptions): PolicyDocument {
  const component = `${PATTERN}.trustPolicy`;
  const o = checkObject(component, 'options', options, 'the options { oidcIssuer, oidcProviderArn? | accountId }') as unknown as CloudNativeTrustPolicyOptions;
  if (!plan.source.kind.startsWith('aws')) {
    throw new ValidationError(component, 'source', `applies to AWS sources only; this pattern reads from ${plan.source.kind}.`);
  }
  const issuer = checkText(component, 'oidcIssuer', o.oidcIssuer, 'the OIDC issuer').replace(/^https:\/\//, '');
  const providerArn = o.oidcProviderArn ?? `arn:${o.partition ?? 'aws'}:iam::${checkAccount(component, o.accountId)}:oidc-provider/${issuer}`;
  return irsaTrustPolicy({
    component,
    oidcProviderArn: providerArn,
    oidcIssuer: issuer,
    serviceAccounts: [{ namespace: plan.store.serviceAccount.namespace!, name: plan.store.serviceAccount.name }],
  });
}
