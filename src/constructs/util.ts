import { ApiObject, ApiObjectProps, Chart, JsonPatch, Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { KubeManifest, RELOADABLE_KINDS, SecretHandle, SecretRef, ValidationError } from '../core';
import { Cdk8sPlusContainer, Cdk8sPlusWorkload } from './cdk8s-plus-types';
import { isDeferred } from '../core/deferred';
import { q } from '../core/errors';
import { WORKLOAD_KINDS, WorkloadKind } from '../core/workload/kind';
import { ContainerUser, PodUsers } from '../core/workload/pod';

/**
 * The namespace a construct's objects go to: the explicit one, else the chart's.
 * @internal
 */
export function resolveNamespace(component: string, scope: IConstruct, explicit: string | undefined): string {
  const namespace = explicit ?? Chart.of(scope).namespace;
  if (namespace === undefined) {
    throw new ValidationError(component, 'namespace', 'is not set and the Chart has no namespace; set the namespace prop or create the Chart with { namespace: "..." } so the objects do not land in whatever namespace kubectl happens to use.');
  }
  return namespace;
}

/**
 * The namespace of a cdk8s-plus resource, when it has one (imported resources may not).
 * @internal
 */
export function namespaceOfResource(resource: unknown): string | undefined {
  const metadata = (resource as { metadata?: { namespace?: string } }).metadata;
  return typeof metadata === 'object' && metadata !== null ? metadata.namespace : undefined;
}

/**
 * Refuse deferred values (Pulumi Outputs) in cdk8s, which needs plain values at synth time.
 * @internal
 */
export function requirePlain<T>(component: string, prop: string, value: T): T {
  if (isDeferred(value)) {
    throw new ValidationError(component, prop, 'is a deferred value (for example a Pulumi Output); cdk8s writes manifests at synth time and needs a plain string here.');
  }
  return value;
}

/**
 * Turn a core manifest into cdk8s `ApiObject` props, refusing deferred annotation values.
 * @internal
 */
export function apiObjectProps(component: string, manifest: KubeManifest): ApiObjectProps {
  const annotations = manifest.metadata.annotations;
  const plain: Record<string, string> | undefined = annotations === undefined ? undefined : {};
  for (const [key, value] of Object.entries(annotations ?? {})) {
    plain![key] = requirePlain(component, `metadata.annotations[${JSON.stringify(key)}]`, value) as string;
  }
  return { ...manifest, metadata: { ...manifest.metadata, annotations: plain } };
}

/**
 * Emit a core manifest as an ApiObject. Cluster-scoped objects lose the namespace cdk8s copies from the
 * chart.
 * @internal
 */
export function emitManifest(
  scope: Construct, id: string, component: string, manifest: KubeManifest, options: { clusterScoped?: boolean } = {},
): ApiObject {
  const obj = new ApiObject(scope, id, apiObjectProps(component, manifest));
  if (options.clusterScoped && obj.metadata.namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return obj;
}

/**
 * The name to give an object: the explicit one, else one cdk8s generates from the construct path.
 * @internal
 */
export function objectName(scope: Construct, explicit: string | undefined): string {
  return explicit ?? Names.toDnsLabel(scope);
}

/**
 * A Secret given by name, as a cdk8s-plus ISecret or as a SecretHandle (ExternalSecret, ...), as a ref.
 * @internal
 */
export function toSecretRef(secret: unknown): string | SecretRef {
  if (typeof secret === 'string' || secret === null || typeof secret !== 'object') {
    return secret as string;
  }
  if ('secretName' in secret) {
    const handle = secret as SecretHandle;
    return { name: handle.secretName, namespace: handle.secretNamespace };
  }
  return { name: (secret as { name: string }).name, namespace: namespaceOfResource(secret) };
}

/**
 * Whether Reloader (and the Infisical operator) restart this workload kind: Deployment, StatefulSet,
 * DaemonSet.
 * @internal
 */
export function isReloadable(workload: Cdk8sPlusWorkload): boolean {
  return RELOADABLE_KINDS.includes(workloadKindOf(workload));
}

/**
 * The containers a mount or env helper applies to: the named (or given) one, else all of them.
 * @internal
 */
export function containersOf<C extends Cdk8sPlusContainer>(
  component: string, workload: { readonly containers: ReadonlyArray<C> }, container: Cdk8sPlusContainer | string | undefined,
): C[] {
  const all = [...workload.containers];
  if (container === undefined) {
    if (all.length === 0) {
      throw new ValidationError(component, 'workload', 'has no containers yet; add the containers before mounting Secrets into them.');
    }
    return all;
  }
  const found = all.find(c => c === container || c.name === container);
  if (!found) {
    throw new ValidationError(component, 'container', `${q(typeof container === 'string' ? container : container.name)} is not a container of the workload (containers: ${all.map(c => q(c.name)).join(', ')}).`);
  }
  return [found];
}

/**
 * The kind of a cdk8s-plus workload.
 * @internal
 */
export function workloadKindOf(workload: Cdk8sPlusWorkload): WorkloadKind {
  // The kind of the workload's own object (cdk8s-plus `Resource.kind`), not `instanceof` one major's classes.
  const kind = workload.kind;
  return (WORKLOAD_KINDS as readonly string[]).includes(kind) ? kind as WorkloadKind : 'Pod';
}

/**
 * Where the pod spec sits in a workload's manifest, as a JSON pointer (for cdk8s JSON patches).
 * @internal
 */
export function podSpecPointer(kind: WorkloadKind): string {
  switch (kind) {
    case 'CronJob':
      return '/spec/jobTemplate/spec/template/spec';
    case 'Pod':
      return '/spec';
    default:
      return '/spec/template/spec';
  }
}

/**
 * The pod spec inside a synthesized workload manifest (Pod, a pod template, or a CronJob's job template).
 * @internal
 */
export function podSpecOfJson(manifest: unknown): unknown {
  type Template = { spec?: unknown };
  const m = manifest as { kind?: unknown; spec?: { template?: Template; jobTemplate?: { spec?: { template?: Template } } } } | undefined;
  if (m?.kind === 'Pod') {
    return m.spec;
  }
  return m?.spec?.jobTemplate?.spec?.template?.spec ?? m?.spec?.template?.spec;
}

/**
 * A cdk8s-plus container as core sees its user.
 * @internal
 */
export function containerUserOf(container: Cdk8sPlusContainer): ContainerUser {
  return { name: container.name, runAsUser: container.securityContext.user };
}

/**
 * Who a cdk8s-plus workload's pods run as (public cdk8s-plus getters only).
 * @internal
 */
export function podUsersOf(workload: Cdk8sPlusWorkload): PodUsers {
  return {
    runAsUser: workload.securityContext.user,
    fsGroup: workload.securityContext.fsGroup,
    containers: workload.containers.map(containerUserOf),
  };
}
