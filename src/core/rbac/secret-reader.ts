import { ValidationError, q } from '../errors';
import { checkSecretGrantee } from '../identity/service-account-ref';
import { KubeManifest, objectMetadata } from '../manifest';
import { checkNamespace, checkObjectName } from '../validate/names';
import { checkList, checkObject, optIn } from '../validate/values';

/** API version of the RBAC objects the library emits. */
export const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';

/**
 * The verbs a {@link secretReaderManifests} Role may carry. `list` and `watch` are opt-in: see
 * `allowListWatch`.
 */
export type SecretReadVerb = 'get' | 'list' | 'watch';

const READ_VERB_ORDER: SecretReadVerb[] = ['get', 'list', 'watch'];
const WRITE_VERBS = new Set(['update', 'patch', 'delete', 'escalate', 'bind', 'impersonate']);

/** A Secret by name, with its namespace when known. */
export interface SecretRef {
  /** The Secret name. */
  readonly name: string;
  /**
   * The Secret's namespace.
   * @default - unknown: assumed to be the namespace of the Role
   */
  readonly namespace?: string;
}

/** Options of the pure builder behind both `SecretReader` front-ends. */
export interface SecretReaderOptions {
  /** Namespace of the Role and RoleBinding, which is the namespace of the Secrets. */
  readonly namespace: string;
  /**
   * The Secrets to grant, by name, or as `{ name, namespace }` when the front-end knows the Secret's
   * namespace (a Secret in another namespace is refused: a Role grants only in its own namespace).
   * Sorted and de-duplicated in the Role.
   */
  readonly secrets: ReadonlyArray<string | SecretRef>;
  /** Name of the ServiceAccount that may read them. */
  readonly serviceAccount: string;
  /**
   * Namespace of the ServiceAccount.
   * @default - the Role's namespace
   */
  readonly serviceAccountNamespace?: string;
  /**
   * Allow a ServiceAccount from another namespace to read these Secrets.
   * @default false
   */
  readonly allowCrossNamespaceSubject?: boolean;
  /**
   * Allow the namespace's `default` ServiceAccount to read these Secrets (every pod of the namespace that
   * names no ServiceAccount runs as it).
   * @default false
   */
  readonly allowDefaultServiceAccount?: boolean;
  /**
   * Allow a ServiceAccount in `kube-system` to read these Secrets.
   * @default false
   */
  readonly allowKubeSystem?: boolean;
  /**
   * Name of the Role and of the RoleBinding.
   * @default `<serviceAccount>-secret-reader`
   */
  readonly name?: string;
  /**
   * Verbs to grant.
   * @default ["get"], or ["get", "list", "watch"] with `allowListWatch`
   */
  readonly verbs?: readonly string[];
  /**
   * Opt in to `list` and `watch` on the named Secrets (see `SecretReaderProps.allowListWatch`).
   * @default false
   */
  readonly allowListWatch?: boolean;
  /**
   * Labels for both objects.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * The component name used in error messages.
   * @default "SecretReader"
   */
  readonly component?: string;
}

/** The Role and RoleBinding built by {@link secretReaderManifests}. */
export interface SecretReaderManifests {
  /** The namespaced Role granting read access to exactly the named Secrets. */
  readonly role: KubeManifest;
  /** The RoleBinding of that Role to the ServiceAccount. */
  readonly roleBinding: KubeManifest;
  /** The Secret names in the Role, sorted and de-duplicated. */
  readonly resourceNames: string[];
  /** The verbs in the Role, in the order get, list, watch. */
  readonly verbs: SecretReadVerb[];
}

/**
 * Validate and sort the verbs of a Secret-reading Role.
 * @internal
 */
export function secretReadVerbs(component: string, verbs: readonly string[] | undefined, allowListWatch: boolean): SecretReadVerb[] {
  const requested = verbs === undefined ? (allowListWatch ? READ_VERB_ORDER : ['get'])
    : checkList(component, 'verbs', verbs, 'a verb ("get", "list", "watch")') as readonly string[];
  if (requested.length === 0) {
    throw new ValidationError(component, 'verbs', 'is empty; grant at least "get" (the default when verbs is omitted).');
  }
  const chosen = new Set<SecretReadVerb>();
  requested.forEach((verb, i) => {
    const prop = `verbs[${i}]`;
    if (verb === '*') {
      throw new ValidationError(component, prop, `${q(verb)} is a wildcard; ${component} grants read verbs only: "get", plus "list" and "watch" with allowListWatch: true.`);
    }
    if (verb === 'create' || verb === 'deletecollection') {
      throw new ValidationError(component, prop, `${q(verb)} cannot be narrowed by resourceNames, so it would apply to every Secret in the namespace; ${component} grants read access only: "get", plus "list" and "watch" with allowListWatch: true.`);
    }
    if (WRITE_VERBS.has(verb)) {
      throw new ValidationError(component, prop, `${q(verb)} is not a read verb; ${component} grants read access only ("get", "list", "watch"). Write a dedicated Role for a workload that must change Secrets.`);
    }
    if (verb === 'list' || verb === 'watch') {
      if (!allowListWatch) {
        throw new ValidationError(component, prop, `${q(verb)} needs the explicit opt-in allowListWatch: true. With resourceNames, Kubernetes authorizes list and watch only for requests that carry the field selector metadata.name=<secret>; without resourceNames, list returns every Secret value in the namespace.`);
      }
      chosen.add(verb);
      return;
    }
    if (verb !== 'get') {
      throw new ValidationError(component, prop, `${q(verb)} is not a verb ${component} can grant; allowed: "get", plus "list" and "watch" with allowListWatch: true.`);
    }
    chosen.add(verb);
  });
  if (!chosen.has('get')) {
    throw new ValidationError(component, 'verbs', `${q(requested)} lacks "get"; every Secret reader needs "get" (list and watch by name are for informers that also get).`);
  }
  return READ_VERB_ORDER.filter(v => chosen.has(v));
}

/**
 * Validate Secret names for `resourceNames`: non-empty, no wildcard or glob, DNS-1123 subdomains.
 * Returns them sorted and de-duplicated.
 * @internal
 */
export function secretResourceNames(component: string, prop: string, secrets: ReadonlyArray<string | SecretRef>, namespace?: string): string[] {
  const list = checkList(component, prop, secrets, 'a Secret name') as ReadonlyArray<string | SecretRef>;
  if (list.length === 0) {
    throw new ValidationError(component, prop, 'is empty; name at least one Secret. (An empty resourceNames list would grant access to every Secret in the namespace, so it is refused.)');
  }
  const names = list.map((secret, i) => {
    const ref: SecretRef = typeof secret === 'object' && secret !== null ? secret : { name: secret };
    const name = checkObjectName(component, `${prop}[${i}]`, ref.name, 'Secret name');
    if (namespace !== undefined && ref.namespace !== undefined && ref.namespace !== namespace) {
      throw new ValidationError(component, `${prop}[${i}]`, `Secret ${q(name)} is in namespace ${q(ref.namespace)} but the Role is in ${q(namespace)}; a Role grants access only in its own namespace, so create a separate ${component} in ${q(ref.namespace)}.`);
    }
    return name;
  });
  return [...new Set(names)].sort();
}

/**
 * Build a namespaced Role that grants `get` (and, by explicit opt-in, `list`/`watch`) on exactly the
 * named Secrets, and a RoleBinding of it to one ServiceAccount.
 *
 * Refuses: an empty Secret list, wildcards and globs, names that are not DNS-1123 subdomains, verbs
 * that `resourceNames` cannot narrow (`create`, `deletecollection`), `*` and write verbs, a
 * ServiceAccount in another namespace unless `allowCrossNamespaceSubject`, the `default` ServiceAccount
 * unless `allowDefaultServiceAccount` and a ServiceAccount in `kube-system` unless `allowKubeSystem` (each
 * opt-in only for the boolean `true`).
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources
 */
export function secretReaderManifests(options: SecretReaderOptions): SecretReaderManifests {
  const component = options?.component ?? 'SecretReader';
  checkObject(component, 'options', options, 'an object with namespace, serviceAccount and secrets');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const serviceAccount = checkObjectName(component, 'serviceAccount', options.serviceAccount, 'ServiceAccount name');
  const subjectNamespace = options.serviceAccountNamespace === undefined
    ? namespace
    : checkNamespace(component, 'serviceAccountNamespace', options.serviceAccountNamespace);
  const allowCrossNamespace = optIn(component, 'allowCrossNamespaceSubject', options.allowCrossNamespaceSubject);
  if (subjectNamespace !== namespace && !allowCrossNamespace) {
    throw new ValidationError(component, 'serviceAccount', `${q(serviceAccount)} is in namespace ${q(subjectNamespace)} but the Secrets are in ${q(namespace)}; a ServiceAccount from another namespace reading these Secrets needs allowCrossNamespaceSubject: true (or use a ServiceAccount in ${q(namespace)}).`);
  }
  checkSecretGrantee(component, { name: serviceAccount, prop: 'serviceAccount' }, { name: subjectNamespace, prop: 'serviceAccountNamespace' }, options);
  const resourceNames = secretResourceNames(component, 'secrets', options.secrets, namespace);
  const verbs = secretReadVerbs(component, options.verbs, optIn(component, 'allowListWatch', options.allowListWatch));
  const name = checkObjectName(component, 'name', options.name === undefined ? `${serviceAccount}-secret-reader` : options.name, 'Role name');
  const metadata = objectMetadata(component, name, namespace, options.labels);

  const role: KubeManifest = {
    apiVersion: RBAC_API_VERSION,
    kind: 'Role',
    metadata,
    rules: [{
      apiGroups: [''],
      resources: ['secrets'],
      resourceNames,
      verbs,
    }],
  };
  const roleBinding: KubeManifest = {
    apiVersion: RBAC_API_VERSION,
    kind: 'RoleBinding',
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace: subjectNamespace }],
  };
  return { role, roleBinding, resourceNames, verbs };
}
