import { ApiObject } from 'cdk8s';
import { RELOADER_SECRET_ANNOTATION, SecretEnvOptions, SecretHandle, SecretMountOptions, ValidationError, mergeReloadAnnotation, secretsConsumedByPodSpec } from '../../core';
import { q, typeOf } from '../../core/errors';
import { checkBoolean } from '../../core/validate/values';
import { checkConsumedSecretName, checkEnvNamesFree, checkSecretEnv, checkSecretMount, checkSecretReadableByPod, reloaderRefusal } from '../../core/workload/reloader';
import { Cdk8sPlusContainer, Cdk8sPlusSecret, Cdk8sPlusWorkload } from '../cdk8s-plus-types';
import { isCdk8sPlusWorkload, moduleOf } from '../internal/cdk8s-plus-adapter';
import { containerUserOf, containersOf, isReloadable, podSpecOfJson, podUsersOf, toSecretRef } from '../util';

/**
 * A Secret to consume: its name, a cdk8s-plus `ISecret` (any supported major), or a construct's Secret
 * such as an {@link ExternalSecret}.
 */
export type ConsumedSecret = string | Cdk8sPlusSecret | SecretHandle;

/** Options of {@link mountSecret}. */
export interface MountSecretOptions extends SecretMountOptions {
  /**
   * The container to mount into: a cdk8s-plus `Container` or its name.
   * @default - every container of the workload
   */
  readonly container?: Cdk8sPlusContainer | string;
  /**
   * Add the Secret to the workload's `secret.reloader.stakater.com/reload` annotation, so Reloader
   * restarts it when the value changes (Deployments, StatefulSets and DaemonSets). Jobs and CronJobs
   * never get it: Reloader would re-run them rather than restart them.
   * @default true
   */
  readonly reload?: boolean;
}

/** Options of {@link envFromSecret}. */
export interface EnvFromSecretOptions extends SecretEnvOptions {
  /**
   * The container to add the variables to: a cdk8s-plus `Container` or its name.
   * @default - every container of the workload
   */
  readonly container?: Cdk8sPlusContainer | string;
  /**
   * Start the container even when the Secret or a key is missing.
   * @default false
   */
  readonly optional?: boolean;
  /**
   * Add the Secret to the Reloader annotation (env values only change on restart). Jobs and CronJobs
   * never get it: Reloader would re-run them rather than restart them.
   * @default true
   */
  readonly reload?: boolean;
}

interface ReloadState {
  readonly extra: Set<string>;
  readonly excluded: Set<string>;
  readonly included: Set<string>;
}

const reloadStates = new WeakMap<Cdk8sPlusWorkload, ReloadState>();

type Json = Record<string, unknown>;

/** `record` with `key` set to `value` (or removed, for undefined), its keys sorted as cdk8s sorts them unless CDK8S_DISABLE_SORT. */
function withKey(record: Json | undefined, key: string, value: unknown): Json {
  const entries = Object.entries(record ?? {}).filter(([k]) => k !== key);
  if (value !== undefined) {
    entries.push([key, value]);
  }
  if (!process.env.CDK8S_DISABLE_SORT) {
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  return Object.fromEntries(entries);
}

/**
 * The workload's Reloader annotation lists exactly the Secrets its pod spec reads (volumes, env, envFrom
 * of every container), computed at synth time, merged with the value the annotation has, sorted and
 * de-duplicated; each entry matches exactly its Secret (see `reloaderEntry`). Secrets consumed with
 * `reload: false` are left out.
 *
 * The pod spec is read from the workload's own synthesized manifest, so what is counted is exactly what
 * is emitted (JSON patches included): the workload's `ApiObject.toJson()` (public cdk8s API) is wrapped to
 * add the annotation to the manifest it has just rendered. The manifest is rendered once (an earlier
 * version rendered it a second time from inside a Lazy annotation value, issue 18); a JSON patch of the
 * workload cannot change the annotation, which is set after the patches.
 */
function trackReload(workload: Cdk8sPlusWorkload, secretName: string, reload: boolean): void {
  if (!isReloadable(workload)) {
    return;
  }
  let state = reloadStates.get(workload);
  if (!state) {
    const s: ReloadState = { extra: new Set(), excluded: new Set(), included: new Set() };
    state = s;
    reloadStates.set(workload, s);
    const apiObject = ApiObject.of(workload);
    const render = apiObject.toJson.bind(apiObject);
    Object.defineProperty(apiObject, 'toJson', {
      configurable: true,
      writable: true,
      value: (): unknown => {
        const rendered = render() as Json;
        const metadata = (rendered.metadata ?? {}) as Json;
        const annotations = metadata.annotations as Record<string, string> | undefined;
        const consumed = secretsConsumedByPodSpec(podSpecOfJson(rendered))
          .filter(name => s.included.has(name) || !s.excluded.has(name));
        const value = mergeReloadAnnotation(annotations?.[RELOADER_SECRET_ANNOTATION], [...consumed, ...s.extra]);
        const merged = withKey(annotations, RELOADER_SECRET_ANNOTATION, value === '' ? undefined : value);
        rendered.metadata = withKey(metadata, 'annotations', Object.keys(merged).length > 0 ? merged : undefined);
        return rendered;
      },
    });
  }
  if (reload) {
    state.included.add(secretName);
  } else {
    state.excluded.add(secretName);
  }
}

function secretOf(component: string, workload: Cdk8sPlusWorkload, secret: ConsumedSecret): { name: string; secret: Cdk8sPlusSecret } {
  if (!isCdk8sPlusWorkload(workload)) {
    throw new ValidationError(component, 'workload', `must be a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod); received ${typeOf(workload)}.`);
  }
  const ref = toSecretRef(secret);
  const name = checkConsumedSecretName(component, 'secret', typeof ref === 'string' ? ref : ref.name);
  const namespace = typeof ref === 'string' ? undefined : ref.namespace;
  const workloadNamespace = workload.metadata.namespace;
  if (namespace !== undefined && workloadNamespace !== undefined && namespace !== workloadNamespace) {
    throw new ValidationError(component, 'secret', `${q(name)} is in namespace ${q(namespace)} but the workload is in ${q(workloadNamespace)}; pods can only use Secrets of their own namespace.`);
  }
  if (typeof secret === 'object' && secret !== null && 'envValue' in secret && !('secretName' in secret)) {
    return { name, secret: secret as Cdk8sPlusSecret };
  }
  const own = (secret as unknown as { secret?: Cdk8sPlusSecret }).secret;
  if (typeof secret === 'object' && secret !== null && own !== undefined) {
    return { name, secret: own };
  }
  const id = `Secret-${name}`;
  const imported = workload.node.tryFindChild(id) as Cdk8sPlusSecret | undefined ?? moduleOf(workload).Secret.fromSecretName(workload, id, name);
  return { name, secret: imported };
}


/**
 * Mount a Secret into a cdk8s-plus workload as a read-only volume with file mode 0400: the default way to
 * consume a secret (files are not inherited by child processes, do not show in `kubectl describe`, and
 * are updated in place when the Secret changes). Adds the Secret to the workload's
 * `secret.reloader.stakater.com/reload` annotation (Deployment, StatefulSet, DaemonSet) unless
 * `reload: false`.
 *
 * Files are owned by root, so a non-root container needs the pod's `securityContext.fsGroup`; a pod
 * without it is refused.
 *
 * ```ts
 * mountSecret(api, db, { path: '/etc/secrets/postgres' });
 * ```
 * The workload may be of any supported cdk8s-plus major (cdk8s-plus-27 … -34); the volume is one of
 * that major.
 * @returns the volume
 */
export function mountSecret<W extends Cdk8sPlusWorkload>(workload: W, secret: ConsumedSecret, options: MountSecretOptions): W['volumes'][number] {
  const component = 'mountSecret';
  const { name, secret: kSecret } = secretOf(component, workload, secret);
  const { volumeName, defaultMode } = checkSecretMount(component, name, options);
  const containers = containersOf(component, workload, options.container);
  checkSecretReadableByPod(component, defaultMode, podUsersOf(workload), containers.map(containerUserOf));
  const reload = checkBoolean(component, 'reload', options.reload, true);

  const existing = workload.volumes.find(v => v.name === volumeName);
  const volume = existing ?? moduleOf(workload).Volume.fromSecret(workload, `SecretVolume-${volumeName}`, kSecret, {
    name: volumeName,
    defaultMode,
    optional: false,
    ...(options.items ? { items: Object.fromEntries(Object.entries(options.items).map(([key, path]) => [key, { path }])) } : {}),
  });
  for (const container of containers) {
    container.mount(options.path, volume, { readOnly: true });
  }
  trackReload(workload, name, reload);
  return volume;
}

/**
 * Expose a Secret as environment variables: an explicit opt-in, because env values leak more easily
 * than files (child processes, crash dumps, `/proc/<pid>/environ`, debug endpoints) and change only on
 * restart. With `keys`, only those keys (`ENV_NAME -> key`); otherwise every key via `envFrom`. Adds the
 * Secret to the Reloader annotation unless `reload: false`.
 *
 * ```ts
 * envFromSecret(api, 'payment-gateway-key');
 * ```
 */
export function envFromSecret(workload: Cdk8sPlusWorkload, secret: ConsumedSecret, options: EnvFromSecretOptions = {}): void {
  const component = 'envFromSecret';
  const { name, secret: kSecret } = secretOf(component, workload, secret);
  const entries = checkSecretEnv(component, options);
  const containers = containersOf(component, workload, options.container);
  const optional = checkBoolean(component, 'optional', options.optional, false);
  const reload = checkBoolean(component, 'reload', options.reload, true);
  if (entries !== undefined) {
    for (const container of containers) {
      checkEnvNamesFree(component, container.name, Object.keys(container.env.variables), entries.map(([envName]) => envName));
    }
    for (const [envName, key] of entries) {
      for (const container of containers) {
        container.env.addVariable(envName, moduleOf(workload).EnvValue.fromSecretValue({ secret: kSecret, key }, { optional }));
      }
    }
  } else {
    if (optional) {
      throw new ValidationError(component, 'optional', 'is only supported with keys (cdk8s-plus envFrom cannot mark a Secret optional).');
    }
    for (const container of containers) {
      container.env.copyFrom(new (moduleOf(workload).EnvFrom)(undefined, options.prefix, kSecret));
    }
  }
  trackReload(workload, name, reload);
}

/**
 * Add Secrets to a workload's Reloader annotation explicitly, for Secrets it consumes in ways the pod
 * spec does not show (a sidecar reading them through the API, a CSI driver sync). The annotation also
 * lists every Secret the pod spec reads.
 */
export function reloadOnSecretChange(workload: Cdk8sPlusWorkload, ...secrets: ConsumedSecret[]): void {
  const component = 'reloadOnSecretChange';
  if (!isCdk8sPlusWorkload(workload)) {
    throw new ValidationError(component, 'workload', `must be a cdk8s-plus Deployment, StatefulSet or DaemonSet; received ${typeOf(workload)}.`);
  }
  const refusal = reloaderRefusal(workload.kind);
  if (refusal !== undefined) {
    throw new ValidationError(component, 'workload', `is a ${workload.kind}. ${refusal}`);
  }
  for (const secret of secrets) {
    const ref = toSecretRef(secret);
    const name = checkConsumedSecretName(component, 'secret', typeof ref === 'string' ? ref : ref.name);
    trackReload(workload, name, true);
    reloadStates.get(workload)!.extra.add(name);
  }
}
