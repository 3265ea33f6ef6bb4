/**
 * The one place where the library reaches past cdk8s-plus-27's public API, for what it offers no public
 * way to do. Each function states what it relies on; `test/constructs/cdk8s-plus-adapter.test.ts` is the
 * contract test that fails loudly when a cdk8s-plus release changes it.
 *
 * - `volumeFromConfig`: cdk8s-plus has factories for secret, configMap, emptyDir, CSI, ... volumes but
 *   none for a `projected` ServiceAccount-token volume (the Vault agent's token). Every factory calls the
 *   `Volume` constructor `(scope, id, name, config)`, which is private in the typings; `config` is the
 *   Kubernetes volume source, rendered next to `name` (`Volume._toKube()` returns `{ name, ...config }`).
 *   A JSON patch cannot do it instead: `add` to `.../volumes/-` needs the list to exist, and whether the
 *   workload has other volumes is only known at synth.
 */
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';

type VolumeConstructor = new (scope: Construct, id: string, name: string, config: Record<string, unknown>) => kplus.Volume;

/**
 * The arity of the private `kplus.Volume` constructor this adapter relies on.
 * @internal
 */
export const VOLUME_CONSTRUCTOR_ARITY = 4;

/**
 * A cdk8s-plus `Volume` with any Kubernetes volume source (e.g. `{ projected: { sources: [...] } }`).
 * @internal
 */
export function volumeFromConfig(scope: Construct, id: string, name: string, config: Record<string, unknown>): kplus.Volume {
  const ctor = kplus.Volume as unknown as VolumeConstructor;
  if (typeof ctor !== 'function' || ctor.length !== VOLUME_CONSTRUCTOR_ARITY) {
    throw new Error(`kube-secure-secrets: cdk8s-plus-27's Volume constructor changed (arity ${typeof ctor === 'function' ? ctor.length : 'none'}, expected ${VOLUME_CONSTRUCTOR_ARITY}); the cdk8s-plus adapter must be updated.`);
  }
  return new ctor(scope, id, name, config);
}
