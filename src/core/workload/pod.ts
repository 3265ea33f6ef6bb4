/**
 * Who a pod's containers run as: the facts both front-ends read from a workload (cdk8s-plus objects or
 * plain Pulumi args) and hand to the core decisions about file ownership (mounted Secrets, Vault agent
 * files). Kept as plain data so that one rule decides for both.
 */

/** One container of a pod, as far as file access is concerned. */
export interface ContainerUser {
  /**
   * The container name.
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * The container's own `securityContext.runAsUser`.
   * @default - unset (the pod's, else the image's user)
   */
  readonly runAsUser?: unknown;
}

/** The users of a pod: its own securityContext and its containers'. */
export interface PodUsers {
  /**
   * The pod's `securityContext.runAsUser`.
   * @default - unset
   */
  readonly runAsUser?: unknown;
  /**
   * The pod's `securityContext.fsGroup`: a supplemental group of every container of the pod.
   * @default - unset
   */
  readonly fsGroup?: unknown;
  /** The application containers, in order. */
  readonly containers: readonly ContainerUser[];
}

function uid(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/**
 * The user a container runs as, when the manifest says it: its own `runAsUser`, else the pod's
 * (Kubernetes: the container's setting takes precedence). `undefined` when neither is a plain number
 * (the image decides, or the value is not known yet).
 * @internal
 */
export function effectiveRunAsUser(pod: PodUsers, container: ContainerUser | undefined): number | undefined {
  return uid(container?.runAsUser) ?? uid(pod.runAsUser);
}

/**
 * The pod's fsGroup when it is a plain, non-root group ID.
 * @internal
 */
export function sharedFsGroup(pod: PodUsers): number | undefined {
  const group = uid(pod.fsGroup);
  return group === undefined || group === 0 ? undefined : group;
}

/**
 * Whether every one of the given containers is known to run as root (uid 0).
 * @internal
 */
export function allRunAsRoot(pod: PodUsers, containers: readonly ContainerUser[]): boolean {
  return containers.length > 0 && containers.every(c => effectiveRunAsUser(pod, c) === 0);
}
