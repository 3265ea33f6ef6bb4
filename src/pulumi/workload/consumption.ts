import * as pulumi from '@pulumi/pulumi';
import {
  PlainWorkload, containerUserOfSpec, fieldOf, plainWorkload, podUsersOfSpec, reloadAnnotationAllowed, targetIndexes, withMergedAnnotation,
  withReadOnlyVolume,
} from './workload-args';
import { RELOADABLE_KINDS, RELOADER_SECRET_ANNOTATION, SecretEnvOptions, SecretHandle, SecretMountOptions, mergeReloadAnnotation, secretsConsumedByPodSpec } from '../../core';
import { checkBoolean } from '../../core/validate/values';
import { checkConsumedSecretName, checkEnvNamesFree, checkSecretEnv, checkSecretMount, checkSecretReadableByPod } from '../../core/workload/reloader';

/** A Secret to consume: its name or a component's Secret such as an {@link ExternalSecret}. */
export type PulumiSecretSource = string | SecretHandle;

/**
 * The arguments of a `@pulumi/kubernetes` workload (Deployment, StatefulSet, DaemonSet, Job):
 * `metadata` and a `spec` with a pod `template`. The helpers need `spec`, `template`, the pod spec and
 * its containers as plain objects (their leaves may be Outputs).
 */
export interface WorkloadArgsLike {
  /**
   * The workload's metadata.
   * @default - none
   */
  readonly metadata?: pulumi.Input<unknown>;
  /**
   * The workload's spec, with `template`.
   * @default - none
   */
  readonly spec?: pulumi.Input<unknown>;
}

/** Options of {@link mountSecret} (Pulumi). */
export interface PulumiMountSecretOptions extends SecretMountOptions {
  /**
   * The name of the container to mount into.
   * @default - every container
   */
  readonly container?: string;
  /**
   * Add the Secret to the workload's `secret.reloader.stakater.com/reload` annotation. Jobs and CronJobs
   * never get it: Reloader would re-run them rather than restart them.
   * @default true
   */
  readonly reload?: boolean;
}

/** Options of {@link envFromSecret} (Pulumi). */
export interface PulumiEnvFromSecretOptions extends SecretEnvOptions {
  /**
   * The name of the container.
   * @default - every container
   */
  readonly container?: string;
  /**
   * Start the container even when the Secret or a key is missing.
   * @default false
   */
  readonly optional?: boolean;
  /**
   * Add the Secret to the Reloader annotation. Jobs and CronJobs never get it: Reloader would re-run them
   * rather than restart them.
   * @default true
   */
  readonly reload?: boolean;
}

/** Options of {@link secretReloadTransform}. */
export interface SecretReloadTransformOptions {
  /**
   * Secrets never listed in the annotation (opt-out per Secret).
   * @default - none
   */
  readonly exclude?: string[];
}

function secretName(component: string, secret: PulumiSecretSource): string {
  const name = typeof secret === 'object' && secret !== null ? secret.secretName : secret;
  return checkConsumedSecretName(component, 'secret', name);
}

/**
 * Rebuild the args with a new pod spec and, optionally, the Secret added to the Reloader annotation: on
 * Deployments, StatefulSets and DaemonSets only. A Job or CronJob (a jobTemplate, or a pod template whose
 * restartPolicy is Never or OnFailure) never gets it, as in cdk8s (core `reloaderRefusal`).
 */
function rebuild<T extends WorkloadArgsLike>(
  component: string, w: PlainWorkload, podSpec: Record<string, unknown>, reloadSecret: string | undefined,
): T {
  const args = w.withTemplate({ ...w.template, spec: podSpec });
  if (reloadSecret === undefined || !reloadAnnotationAllowed(component, w)) {
    return args as T;
  }
  return { ...args, metadata: withMergedAnnotation(component, w.args.metadata, RELOADER_SECRET_ANNOTATION, [reloadSecret]) } as T;
}

/**
 * Mount a Secret into a `@pulumi/kubernetes` workload's args as a read-only volume with file mode 0400,
 * and add it to the `secret.reloader.stakater.com/reload` annotation (unless `reload: false`). Returns
 * new args; the input is not changed. A non-root pod without `securityContext.fsGroup` is refused (it
 * could not read the root-owned files).
 *
 * ```ts
 * new k8s.apps.v1.Deployment('api', mountSecret({ metadata, spec }, db, { path: '/etc/secrets/postgres' }));
 * ```
 */
export function mountSecret<T extends WorkloadArgsLike>(args: T, secret: PulumiSecretSource, options: PulumiMountSecretOptions): T {
  const component = 'mountSecret';
  const name = secretName(component, secret);
  const { volumeName, defaultMode } = checkSecretMount(component, name, options);
  const w = plainWorkload(component, args);
  const targets = targetIndexes(component, w.containers, options.container);
  checkSecretReadableByPod(component, defaultMode, podUsersOfSpec(w.podSpec), targets.map(i => containerUserOfSpec(w.containers[i])));
  const reload = checkBoolean(component, 'reload', options.reload, true);

  const volume = {
    name: volumeName,
    secret: {
      secretName: name,
      defaultMode,
      optional: false,
      ...(options.items ? { items: Object.entries(options.items).map(([key, path]) => ({ key, path })) } : {}),
    },
  };
  const podSpec = withReadOnlyVolume(component, w, volume, v => fieldOf(v.secret, 'secretName') === name, targets, options.path);
  return rebuild<T>(component, w, podSpec, reload ? name : undefined);
}

/**
 * Expose a Secret as environment variables in a `@pulumi/kubernetes` workload's args: an explicit opt-in
 * (env values leak more easily than files and change only on restart). With `keys`, only those keys;
 * otherwise every key via `envFrom`. Adds the Secret to the Reloader annotation unless `reload: false`.
 * Returns new args.
 */
export function envFromSecret<T extends WorkloadArgsLike>(args: T, secret: PulumiSecretSource, options: PulumiEnvFromSecretOptions = {}): T {
  const component = 'envFromSecret';
  const name = secretName(component, secret);
  const w = plainWorkload(component, args);
  const containers = w.containers;
  const entries = checkSecretEnv(component, options);
  const targets = targetIndexes(component, containers, options.container);
  const optional = checkBoolean(component, 'optional', options.optional, false);
  const reload = checkBoolean(component, 'reload', options.reload, true);
  const listOf = (value: unknown): unknown[] => Array.isArray(value) ? value : [];
  let add: (c: Record<string, unknown>) => Record<string, unknown>;
  if (entries !== undefined) {
    for (const i of targets) {
      const own = listOf(containers[i].env).flatMap(e => (typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string' ? [(e as { name: string }).name] : []));
      checkEnvNamesFree(component, String(containers[i].name), own, entries.map(([envName]) => envName));
    }
    const env = entries.map(([envName, key]) => ({ name: envName, valueFrom: { secretKeyRef: { name, key, optional } } }));
    add = c => ({ ...c, env: [...listOf(c.env), ...env] });
  } else {
    const from = { ...(options.prefix !== undefined ? { prefix: options.prefix } : {}), secretRef: { name, ...(optional ? { optional } : {}) } };
    add = c => ({ ...c, envFrom: [...listOf(c.envFrom), from] });
  }
  const podSpec = { ...w.podSpec, containers: containers.map((c, i) => targets.includes(i) ? add(c) : c) };
  return rebuild<T>(component, w, podSpec, reload ? name : undefined);
}

/**
 * A Pulumi resource transform that gives every Deployment, StatefulSet and DaemonSet a
 * `secret.reloader.stakater.com/reload` annotation listing exactly the Secrets its pod spec reads
 * (volumes, projected volumes, env and envFrom of every container), merged with the value already
 * there, sorted and de-duplicated. Works when parts of the spec are Outputs.
 *
 * ```ts
 * pulumi.runtime.registerResourceTransform(secretReloadTransform());      // the whole stack
 * new k8s.apps.v1.Deployment('api', args, { transforms: [secretReloadTransform()] }); // one workload
 * ```
 */
export function secretReloadTransform(options: SecretReloadTransformOptions = {}): pulumi.ResourceTransform {
  return (args: pulumi.ResourceTransformArgs) => {
    const match = /^kubernetes:apps\/v1:(\w+)$/.exec(args.type);
    if (!match || !RELOADABLE_KINDS.includes(match[1])) {
      return undefined;
    }
    return { props: withSecretReload(args.props, options), opts: args.opts };
  };
}

/**
 * The same as {@link secretReloadTransform}, applied to one workload's args: returns args whose
 * `metadata` (an Output) carries the Reloader annotation for every Secret the pod spec reads.
 *
 * ```ts
 * new k8s.apps.v1.Deployment('api', withSecretReload(args));
 * ```
 */
export function withSecretReload<T extends WorkloadArgsLike>(args: T, options: SecretReloadTransformOptions = {}): T {
  const exclude = new Set(options.exclude ?? []);
  const metadata = pulumi.all([args.metadata, args.spec]).apply(([md, spec]) => {
    const podSpec = (spec as { template?: { spec?: unknown } } | undefined)?.template?.spec;
    const names = secretsConsumedByPodSpec(podSpec).filter(n => !exclude.has(n));
    if (names.length === 0) {
      return md;
    }
    const meta = (typeof md === 'object' && md !== null ? md : {}) as { annotations?: Record<string, unknown> };
    const existing = meta.annotations?.[RELOADER_SECRET_ANNOTATION];
    return {
      ...meta,
      annotations: { ...meta.annotations, [RELOADER_SECRET_ANNOTATION]: mergeReloadAnnotation(typeof existing === 'string' ? existing : undefined, names) },
    };
  });
  return { ...args, metadata };
}
