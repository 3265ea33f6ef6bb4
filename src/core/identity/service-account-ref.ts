import { ValidationError, q } from '../errors';
import { checkNamespace, checkObjectName } from '../validate/names';

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
