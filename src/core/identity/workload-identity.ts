import { StringOrDeferred, isDeferred } from '../deferred';
import { ValidationError, q, typeOf } from '../errors';
import { KubeManifest } from '../manifest';
import { awsPartition, parseArn } from '../validate/arn';
import { checkNamespace, checkObjectName, checkStringMap } from '../validate/names';
import { checkObject, optIn } from '../validate/values';

/** ServiceAccount annotation that binds an EKS IAM role (IRSA). */
export const IRSA_ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
/** ServiceAccount annotation that binds a Google service account (GKE Workload Identity). */
export const GKE_GSA_ANNOTATION = 'iam.gke.io/gcp-service-account';
/** ServiceAccount annotation that binds an Azure managed identity or app (AKS Workload Identity). */
export const AZURE_CLIENT_ID_ANNOTATION = 'azure.workload.identity/client-id';
/** Optional ServiceAccount annotation naming the Azure tenant. */
export const AZURE_TENANT_ID_ANNOTATION = 'azure.workload.identity/tenant-id';
/** Pod label AKS Workload Identity requires on every pod that uses the ServiceAccount. */
export const AZURE_USE_POD_LABEL = 'azure.workload.identity/use';

const IAM_ROLE_RESOURCE = /^role\/([\x21-\x7e]+\/)*[\w+=,.@-]{1,64}$/;

/** An IAM role ARN: a known partition, service iam, no region, a 12-digit account, `role/[path/]name`. */
function isIamRoleArn(value: string): boolean {
  const arn = parseArn(value);
  return arn !== undefined && awsPartition(arn.partition) !== undefined && arn.service === 'iam' && arn.region === ''
    && /^\d{12}$/.test(arn.account) && IAM_ROLE_RESOURCE.test(arn.resource);
}
const GSA_EMAIL = /^[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z0-9.:-]+\.iam\.gserviceaccount\.com$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const IDENTITY_VALUE_CHECKS: Record<string, { prop: string; test: (value: string) => boolean; expected: string }> = {
  [IRSA_ROLE_ARN_ANNOTATION]: {
    prop: 'identity (WorkloadIdentity.awsIrsa roleArn)',
    test: isIamRoleArn,
    expected: 'an IAM role ARN: arn:<partition>:iam::<12-digit account>:role/<name>, e.g. "arn:aws:iam::111122223333:role/payment-api"',
  },
  [GKE_GSA_ANNOTATION]: {
    prop: 'identity (WorkloadIdentity.gcp gsaEmail)',
    test: v => GSA_EMAIL.test(v),
    expected: 'a Google service account email: <name>@<project>.iam.gserviceaccount.com',
  },
  [AZURE_CLIENT_ID_ANNOTATION]: {
    prop: 'identity (WorkloadIdentity.azure clientId)',
    test: v => GUID.test(v),
    expected: 'a client id GUID: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
  },
  [AZURE_TENANT_ID_ANNOTATION]: {
    prop: 'identity (WorkloadIdentity.azure tenantId)',
    test: v => GUID.test(v),
    expected: 'a tenant id GUID: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
  },
};

/**
 * Check the value of a workload identity annotation. Deferred values pass; front-ends that can resolve
 * them (Pulumi) call this again with the resolved string.
 * @internal
 */
export function checkIdentityAnnotation(key: string, value: unknown): void {
  const rule = IDENTITY_VALUE_CHECKS[key];
  if (rule === undefined || isDeferred(value)) {
    return;
  }
  if (typeof value !== 'string' || !rule.test(value)) {
    throw new ValidationError('WorkloadIdentity', rule.prop, `${q(value)} is not valid; expected ${rule.expected}.`);
  }
}

/** Which cloud a {@link WorkloadIdentity} federates with. */
export enum WorkloadIdentityProvider {
  /** AWS IAM Roles for Service Accounts (EKS). */
  AWS_IRSA = 'aws-irsa',
  /** GKE Workload Identity. */
  GCP = 'gcp',
  /** AKS Workload Identity (Microsoft Entra). */
  AZURE = 'azure',
}

/** Options of {@link WorkloadIdentity.azure}. */
export interface AzureWorkloadIdentityOptions {
  /**
   * The Microsoft Entra tenant id, written as `azure.workload.identity/tenant-id`.
   * @default - the tenant configured in the workload identity webhook
   */
  readonly tenantId?: StringOrDeferred;
}

/**
 * A cloud identity for a Kubernetes ServiceAccount, so that pods get short-lived cloud credentials
 * instead of long-lived keys stored in Secrets.
 *
 * ```ts
 * WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/payment-api');   // or a Pulumi Output
 * WorkloadIdentity.gcp('payment-api@my-project.iam.gserviceaccount.com');
 * WorkloadIdentity.azure('00000000-0000-0000-0000-000000000000');
 * ```
 * Values may be deferred (a Pulumi `Output`); they are checked when they are plain strings.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
 * @see https://azure.github.io/azure-workload-identity/docs/
 */
export class WorkloadIdentity {
  /**
   * AWS IAM Roles for Service Accounts: annotates the ServiceAccount with `eks.amazonaws.com/role-arn`.
   * The role's trust policy must name this ServiceAccount (`IrsaRole` builds one with both the `:sub`
   * and `:aud` conditions).
   * @param roleArn the IAM role ARN, e.g. `arn:aws:iam::111122223333:role/payment-api`, or a Pulumi Output
   */
  public static awsIrsa(roleArn: StringOrDeferred): WorkloadIdentity {
    checkIdentityAnnotation(IRSA_ROLE_ARN_ANNOTATION, roleArn);
    return new WorkloadIdentity(WorkloadIdentityProvider.AWS_IRSA, { [IRSA_ROLE_ARN_ANNOTATION]: roleArn }, {});
  }

  /**
   * GKE Workload Identity: annotates the ServiceAccount with `iam.gke.io/gcp-service-account`. Grant the
   * Google service account `roles/iam.workloadIdentityUser` for `PROJECT.svc.id.goog[NAMESPACE/KSA]`.
   * @param gsaEmail the Google service account email, e.g. `payment-api@my-project.iam.gserviceaccount.com`
   */
  public static gcp(gsaEmail: StringOrDeferred): WorkloadIdentity {
    checkIdentityAnnotation(GKE_GSA_ANNOTATION, gsaEmail);
    return new WorkloadIdentity(WorkloadIdentityProvider.GCP, { [GKE_GSA_ANNOTATION]: gsaEmail }, {});
  }

  /**
   * AKS Workload Identity: annotates the ServiceAccount with `azure.workload.identity/client-id` (and
   * optionally the tenant). Pods must also carry the label `azure.workload.identity/use: "true"`: see
   * {@link WorkloadIdentity.podLabels}.
   * @param clientId the client id (GUID) of the user-assigned managed identity or app registration
   * @param options tenant id
   */
  public static azure(clientId: StringOrDeferred, options: AzureWorkloadIdentityOptions = {}): WorkloadIdentity {
    checkIdentityAnnotation(AZURE_CLIENT_ID_ANNOTATION, clientId);
    const annotations: Record<string, StringOrDeferred> = { [AZURE_CLIENT_ID_ANNOTATION]: clientId };
    if (options.tenantId !== undefined) {
      checkIdentityAnnotation(AZURE_TENANT_ID_ANNOTATION, options.tenantId);
      annotations[AZURE_TENANT_ID_ANNOTATION] = options.tenantId;
    }
    return new WorkloadIdentity(WorkloadIdentityProvider.AZURE, annotations, { [AZURE_USE_POD_LABEL]: 'true' });
  }

  /** The cloud this identity federates with. */
  public readonly provider: WorkloadIdentityProvider;
  /** Annotations to put on the ServiceAccount (values may be deferred). */
  public readonly annotations: Readonly<Record<string, StringOrDeferred>>;
  /**
   * Labels that pods using the ServiceAccount must carry for the identity to work (AKS:
   * `azure.workload.identity/use: "true"`); empty for AWS and GCP.
   */
  public readonly podLabels: Readonly<Record<string, string>>;

  private constructor(provider: WorkloadIdentityProvider, annotations: Record<string, StringOrDeferred>, podLabels: Record<string, string>) {
    this.provider = provider;
    this.annotations = Object.freeze({ ...annotations });
    this.podLabels = Object.freeze({ ...podLabels });
  }
}

/** Options of the pure builder behind both `SecureServiceAccount` front-ends. */
export interface SecureServiceAccountOptions {
  /** The ServiceAccount name. */
  readonly name: string;
  /**
   * The ServiceAccount namespace.
   * @default - none (the front-end or the deploy tool supplies it)
   */
  readonly namespace?: string;
  /**
   * Workload identity to bind.
   * @default - none: pods get no cloud identity
   */
  readonly identity?: WorkloadIdentity;
  /**
   * Mount a Kubernetes API token into every pod that uses this ServiceAccount and does not decide itself
   * (a pod's own `automountServiceAccountToken` takes precedence). A loosening: only the boolean `true`
   * turns it on.
   * @default false
   */
  readonly automountToken?: boolean;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Extra annotations; they may not redefine an identity annotation with another value.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * The component name used in error messages.
   * @default "SecureServiceAccount"
   */
  readonly component?: string;
}

/**
 * Check and merge the annotations of a secure ServiceAccount: the identity's, plus the user's, which may
 * not redefine an identity annotation.
 * @internal
 */
export function serviceAccountAnnotations(
  component: string,
  identity: WorkloadIdentity | undefined,
  extra: Record<string, string> | undefined,
): Record<string, StringOrDeferred> {
  const own = checkStringMap(component, 'annotations', extra, 'annotation');
  const fromIdentity = identity?.annotations ?? {};
  for (const key of Object.keys(own)) {
    if (key in fromIdentity && fromIdentity[key] !== own[key]) {
      throw new ValidationError(component, `annotations[${q(key)}]`, `conflicts with the annotation set by identity (${identity!.provider}); remove it from annotations and let identity set it.`);
    }
  }
  return { ...own, ...fromIdentity };
}

/**
 * What a secure ServiceAccount carries besides its name and namespace, decided once for both front-ends.
 * @internal
 */
export interface SecureServiceAccountSettings {
  /** `automountServiceAccountToken`: false unless explicitly opted in with `true`. */
  readonly automountServiceAccountToken: boolean;
  /** Checked labels. */
  readonly labels: Record<string, string>;
  /** The identity's annotations plus the user's (values may be deferred). */
  readonly annotations: Record<string, StringOrDeferred>;
}

/**
 * Check the settings of a secure ServiceAccount: the automount opt-in, the identity, labels and
 * annotations.
 * @internal
 */
export function secureServiceAccountSettings(
  component: string,
  options: Omit<SecureServiceAccountOptions, 'name' | 'namespace' | 'component'>,
): SecureServiceAccountSettings {
  checkObject(component, 'options', options, 'an object');
  if (options.identity !== undefined && !(options.identity instanceof WorkloadIdentity)) {
    throw new ValidationError(component, 'identity', `must be a WorkloadIdentity (WorkloadIdentity.awsIrsa, .gcp or .azure); received ${typeOf(options.identity)}.`);
  }
  return {
    automountServiceAccountToken: optIn(component, 'automountToken', options.automountToken),
    labels: checkStringMap(component, 'labels', options.labels, 'label'),
    annotations: serviceAccountAnnotations(component, options.identity, options.annotations),
  };
}

/**
 * Build a ServiceAccount with `automountServiceAccountToken: false` (unless explicitly enabled) and the
 * annotations of the given workload identity.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
 */
export function secureServiceAccountManifest(options: SecureServiceAccountOptions): KubeManifest {
  const component = options?.component ?? 'SecureServiceAccount';
  checkObject(component, 'options', options, 'an object with at least name');
  const name = checkObjectName(component, 'name', options.name, 'ServiceAccount name');
  const namespace = options.namespace === undefined ? undefined : checkNamespace(component, 'namespace', options.namespace);
  const { labels, annotations, automountServiceAccountToken } = secureServiceAccountSettings(component, options);
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    automountServiceAccountToken,
  };
}

/**
 * Whether a pod gets the API token of its ServiceAccount: the pod's own `automountServiceAccountToken`
 * wins, then the ServiceAccount's, then true (kubernetes/kubernetes
 * `plugin/pkg/admission/serviceaccount/admission.go`, `shouldAutomount`: "Pod's preference wins").
 */
export function tokenAutomounted(serviceAccountAutomount: boolean | undefined, podAutomount: boolean | undefined): boolean {
  return podAutomount ?? serviceAccountAutomount ?? true;
}

/**
 * The refusal of a ServiceAccount opt-in that a workload overrides: `automountToken: true` on the
 * ServiceAccount has no effect on a pod that sets `automountServiceAccountToken: false` itself (as every
 * cdk8s-plus workload does by default). Returns undefined when the opt-in takes effect.
 * @internal
 */
export function automountOverridden(
  component: string, serviceAccount: string, workload: string, podAutomount: boolean | undefined,
): ValidationError | undefined {
  if (tokenAutomounted(true, podAutomount)) {
    return undefined;
  }
  return new ValidationError(component, 'automountToken', `is true, but the workload ${workload} runs as ServiceAccount ${q(serviceAccount)} with automountServiceAccountToken: false on its own pod spec (the cdk8s-plus default), which takes precedence (Kubernetes: the pod's preference wins), so no token would be mounted. Set automountServiceAccountToken: true on that workload (only its pods then get a token) and leave automountToken unset.`);
}
