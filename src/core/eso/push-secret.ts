/**
 * ESO `PushSecret` (`external-secrets.io/v1alpha1`): copies keys of one named Kubernetes Secret into
 * provider secrets.
 */
import { ValidationError, q } from '../errors';
import { KubeManifest, objectMetadata } from '../manifest';
import { NamespacedMetadata, SecretStoreKind, StoreReference } from './common';
import { storeReferenceOf } from './external-secret';
import { checkGoDuration } from '../validate/duration';
import { checkNamespace, checkObjectName, checkSecretKey } from '../validate/names';
import { checkList, checkObject } from '../validate/values';

/** API version of PushSecret (v1alpha1 is the only one ESO serves). */
export const ESO_PUSH_SECRET_API_VERSION = 'external-secrets.io/v1alpha1';

/** One key pushed to the provider (`spec.data[]`). */
export interface PushSecretData {
  /**
   * The key of the source Secret to push.
   * @default - the whole Secret, as one JSON object
   */
  readonly secretKey?: string;
  /** The provider secret's name or path. */
  readonly remoteKey: string;
  /**
   * The property inside the provider secret.
   * @default - the whole provider secret
   */
  readonly property?: string;
}

/** Options of {@link pushSecretManifest}. */
export interface PushSecretOptions {
  /** The PushSecret's name. */
  readonly name: string;
  /** Its namespace (the source Secret's). */
  readonly namespace: string;
  /** The stores to push to, each by name (a label selector over stores is not offered). */
  readonly stores: StoreReference[];
  /** The Secret to push, by name (or a handle with `secretName`); never a selector over Secrets. */
  readonly secret: string | { readonly secretName: string; readonly secretNamespace?: string };
  /** The keys to push. */
  readonly data: PushSecretData[];
  /**
   * What happens to the provider secrets when the PushSecret is deleted: `Delete` removes them,
   * `None` leaves them. Required: there is no safe default for both directions.
   */
  readonly deletionPolicy: 'Delete' | 'None';
  /**
   * `Replace` overwrites a provider secret that exists; `IfNotExists` never overwrites.
   * @default "Replace"
   */
  readonly updatePolicy?: 'Replace' | 'IfNotExists';
  /**
   * How often to push again (a Go duration).
   * @default "1h"
   */
  readonly refreshInterval?: string;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** `spec.data[]` as written. */
export interface PushSecretDataSpec {
  /** What to push where. */
  readonly match: {
    /**
     * The source key.
     * @default - the whole Secret
     */
    readonly secretKey?: string;
    /** Where. */
    readonly remoteRef: {
      /** The provider secret. */
      readonly remoteKey: string;
      /**
       * Its property.
       * @default - none
       */
      readonly property?: string;
    };
  };
}

/** `spec` of a PushSecret as written. */
export interface PushSecretSpec {
  /** Interval. */
  readonly refreshInterval: string;
  /** Update policy. */
  readonly updatePolicy: 'Replace' | 'IfNotExists';
  /** Deletion policy. */
  readonly deletionPolicy: 'Delete' | 'None';
  /** Stores. */
  readonly secretStoreRefs: Array<{
    /** Name. */
    readonly name: string;
    /** Kind. */
    readonly kind: 'SecretStore' | 'ClusterSecretStore';
  }>;
  /** The named source Secret. */
  readonly selector: {
    /** The Secret. */
    readonly secret: {
      /** Its name. */
      readonly name: string;
    };
  };
  /** Keys. */
  readonly data: PushSecretDataSpec[];
}

/** A `PushSecret` manifest. */
export interface PushSecretManifest extends KubeManifest {
  /** `external-secrets.io/v1alpha1`. */
  readonly apiVersion: typeof ESO_PUSH_SECRET_API_VERSION;
  /** `PushSecret`. */
  readonly kind: 'PushSecret';
  /** Name and namespace. */
  readonly metadata: NamespacedMetadata;
  /** Stores, source, keys, policies. */
  readonly spec: PushSecretSpec;
}

/**
 * Build a `PushSecret` (fields as in external-secrets `apis/externalsecrets/v1alpha1/pushsecret_types.go`,
 * tag v2.9.0). The source is one Secret by name (`selector.secret.name`; `selector.secret.selector`
 * would push every Secret a label matches, and is not offered); each store by name (no store
 * `labelSelector`); `deletionPolicy` must be given; each provider location is written once.
 * @see https://external-secrets.io/latest/api/pushsecret/
 */
export function pushSecretManifest(raw: PushSecretOptions): PushSecretManifest {
  const component = 'PushSecret';
  const options = checkObject(component, 'options', raw, 'the PushSecret options { name, namespace, stores, secret, data, deletionPolicy }') as unknown as PushSecretOptions;
  const name = checkObjectName(component, 'name', options.name, 'PushSecret name');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const stores = checkList(component, 'stores', options.stores, 'stores (SecretStore, ClusterSecretStore or { name, kind })');
  if (stores.length === 0) {
    throw new ValidationError(component, 'stores', 'is empty; name the store(s) to push to.');
  }
  const secretStoreRefs = stores.map((s, i) => {
    const ref = storeReferenceOf(component, (s && typeof s === 'object' && 'storeRef' in s ? (s as { storeRef: StoreReference }).storeRef : s) as StoreReference);
    if (ref.kind === SecretStoreKind.SECRET_STORE && ref.namespace !== undefined && ref.namespace !== namespace) {
      throw new ValidationError(component, `stores[${i}]`, `SecretStore ${q(ref.name)} is in namespace ${q(ref.namespace)} but the PushSecret is in ${q(namespace)}; a SecretStore serves only its own namespace.`);
    }
    return { name: ref.name, kind: ref.kind as 'SecretStore' | 'ClusterSecretStore' };
  });
  const source = options.secret;
  let secretName: unknown = source;
  if (source !== null && typeof source === 'object') {
    if ('selector' in source || 'matchLabels' in source) {
      throw new ValidationError(component, 'secret', 'is a selector; a PushSecret here pushes exactly one Secret, named (a selector would push every Secret that matches, including ones created later). Give the Secret\'s name.');
    }
    secretName = source.secretName;
    if (source.secretNamespace !== undefined && source.secretNamespace !== namespace) {
      throw new ValidationError(component, 'secret', `${q(source.secretName)} is in namespace ${q(source.secretNamespace)} but the PushSecret is in ${q(namespace)}; ESO reads the Secret from the PushSecret's namespace.`);
    }
  }
  const secret = checkObjectName(component, 'secret', secretName, 'Secret name');
  if (options.deletionPolicy !== 'Delete' && options.deletionPolicy !== 'None') {
    throw new ValidationError(component, 'deletionPolicy', `${options.deletionPolicy === undefined ? 'is missing' : `${q(options.deletionPolicy)} is not valid`}; say what happens to the provider secrets when the PushSecret is deleted: "Delete" (remove them) or "None" (leave them).`);
  }
  const updatePolicy = options.updatePolicy ?? 'Replace';
  if (updatePolicy !== 'Replace' && updatePolicy !== 'IfNotExists') {
    throw new ValidationError(component, 'updatePolicy', `${q(updatePolicy)} is not valid; use "Replace" or "IfNotExists".`);
  }
  const entries = checkList(component, 'data', options.data, 'entries { secretKey?, remoteKey, property? }');
  if (entries.length === 0) {
    throw new ValidationError(component, 'data', 'is empty; list the keys to push.');
  }
  const seen = new Map<string, number>();
  const data = entries.map((e, i): PushSecretDataSpec => {
    const prop = `data[${i}]`;
    const d = checkObject(component, prop, e, 'an entry { secretKey?, remoteKey, property? }');
    const secretKey = d.secretKey === undefined ? undefined : checkSecretKey(component, `${prop}.secretKey`, d.secretKey);
    if (typeof d.remoteKey !== 'string' || d.remoteKey.trim() === '') {
      throw new ValidationError(component, `${prop}.remoteKey`, `${d.remoteKey === undefined ? 'is missing' : `${q(d.remoteKey)} is not valid`}; give the provider secret's name or path.`);
    }
    if (d.property !== undefined && (typeof d.property !== 'string' || d.property === '')) {
      throw new ValidationError(component, `${prop}.property`, `${q(d.property)} must be a non-empty string.`);
    }
    const where = `${d.remoteKey}\0${d.property ?? ''}`;
    if (seen.has(where)) {
      throw new ValidationError(component, `${prop}.remoteKey`, `${q(d.remoteKey)}${d.property !== undefined ? ` property ${q(d.property)}` : ''} is already written by data[${seen.get(where)}]; two keys pushed to one place overwrite each other.`);
    }
    seen.set(where, i);
    const remoteRef = { remoteKey: d.remoteKey, ...(d.property !== undefined ? { property: d.property as string } : {}) };
    return { match: { ...(secretKey !== undefined ? { secretKey } : {}), remoteRef } };
  });
  return {
    apiVersion: ESO_PUSH_SECRET_API_VERSION,
    kind: 'PushSecret',
    metadata: { ...objectMetadata(component, name, namespace, options.labels), namespace },
    spec: {
      refreshInterval: checkGoDuration(component, 'refreshInterval', options.refreshInterval ?? '1h'),
      updatePolicy,
      deletionPolicy: options.deletionPolicy,
      secretStoreRefs,
      selector: { secret: { name: secret } },
      data,
    },
  };
}
