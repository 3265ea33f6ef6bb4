import { ValidationError, q } from '../errors';
import { checkNamespace, checkObjectName } from '../validate/names';
import { optIn } from '../validate/values';

/**
 * A ServiceAccount handle exposing its name and namespace, as both `SecureServiceAccount`s do.
 */
export interface ServiceAccountHandle {
  /** The ServiceAccount name. */
  readonly serviceAccountName: string;
  /**
   * The ServiceAccount namespace.
   * @default - unknown
   */
  readonly serviceAccountNamespace?: string;
}

/** Anything that renders as an RBAC subject, such as a cdk8s-plus `IServiceAccount`. */
export interface SubjectLike {
  /** The subject as RBAC sees it (`kind`, `name`, `namespace`). */
  toSubjectConfiguration(): { readonly kind: string; readonly name: string; readonly namespace?: string };
}

/**
 * A ServiceAccount given by name, by a `SecureServiceAccount` (either front-end) or by a cdk8s-plus
 * `IServiceAccount`.
 */
export type ServiceAccountReference = string | ServiceAccountHandle | SubjectLike;

/** A resolved ServiceAccount reference. */
export interface ResolvedServiceAccount {
  /** Name. */
  readonly name: string;
  /**
   * Namespace, when the reference carries one.
   * @default - unknown
   */
  readonly namespace?: string;
}

/**
 * Resolve and check a ServiceAccount reference.
 * @internal
 */
export function resolveServiceAccount(component: string, prop: string, ref: ServiceAccountReference | undefined): ResolvedServiceAccount | undefined {
  if (ref === undefined) {
    return undefined;
  }
  let name: unknown;
  let namespace: unknown;
  if (typeof ref === 'string') {
    name = ref;
  } else if (ref && typeof ref === 'object' && 'serviceAccountName' in ref) {
    name = ref.serviceAccountName;
    namespace = ref.serviceAccountNamespace;
  } else if (ref && typeof ref === 'object' && typeof (ref as SubjectLike).toSubjectConfiguration === 'function') {
    const subject = (ref as SubjectLike).toSubjectConfiguration();
    if (subject.kind !== 'ServiceAccount') {
      throw new ValidationError(component, prop, `is a ${subject.kind}; a ServiceAccount is required.`);
    }
    name = subject.name;
    namespace = subject.namespace;
  } else {
    throw new ValidationError(component, prop, `must be a ServiceAccount name, a SecureServiceAccount or a cdk8s-plus IServiceAccount; received ${q(ref)}.`);
  }
  return {
    name: checkObjectName(component, prop, name, 'ServiceAccount name'),
    ...(namespace === undefined || namespace === null ? {} : { namespace: checkNamespace(component, `${prop} namespace`, namespace) }),
  };
}

/**
 * Resolve a ServiceAccount reference that is required.
 * @internal
 */
export function requireServiceAccount(component: string, prop: string, ref: unknown): ResolvedServiceAccount {
  const resolved = ref === undefined ? undefined : resolveServiceAccount(component, prop, ref as ServiceAccountReference);
  if (resolved === undefined) {
    throw new ValidationError(component, prop, `must be a ServiceAccount name, a SecureServiceAccount or a cdk8s-plus IServiceAccount; received ${q(ref)}.`);
  }
  return resolved;
}

/**
 * Opt-ins of {@link checkSecretGrantee}.
 * @internal
 */
export interface SecretGranteeOptIns {
  /**
   * Accept the namespace's `default` ServiceAccount as the receiver of secret access.
   * @default false
   */
  readonly allowDefaultServiceAccount?: unknown;
  /**
   * Accept a receiver in `kube-system`.
   * @default false
   */
  readonly allowKubeSystem?: unknown;
}

/**
 * Refuse the two receivers of secret access that reach further than the workload meant: the `default`
 * ServiceAccount (every pod of the namespace that names no ServiceAccount runs as it) and any
 * ServiceAccount in `kube-system` (the namespace of the cluster's own controllers and add-ons), each
 * unless explicitly opted in with the boolean `true`.
 * @internal
 */
export function checkSecretGrantee(
  component: string,
  serviceAccount: { readonly name: string; readonly prop: string },
  namespace: { readonly name: string; readonly prop: string },
  optIns: SecretGranteeOptIns,
): void {
  const allowDefault = optIn(component, 'allowDefaultServiceAccount', optIns.allowDefaultServiceAccount);
  const allowKubeSystem = optIn(component, 'allowKubeSystem', optIns.allowKubeSystem);
  if (serviceAccount.name === 'default' && !allowDefault) {
    throw new ValidationError(component, serviceAccount.prop, '"default" is the ServiceAccount of every pod in its namespace that names none; granting it secret access gives the secrets to all of them. Give the workload its own ServiceAccount (SecureServiceAccount), or set allowDefaultServiceAccount: true.');
  }
  if (namespace.name === 'kube-system' && !allowKubeSystem) {
    throw new ValidationError(component, namespace.prop, '"kube-system" is the namespace of the cluster\'s own controllers and add-ons; granting secret access to a ServiceAccount there hands the secrets to whatever compromises any of them. Use a ServiceAccount in the application\'s namespace, or set allowKubeSystem: true.');
  }
}
