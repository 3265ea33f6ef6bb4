import { ValidationError, mergeReloadAnnotation } from '../../core';
import { isDeferred } from '../../core/deferred';
import { q, typeOf } from '../../core/errors';
import { resolveWorkloadKind } from '../../core/workload/kind';
import { ContainerUser, PodUsers } from '../../core/workload/pod';
import { reloaderRefusal } from '../../core/workload/reloader';

/**
 * A workload's args taken apart down to the pod template: Deployment, StatefulSet, DaemonSet and Job
 * (`spec.template`) and CronJob (`spec.jobTemplate.spec.template`).
 * @internal
 */
export interface PlainWorkload {
  /** The args. */
  readonly args: Record<string, unknown>;
  /** Where the pod template sits, for messages: `args.spec.template` or `args.spec.jobTemplate.spec.template`. */
  readonly templatePath: string;
  /** The pod template. */
  readonly template: Record<string, unknown>;
  /** The pod spec. */
  readonly podSpec: Record<string, unknown>;
  /** The pod spec's containers, each checked to be a plain object. */
  readonly containers: ReadonlyArray<Record<string, unknown>>;
  /** Whether the args are a CronJob's. */
  readonly isCronJob: boolean;
  /** Rebuild the args around a new pod template. */
  readonly withTemplate: (template: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * A plain object, or a clear error for a missing value or an Output.
 * @internal
 */
export function plain(component: string, prop: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) {
    throw new ValidationError(component, prop, 'is missing; the helper adds to a workload spec with a pod template.');
  }
  if (isDeferred(value) || typeof value !== 'object') {
    throw new ValidationError(component, prop, 'is an Output (or not an object); build the workload spec as a plain object (leaves may be Outputs), or add the volume yourself and register secretReloadTransform().');
  }
  return value as Record<string, unknown>;
}

/**
 * Whether the helpers may write a Reloader annotation on these args: on Deployments, StatefulSets and
 * DaemonSets, never on a Job or CronJob (a jobTemplate, or a pod template whose restartPolicy is Never or
 * OnFailure; core `reloaderRefusal`), as the cdk8s front-end decides by class. A restartPolicy that is
 * not a plain string (an Output) leaves the kind unknown, so it is refused rather than guessed.
 * @internal
 */
export function reloadAnnotationAllowed(component: string, w: PlainWorkload): boolean {
  const restartPolicy = w.podSpec.restartPolicy;
  if (restartPolicy !== undefined && typeof restartPolicy !== 'string') {
    throw new ValidationError(component, `${w.templatePath}.spec.restartPolicy`, `is ${isDeferred(restartPolicy) ? 'an Output' : typeOf(restartPolicy)}, so the helper cannot tell a Job (which Reloader would re-run, so it gets no Reloader annotation) from a Deployment. Give restartPolicy as a plain string, or pass reload: false.`);
  }
  const kind = resolveWorkloadKind(component, 'args', { hasJobTemplate: w.isCronJob, restartPolicy });
  return reloaderRefusal(kind) === undefined;
}

/**
 * Take workload args apart down to the pod template.
 * @internal
 */
export function plainWorkload(component: string, args: { spec?: unknown }): PlainWorkload {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new ValidationError(component, 'args', `must be the args of a workload ({ metadata, spec: { template } }); received ${typeOf(args)}.`);
  }
  const spec = plain(component, 'args.spec', args.spec);
  const isCronJob = spec.jobTemplate !== undefined;
  let template: Record<string, unknown>;
  let withTemplate: (t: Record<string, unknown>) => Record<string, unknown>;
  if (isCronJob) {
    const jobTemplate = plain(component, 'args.spec.jobTemplate', spec.jobTemplate);
    const jobSpec = plain(component, 'args.spec.jobTemplate.spec', jobTemplate.spec);
    template = plain(component, 'args.spec.jobTemplate.spec.template', jobSpec.template);
    withTemplate = t => ({ ...args, spec: { ...spec, jobTemplate: { ...jobTemplate, spec: { ...jobSpec, template: t } } } });
  } else {
    template = plain(component, 'args.spec.template', spec.template);
    withTemplate = t => ({ ...args, spec: { ...spec, template: t } });
  }
  const templatePath = isCronJob ? 'args.spec.jobTemplate.spec.template' : 'args.spec.template';
  const podSpec = plain(component, `${templatePath}.spec`, template.spec);
  if (!Array.isArray(podSpec.containers) || podSpec.containers.length === 0) {
    throw new ValidationError(component, `${templatePath}.spec.containers`, 'is empty or an Output; list the containers as a plain array.');
  }
  const containers = (podSpec.containers as unknown[]).map((c, i) => plain(component, `${templatePath}.spec.containers[${i}]`, c));
  return { args: args as Record<string, unknown>, templatePath, template, podSpec, containers, isCronJob, withTemplate };
}

/**
 * The indexes of the containers a helper applies to.
 * @internal
 */
export function targetIndexes(component: string, containers: readonly unknown[], container: string | undefined): number[] {
  if (container === undefined) {
    return containers.map((_, i) => i);
  }
  const i = containers.findIndex(c => fieldOf(c, 'name') === container);
  if (i < 0) {
    throw new ValidationError(component, 'container', `${q(container)} is not a container of the workload (containers: ${containers.map(c => q(fieldOf(c, 'name'))).join(', ')}).`);
  }
  return [i];
}

/**
 * Return metadata (plain; missing means empty) with `annotations` added over the ones already there.
 * @internal
 */
export function withAnnotations(component: string, prop: string, metadata: unknown, annotations: Record<string, string>): Record<string, unknown> {
  const md = metadata === undefined ? {} : plain(component, prop, metadata);
  const existing = md.annotations === undefined ? {} : plain(component, `${prop}.annotations`, md.annotations);
  return { ...md, annotations: { ...existing, ...annotations } };
}

/**
 * Return the workload's metadata with `names` merged into the comma-separated annotation `key`.
 * @internal
 */
export function withMergedAnnotation(component: string, metadata: unknown, key: string, names: string[]): Record<string, unknown> {
  const existing = fieldOf(withAnnotations(component, 'args.metadata', metadata, {}).annotations, key);
  if (existing !== undefined && typeof existing !== 'string') {
    throw new ValidationError(component, `args.metadata.annotations[${q(key)}]`, 'is an Output; give it as a plain string.');
  }
  return withAnnotations(component, 'args.metadata', metadata, { [key]: mergeReloadAnnotation(existing, names) });
}

/**
 * Return the pod spec with `volume` added (kept once when the pod already has the same volume, refused
 * when another volume has its name) and mounted read-only at `mountPath` in the target containers.
 * @internal
 */
export function withReadOnlyVolume(
  component: string, w: PlainWorkload, volume: { readonly name: string }, sameVolume: (existing: Record<string, unknown>) => boolean,
  targets: number[], mountPath: string,
): Record<string, unknown> {
  const volumes: unknown[] = Array.isArray(w.podSpec.volumes) ? w.podSpec.volumes : [];
  const clash = volumes.find(v => fieldOf(v, 'name') === volume.name) as Record<string, unknown> | undefined;
  if (clash && !sameVolume(clash)) {
    throw new ValidationError(component, 'volumeName', `${q(volume.name)} is already used by another volume of the pod; set volumeName.`);
  }
  return {
    ...w.podSpec,
    volumes: clash ? volumes : [...volumes, volume],
    containers: w.containers.map((c, i) => targets.includes(i)
      ? { ...c, volumeMounts: [...(Array.isArray(c.volumeMounts) ? c.volumeMounts : []), { name: volume.name, mountPath, readOnly: true }] }
      : c),
  };
}

/**
 * A field of a plain object, or undefined for anything else.
 * @internal
 */
export function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * A container of a plain pod spec as core sees its user.
 * @internal
 */
export function containerUserOfSpec(container: unknown): ContainerUser {
  const name = fieldOf(container, 'name');
  return { ...(typeof name === 'string' ? { name } : {}), runAsUser: fieldOf(fieldOf(container, 'securityContext'), 'runAsUser') };
}

/**
 * Who the pods of a plain pod spec run as.
 * @internal
 */
export function podUsersOfSpec(podSpec: Record<string, unknown>): PodUsers {
  const securityContext = podSpec.securityContext;
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers as unknown[] : [];
  return {
    runAsUser: fieldOf(securityContext, 'runAsUser'),
    fsGroup: fieldOf(securityContext, 'fsGroup'),
    containers: containers.map(containerUserOfSpec),
  };
}
