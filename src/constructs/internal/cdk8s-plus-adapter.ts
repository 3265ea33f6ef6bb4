/**
 * The one place where the library touches cdk8s-plus at run time: which cdk8s-plus module to use, and
 * what cdk8s-plus offers no public way to do. `test/constructs/cdk8s-plus-adapter.test.ts` is the contract
 * test that fails loudly when a cdk8s-plus release changes any of it.
 *
 * - Which module: the package depends on no cdk8s-plus major (all of cdk8s-plus-27 … -34 are optional
 *   peers). An object the library creates for a workload (a Secret volume, an env value) comes from the
 *   module the workload's class comes from (`instanceof` its `AbstractPod`); an object with no workload
 *   (the `secret` of an ExternalSecret, the base class of `SecureServiceAccount`) from the first installed
 *   of `CDK8S_PLUS_MODULES`. Objects of one major work with another's at run time: cdk8s-plus reads them
 *   only through public members (`name`, `asVolume()`, `envValue()`, `toSubjectConfiguration()`).
 * - `volumeFromConfig`: cdk8s-plus has factories for secret, configMap, emptyDir, CSI, ... volumes but
 *   none for a `projected` ServiceAccount-token volume (the Vault agent's token). Every factory calls the
 *   `Volume` constructor `(scope, id, name, config)`, which is private in the typings; `config` is the
 *   Kubernetes volume source, rendered next to `name` (`Volume._toKube()` returns `{ name, ...config }`).
 *   A JSON patch cannot do it instead: `add` to `.../volumes/-` needs the list to exist, and whether the
 *   workload has other volumes is only known at synth.
 */
import { Construct } from 'constructs';
import type {
  Cdk8sPlusEnvValue, Cdk8sPlusEnvValueFromSecretOptions, Cdk8sPlusSecret, Cdk8sPlusServiceAccountClass, Cdk8sPlusVolume, Cdk8sPlusWorkload,
} from '../cdk8s-plus-types';

/**
 * The cdk8s-plus majors the cdk8s front-end supports, in the order a default module is chosen.
 * @internal
 */
export const CDK8S_PLUS_MODULES: readonly string[] = [27, 28, 29, 30, 31, 32, 33, 34].map(major => `cdk8s-plus-${major}`);

/** Options of `Volume.fromSecret` as the library passes them. */
interface SecretVolumeOptions {
  readonly name?: string;
  readonly defaultMode?: number;
  readonly optional?: boolean;
  readonly items?: Record<string, { path: string }>;
}

/** Options of `Volume.fromCsi` as the library passes them. */
interface CsiVolumeOptions {
  readonly name?: string;
  readonly readOnly?: boolean;
  readonly attributes?: Record<string, string>;
}

/**
 * What the library uses of a cdk8s-plus module (the same in cdk8s-plus-27 … -34).
 * @internal
 */
export interface Cdk8sPlusModule {
  readonly AbstractPod: abstract new (...args: never[]) => object;
  readonly ServiceAccount: Cdk8sPlusServiceAccountClass;
  readonly Secret: { fromSecretName(scope: Construct, id: string, name: string): Cdk8sPlusSecret };
  readonly Volume: {
    fromSecret(scope: Construct, id: string, secret: Cdk8sPlusSecret, options?: SecretVolumeOptions): Cdk8sPlusVolume;
    fromCsi(scope: Construct, id: string, driver: string, options?: CsiVolumeOptions): Cdk8sPlusVolume;
  };
  readonly EnvValue: {
    fromSecretValue(value: { secret: Cdk8sPlusSecret; key: string }, options?: Cdk8sPlusEnvValueFromSecretOptions): Cdk8sPlusEnvValue;
  };
  readonly EnvFrom: new (configMap: undefined, prefix: string | undefined, secret: Cdk8sPlusSecret) => object;
}

const loaded = new Map<string, Cdk8sPlusModule | null>();

/** The named cdk8s-plus module, or null when it is not installed. */
function load(name: string): Cdk8sPlusModule | null {
  if (!loaded.has(name)) {
    let mod: Cdk8sPlusModule | null = null;
    try {
      // A run-time choice among optional peers: no static import of one major.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require(name) as Cdk8sPlusModule;
    } catch (e) {
      const missing = (e as { code?: string }).code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes(`'${name}'`);
      if (!missing) {
        throw e;
      }
    }
    loaded.set(name, mod);
  }
  return loaded.get(name)!;
}

/**
 * The cdk8s-plus module used for objects that belong to no workload: the first installed of
 * `CDK8S_PLUS_MODULES`.
 * @internal
 */
export function defaultCdk8sPlus(): Cdk8sPlusModule {
  for (const name of CDK8S_PLUS_MODULES) {
    const mod = load(name);
    if (mod) {
      return mod;
    }
  }
  throw new Error(`kube-secure-secrets: the cdk8s front-end needs one of ${CDK8S_PLUS_MODULES.join(', ')}; none is installed. Install the one matching your cluster, e.g. \`npm install cdk8s-plus-33\`.`);
}

/**
 * The cdk8s-plus module whose `AbstractPod` the object is an instance of, or undefined when it is not a
 * cdk8s-plus workload of any installed major. Modules already loaded are asked first.
 * @internal
 */
export function cdk8sPlusOfWorkload(workload: unknown): Cdk8sPlusModule | undefined {
  if (typeof workload !== 'object' || workload === null) {
    return undefined;
  }
  const isPod = (mod: Cdk8sPlusModule | null | undefined) => mod !== null && mod !== undefined && workload instanceof mod.AbstractPod;
  const known = [...loaded.values()].find(isPod);
  if (known) {
    return known;
  }
  for (const name of CDK8S_PLUS_MODULES) {
    const mod = load(name);
    if (isPod(mod)) {
      return mod!;
    }
  }
  return undefined;
}

/**
 * Whether the value is a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod) of
 * any installed major.
 * @internal
 */
export function isCdk8sPlusWorkload(value: unknown): value is Cdk8sPlusWorkload {
  return cdk8sPlusOfWorkload(value) !== undefined;
}

/**
 * The module of a workload already checked with `isCdk8sPlusWorkload`.
 * @internal
 */
export function moduleOf(workload: Cdk8sPlusWorkload): Cdk8sPlusModule {
  const mod = cdk8sPlusOfWorkload(workload);
  if (!mod) {
    throw new Error('kube-secure-secrets: not a cdk8s-plus workload of an installed cdk8s-plus major.');
  }
  return mod;
}

/**
 * The arity of the private `Volume` constructor this adapter relies on.
 * @internal
 */
export const VOLUME_CONSTRUCTOR_ARITY = 4;

type VolumeConstructor = new (scope: Construct, id: string, name: string, config: Record<string, unknown>) => Cdk8sPlusVolume;

/**
 * A cdk8s-plus `Volume` of the workload's own module with any Kubernetes volume source (e.g.
 * `{ projected: { sources: [...] } }`).
 * @internal
 */
export function volumeFromConfig<W extends Cdk8sPlusWorkload>(
  workload: W, scope: Construct, id: string, name: string, config: Record<string, unknown>,
): W['volumes'][number] {
  const ctor = moduleOf(workload).Volume as unknown as VolumeConstructor;
  if (typeof ctor !== 'function' || ctor.length !== VOLUME_CONSTRUCTOR_ARITY) {
    throw new Error(`kube-secure-secrets: cdk8s-plus's Volume constructor changed (arity ${typeof ctor === 'function' ? ctor.length : 'none'}, expected ${VOLUME_CONSTRUCTOR_ARITY}); the cdk8s-plus adapter must be updated.`);
  }
  return new ctor(scope, id, name, config);
}
