import { ValidationError, q } from '../errors';
import { ContainerUser, PodUsers, allRunAsRoot } from './pod';
import { checkObjectName, checkSecretKey } from '../validate/names';
import { goQuoteMeta } from '../validate/re2';
import { checkObject } from '../validate/values';

/** Stakater Reloader: restart the workload when one of these Secrets changes (comma-separated names). */
export const RELOADER_SECRET_ANNOTATION = 'secret.reloader.stakater.com/reload';
/** Stakater Reloader: restart the workload when one of these SecretProviderClasses' synced values change. */
export const RELOADER_SECRET_PROVIDER_CLASS_ANNOTATION = 'secretproviderclass.reloader.stakater.com/reload';
/**
 * The workload kinds the library writes the Reloader annotation on (apps/v1): the ones Reloader restarts
 * with a rolling update. Jobs and CronJobs are left out on purpose: Reloader re-runs them (it re-creates a
 * Job, and starts an extra Job from a CronJob) instead of restarting them.
 */
export const RELOADABLE_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

/**
 * Why the library does not write the Reloader annotation on a workload of this kind, or undefined when
 * it does. Reloader does not restart run-to-completion workloads: when a Secret a Job lists changes it
 * deletes and re-creates the Job, which runs it again, and for a CronJob it starts an extra Job outside
 * the schedule (stakater/Reloader `internal/pkg/callbacks/rolling_upgrade.go`, `ReCreateJobFromjob` and
 * `CreateJobFromCronjob`; `internal/pkg/handler/upgrade.go`). Each run reads the current Secret anyway.
 * @internal
 */
export function reloaderRefusal(kind: string): string | undefined {
  if (RELOADABLE_KINDS.includes(kind)) {
    return undefined;
  }
  if (kind === 'Job') {
    return 'Reloader does not restart a Job: when a listed Secret changes it deletes and re-creates the Job, which runs it again. Each run reads the current Secret, so a Job needs no Reloader annotation.';
  }
  if (kind === 'CronJob') {
    return 'Reloader does not restart a CronJob: when a listed Secret changes it starts an extra Job outside the schedule. Each scheduled run reads the current Secret, so a CronJob needs no Reloader annotation.';
  }
  return `Reloader restarts Deployments, StatefulSets and DaemonSets; a ${kind} is not restarted by it.`;
}
/** The default mode of a mounted Secret: readable by its owner only (0400). */
export const SECRET_FILE_MODE = 0o400;

/**
 * The Reloader annotation entry that matches exactly one Secret (or SecretProviderClass) name.
 *
 * Reloader compiles every comma-separated entry of `secret.reloader.stakater.com/reload` (and of
 * `secretproviderclass.reloader.stakater.com/reload`) as the Go regular expression `"^" + entry + "$"`
 * and restarts the workload when it matches the changed object's name (stakater/Reloader
 * `pkg/common/common.go`, `ShouldReload`, v1.4). A name written as is would over-match: `db.credentials`
 * also matches `dbxcredentials`. The entry is therefore the name with Go's `regexp.QuoteMeta` applied,
 * e.g. `db\.credentials`, which matches that name and nothing else.
 */
export function reloaderEntry(name: string): string {
  return goQuoteMeta(name);
}

/**
 * Merge Secret names into a Reloader annotation value: the entries already there, kept as written (the
 * user's own entries are regular expressions to Reloader and stay theirs), plus one exact entry per new
 * name ({@link reloaderEntry}), sorted and de-duplicated, comma-separated.
 */
export function mergeReloadAnnotation(existing: string | undefined, names: Iterable<string>): string {
  const all = new Set<string>();
  for (const entry of (existing ?? '').split(',').map(s => s.trim()).filter(s => s.length > 0)) {
    all.add(entry);
  }
  for (const name of names) {
    all.add(reloaderEntry(name));
  }
  return [...all].sort().join(',');
}

/**
 * The names of the Secrets a pod spec reads at run time: `secret` and `projected` volumes, `env`
 * `secretKeyRef`s and `envFrom` `secretRef`s of every container, init container and ephemeral
 * container. Image pull Secrets are not included (a change to them does not need a restart).
 * Sorted and de-duplicated.
 */
export function secretsConsumedByPodSpec(podSpec: unknown): string[] {
  const names = new Set<string>();
  const spec = asRecord(podSpec);
  for (const volume of asList(spec.volumes)) {
    const v = asRecord(volume);
    addName(names, asRecord(v.secret).secretName);
    for (const source of asList(asRecord(v.projected).sources)) {
      addName(names, asRecord(asRecord(source).secret).name);
    }
  }
  for (const container of [...asList(spec.containers), ...asList(spec.initContainers), ...asList(spec.ephemeralContainers)]) {
    const c = asRecord(container);
    for (const env of asList(c.env)) {
      addName(names, asRecord(asRecord(asRecord(env).valueFrom).secretKeyRef).name);
    }
    for (const from of asList(c.envFrom)) {
      addName(names, asRecord(asRecord(from).secretRef).name);
    }
  }
  return [...names].sort();
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {};
}

function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function addName(names: Set<string>, name: unknown): void {
  if (typeof name === 'string' && name !== '') {
    names.add(name);
  }
}

/** Options for mounting a Secret as files. */
export interface SecretMountOptions {
  /** The directory the Secret's keys appear in, e.g. `/etc/secrets/postgres`. */
  readonly path: string;
  /**
   * The file mode of the Secret's files. The default lets only the file owner read them; files are
   * owned by root, with the pod's `fsGroup` as group (Kubernetes then adds group read), so a
   * non-root container needs the pod to set `securityContext.fsGroup`.
   * @default 0o400
   */
  readonly defaultMode?: number;
  /**
   * Mount only these keys, as `key -> file name` (relative to `path`).
   * @default - every key of the Secret
   */
  readonly items?: Record<string, string>;
  /**
   * The volume name.
   * @default - derived from the Secret name
   */
  readonly volumeName?: string;
}

/**
 * Check mount options and return the volume name.
 * @internal
 */
export function checkSecretMount(component: string, secretName: string, options: SecretMountOptions): { volumeName: string; defaultMode: number } {
  checkObject(component, 'options', options, 'an object with at least path, e.g. { path: "/etc/secrets/db" }');
  if (options.items !== undefined) {
    checkObject(component, 'items', options.items, 'a map of Secret key to file name');
  }
  if (typeof options.path !== 'string' || !options.path.startsWith('/') || options.path.includes('..')) {
    throw new ValidationError(component, 'path', `${q(options.path)} is not an absolute path; mount the Secret at a directory such as "/etc/secrets/${secretName}".`);
  }
  const defaultMode = options.defaultMode ?? SECRET_FILE_MODE;
  if (!Number.isInteger(defaultMode) || defaultMode < 0 || defaultMode > 0o777) {
    throw new ValidationError(component, 'defaultMode', `${q(defaultMode)} is not a file mode; use an octal literal such as 0o400.`);
  }
  if (defaultMode % 8 !== 0) { // any permission bit for "other"
    throw new ValidationError(component, 'defaultMode', `0o${defaultMode.toString(8)} lets every user in the container read the Secret; use 0o400 (owner) or 0o440 (owner and fsGroup).`);
  }
  for (const [key, file] of Object.entries(options.items ?? {})) {
    checkSecretKey(component, `items[${q(key)}]`, key);
    if (typeof file !== 'string' || file === '' || file.startsWith('/') || file.split('/').includes('..')) {
      throw new ValidationError(component, `items[${q(key)}]`, `${q(file)} must be a relative file name under path.`);
    }
  }
  const volumeName = options.volumeName ?? `secret-${secretName}`.slice(0, 63).replace(/[.]/g, '-').replace(/-+$/, '');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(volumeName) || volumeName.length > 63) {
    throw new ValidationError(component, 'volumeName', `${q(volumeName)} is not a valid volume name (DNS-1123 label); set volumeName.`);
  }
  return { volumeName, defaultMode };
}

/**
 * Refuse a 0400/0440 Secret mount into a pod whose non-root containers could not read it: the files of a
 * Secret volume are owned by root, with the pod's fsGroup as group when it has one. Root containers read
 * them anyway; every other user needs the fsGroup. `targets` are the containers that mount the Secret.
 * @internal
 */
export function checkSecretReadableByPod(component: string, defaultMode: number, pod: PodUsers, targets: readonly ContainerUser[]): void {
  // Without fsGroup the files are root:root and other users get no bits (refused above), so only root reads.
  if (pod.fsGroup === undefined && !allRunAsRoot(pod, targets)) {
    throw new ValidationError(component, 'workload', `has no securityContext.fsGroup, so the Secret's files (mode 0o${defaultMode.toString(8)}) are owned by root:root and a non-root container cannot read them. Set the pod's securityContext fsGroup to the container's group (Kubernetes then makes the files group-readable by it).`);
  }
}

/** How a Secret's keys become environment variables (see envFromSecret in either front-end). */
export interface SecretEnvOptions {
  /**
   * Only these keys, as `ENV_VAR_NAME -> secret key`.
   * @default - every key of the Secret, as `envFrom`
   */
  readonly keys?: Record<string, string>;
  /**
   * A prefix for the variable names (with `envFrom`, that is without `keys`).
   * @default - none
   */
  readonly prefix?: string;
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * Check env options: returns the `[envName, key]` pairs, or undefined for `envFrom` (every key).
 * @internal
 */
export function checkSecretEnv(component: string, options: SecretEnvOptions): Array<[string, string]> | undefined {
  checkObject(component, 'options', options, 'an object, e.g. { keys: { DB_PASSWORD: "password" } }');
  if (options.keys === undefined) {
    if (options.prefix !== undefined && !ENV_NAME.test(options.prefix)) {
      throw new ValidationError(component, 'prefix', `${q(options.prefix)} is not a valid environment variable prefix.`);
    }
    return undefined;
  }
  const entries = Object.entries(checkObject(component, 'keys', options.keys, 'a map of environment variable name to Secret key'));
  if (entries.length === 0) {
    throw new ValidationError(component, 'keys', 'is empty; list the keys to expose, or leave keys unset for every key.');
  }
  if (options.prefix !== undefined) {
    throw new ValidationError(component, 'prefix', 'applies to envFrom (no keys); with keys, name each variable yourself.');
  }
  return entries.map(([envName, key]) => {
    if (!ENV_NAME.test(envName)) {
      throw new ValidationError(component, `keys[${q(envName)}]`, 'is not a valid environment variable name (letters, digits, "_", "-", "."; not starting with a digit).');
    }
    return [envName, checkSecretKey(component, `keys[${q(envName)}]`, key)];
  });
}

/**
 * Refuse variables a container already sets: cdk8s-plus would replace the container's own value
 * silently, and in a pod spec the last of two entries of one name wins while server-side apply refuses
 * the duplicate.
 * @internal
 */
export function checkEnvNamesFree(component: string, container: string, existing: readonly string[], names: readonly string[]): void {
  const taken = names.find(n => existing.includes(n));
  if (taken !== undefined) {
    throw new ValidationError(component, `keys[${q(taken)}]`, `is already set in container ${q(container)}; a container holds one variable of a name: give this one another name, or drop the container's own ${q(taken)}.`);
  }
}

/**
 * A pattern app's `envKeys`: for Secrets it gives as environment variables, the variables to set from
 * named keys (`env` + `keys`, one variable per key) instead of every key (`envFrom`, KSS-ENV-002). Each
 * Secret must be in the app's `env`; each map is checked as {@link checkSecretEnv} checks `keys`.
 * @internal
 */
export function checkEnvKeys(component: string, prop: string, value: unknown, env: readonly string[]): Record<string, Record<string, string>> {
  if (value === undefined) {
    return {};
  }
  const map = checkObject(component, prop, value, 'a map { secretName: { ENV_VAR: secretKey } }');
  const out: Record<string, Record<string, string>> = {};
  const setBy = new Map<string, string>();
  for (const [secret, keys] of Object.entries(map)) {
    const where = `${prop}[${q(secret)}]`;
    if (!env.includes(secret)) {
      throw new ValidationError(component, where, `is not in env (${env.map(e => q(e)).join(', ') || 'none'}); envKeys names the variables of a secret given as environment variables: add it to env, or mount it as files.`);
    }
    const entries = Object.entries(checkObject(component, where, keys, 'a map of environment variable name to Secret key, e.g. { DB_PASSWORD: "password" }'));
    if (entries.length === 0) {
      throw new ValidationError(component, where, 'is empty; name at least one variable, or remove the entry to give every key of the secret (envFrom).');
    }
    out[secret] = Object.fromEntries(entries.map(([envName, key]) => {
      if (!ENV_NAME.test(envName)) {
        throw new ValidationError(component, `${where}[${q(envName)}]`, 'is not a valid environment variable name (letters, digits, "_", "-", "."; not starting with a digit).');
      }
      // One container cannot hold two variables of one name: cdk8s-plus would keep the last silently,
      // and the API server's apply refuses duplicate env names.
      const other = setBy.get(envName);
      if (other !== undefined) {
        throw new ValidationError(component, `${where}[${q(envName)}]`, `is also set from secret ${q(other)}; each variable comes from one secret: rename one of them.`);
      }
      setBy.set(envName, secret);
      return [envName, checkSecretKey(component, `${where}[${q(envName)}]`, key)];
    }));
  }
  return out;
}

/**
 * Refuse a checked `envKeys` entry (see {@link checkEnvKeys}) that names a key its Secret will not have:
 * the kubelet would refuse to start the container (CreateContainerConfigError), long after synth.
 * `keysOf` gives the keys a Secret will have, or undefined when the pattern does not know them (e.g. a
 * whole-secret extract): such a Secret is not checked. `fix` ends the message's advice, after
 * "name one of them", in the pattern's words.
 * @internal
 */
export function checkEnvKeysKnown(
  component: string, prop: string, envKeys: Record<string, Record<string, string>>,
  keysOf: (secret: string) => readonly string[] | undefined, fix = '',
): Record<string, Record<string, string>> {
  for (const [secret, vars] of Object.entries(envKeys)) {
    const keys = keysOf(secret);
    if (keys === undefined) {
      continue;
    }
    for (const [envName, key] of Object.entries(vars)) {
      if (!keys.includes(key)) {
        throw new ValidationError(component, `${prop}[${q(secret)}][${q(envName)}]`, `${q(key)} is not a key of secret ${q(secret)} (its keys: ${keys.map(k => q(k)).join(', ') || 'none'}); name one of them${fix}.`);
      }
    }
  }
  return envKeys;
}

/**
 * A Secret name from a string or an object carrying one.
 * @internal
 */
export function checkConsumedSecretName(component: string, prop: string, name: unknown): string {
  return checkObjectName(component, prop, name, 'Secret name');
}
