import { checkStringMap } from './validate/names';

/**
 * Object metadata as emitted by the core builders (a subset of Kubernetes `ObjectMeta`).
 */
export interface ManifestMetadata {
  /** The object's name. */
  readonly name: string;
  /**
   * The object's namespace.
   * @default - none: the object is cluster-scoped or the namespace is supplied by the front-end
   */
  readonly namespace?: string;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations. Values may be deferred (for example a Pulumi Output holding a role ARN).
   * @default - none
   */
  readonly annotations?: Record<string, unknown>;
}

/**
 * A plain Kubernetes manifest as returned by the core builders: `apiVersion`, `kind`, `metadata` and the
 * kind's own top-level fields (`rules`, `spec`, ...).
 */
export interface KubeManifest {
  /** API version, e.g. `rbac.authorization.k8s.io/v1`. */
  readonly apiVersion: string;
  /** Kind, e.g. `Role`. */
  readonly kind: string;
  /** Object metadata. */
  readonly metadata: ManifestMetadata;
  /** The kind's other top-level fields. */
  readonly [field: string]: unknown;
}

/**
 * A Secret that a construct makes exist (an ExternalSecret's target, a SealedSecret's Secret, ...),
 * usable wherever a Secret name is: SecretReader, mountSecret, envFromSecret.
 */
export interface SecretHandle {
  /** The name of the Secret. */
  readonly secretName: string;
  /**
   * The namespace of the Secret.
   * @default - unknown
   */
  readonly secretNamespace?: string;
}

/**
 * The metadata of a builder's object: name, namespace (omitted for cluster-scoped objects) and the
 * `labels` option, checked as label keys and values and left out when empty.
 * @internal
 */
export function objectMetadata(
  component: string, name: string, namespace: string | undefined, labels: Record<string, unknown> | undefined,
): ManifestMetadata {
  const checked = checkStringMap(component, 'labels', labels, 'label');
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(Object.keys(checked).length > 0 ? { labels: checked } : {}),
  };
}
