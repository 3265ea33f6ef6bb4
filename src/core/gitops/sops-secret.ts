/**
 * The SOPS-encrypted Kubernetes Secret, assembled once for every front-end: the checks of its name,
 * values, labels, annotations, type and immutability, and of the encryption rule against the Secret's own
 * keys, then the plaintext Secret and the options to encrypt it with as the very last step.
 */
import { ValidationError, q } from '../errors';
import { KubeManifest, ManifestMetadata } from '../manifest';
import { checkAgeRecipient } from './age';
import { SopsEncryptOptions, SopsEncryptionRule, checkSopsCoverage, fromSopsTree, sopsEncrypt } from './sops';
import { checkNamespace, checkObjectName, checkSecretKey, checkStringMap } from '../validate/names';
import { checkBoolean, checkList, checkObject, checkSecretValue, checkText } from '../validate/values';

/** Options of {@link sopsSecretManifest}: the Secret and who can decrypt it. */
export interface SopsSecretOptions extends SopsEncryptionRule {
  /** The Secret's name. */
  readonly name: string;
  /**
   * The Secret's namespace.
   * @default - none: the namespace of whoever applies it
   */
  readonly namespace?: string;
  /**
   * The age recipients that can decrypt (the cluster's Flux key, plus a break-glass key): X25519
   * (`age1...`) or post-quantum hybrid (`age1pq1...`, which needs SOPS 3.12+ / Flux kustomize-controller v1.9+).
   */
  readonly ageRecipients: string[];
  /** The values, in plaintext; they are written only encrypted. */
  readonly stringData: Record<string, string>;
  /**
   * The Secret's type.
   * @default "Opaque"
   */
  readonly type?: string;
  /**
   * Labels (readable in the file, covered by the MAC).
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations (readable in the file, covered by the MAC).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Make the Secret immutable.
   * @default false
   */
  readonly immutable?: boolean;
  /**
   * The `lastmodified` time recorded (and authenticated with the MAC).
   * @default - now
   */
  readonly lastModified?: Date;
  /**
   * The component name used in error messages.
   * @default "SopsSecret"
   */
  readonly component?: string;
}

/**
 * A core `v1` Secret with plaintext `stringData`: only ever an input to encryption.
 * @internal
 */
export interface PlaintextSecretManifest extends KubeManifest {
  /** `v1`. */
  readonly apiVersion: 'v1';
  /** `Secret`. */
  readonly kind: 'Secret';
  /** The Secret's metadata. */
  readonly metadata: ManifestMetadata;
  /** The Secret type. */
  readonly type: string;
  /**
   * The plaintext values (cdk8s).
   * @default - none: the values are in `data`
   */
  readonly stringData?: Record<string, string>;
  /**
   * The values, base64-encoded (for writers that turn `stringData` into `data`, see
   * {@link sopsSecretForSortedWriter}).
   * @default - none: the values are in `stringData`
   */
  readonly data?: Record<string, string>;
  /**
   * Immutability.
   * @default - not set
   */
  readonly immutable?: boolean;
}

/**
 * The checked plaintext Secret and how to encrypt it.
 * @internal
 */
export interface SopsSecretPlan {
  /** The Secret in plaintext: encrypt it with `sopsEncrypt(secret, encryption)` as the last step; never write it as it is. */
  readonly secret: PlaintextSecretManifest;
  /** The encryption options: recipients, the rule, the component. */
  readonly encryption: SopsEncryptOptions;
}

/**
 * Check a SOPS Secret's options and assemble the plaintext Secret with its encryption options, for a
 * front-end that must encrypt as its own last step (cdk8s encrypts after sorting the keys, so that the
 * file written is exactly what the MAC covers). The rule is evaluated on the Secret's actual keys: one
 * that would leave a value under `stringData` unencrypted (`unencryptedSuffix: "Data"`,
 * `encryptedRegex: "^nothing$"`) is refused.
 * @internal
 */
export function sopsSecretPlan(options: SopsSecretOptions, field: 'stringData' | 'data' = 'stringData'): SopsSecretPlan {
  const component = (options as SopsSecretOptions | undefined)?.component ?? 'SopsSecret';
  checkObject(component, 'options', options, 'the SopsSecret options (an object)');
  const name = checkObjectName(component, 'name', options.name, 'Secret name');
  const namespace = options.namespace === undefined ? undefined : checkNamespace(component, 'namespace', options.namespace);
  if (options.ageRecipients !== undefined && !Array.isArray(options.ageRecipients)) {
    checkList(component, 'ageRecipients', options.ageRecipients, 'an age recipient (age1...)');
  }
  if (!Array.isArray(options.ageRecipients) || options.ageRecipients.length === 0) {
    throw new ValidationError(component, 'ageRecipients', 'is empty; give at least one age recipient (age1...): the cluster\'s Flux key, and a break-glass key kept offline.');
  }
  checkList(component, 'ageRecipients', options.ageRecipients, 'an age recipient (age1...)').forEach((r, i) => checkAgeRecipient(component, `ageRecipients[${i}]`, r));
  const given = options.stringData === undefined ? {} : checkObject(component, 'stringData', options.stringData, 'a map of Secret keys to the values to encrypt');
  const entries = Object.entries(given);
  if (entries.length === 0) {
    throw new ValidationError(component, 'stringData', 'is empty; give the values to encrypt.');
  }
  const stringData: Record<string, string> = {};
  for (const [key, value] of entries) {
    checkSecretKey(component, `stringData[${q(key)}]`, key);
    stringData[key] = checkSecretValue(component, `stringData[${q(key)}]`, value);
  }
  const labels = checkStringMap(component, 'labels', options.labels, 'label');
  const annotations = checkStringMap(component, 'annotations', options.annotations, 'annotation');
  const type = checkText(component, 'type', options.type ?? 'Opaque', 'give a Secret type such as "Opaque" or "kubernetes.io/tls"');
  const immutable = options.immutable === undefined ? undefined : checkBoolean(component, 'immutable', options.immutable, false);
  const encryption: SopsEncryptOptions = {
    ageRecipients: [...options.ageRecipients],
    ...(options.encryptedRegex !== undefined ? { encryptedRegex: options.encryptedRegex } : {}),
    ...(options.unencryptedRegex !== undefined ? { unencryptedRegex: options.unencryptedRegex } : {}),
    ...(options.encryptedSuffix !== undefined ? { encryptedSuffix: options.encryptedSuffix } : {}),
    ...(options.unencryptedSuffix !== undefined ? { unencryptedSuffix: options.unencryptedSuffix } : {}),
    ...(options.lastModified !== undefined ? { lastModified: options.lastModified } : {}),
    component,
  };
  // Fail at construction, not at synth: the rule, and every value it must encrypt.
  checkSopsCoverage(component, encryption, Object.keys(stringData).map(key => [field, key]));
  const values = field === 'stringData'
    ? { stringData }
    : { data: Object.fromEntries(Object.entries(stringData).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')])) };
  return {
    secret: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        ...(namespace !== undefined ? { namespace } : {}),
        ...(Object.keys(labels).length > 0 ? { labels } : {}),
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      type,
      ...values,
      ...(immutable !== undefined ? { immutable } : {}),
    },
    encryption,
  };
}

/** A SOPS-encrypted Kubernetes object: the object with `ENC[...]` values and its `sops` metadata last. */
export interface SopsEncryptedManifest extends KubeManifest {
  /** The SOPS metadata (recipients, MAC, rule, version). */
  readonly sops: Record<string, unknown>;
}

/**
 * Build a Kubernetes Secret encrypted with SOPS for age recipients: the values under `stringData` are
 * ciphertext, names, labels and the type stay readable, and the MAC covers every value in the order
 * written (keep it: nothing may reorder or rewrite the object afterwards). `sops --decrypt` (3.8+) and
 * Flux decrypt it.
 * @see https://fluxcd.io/flux/guides/mozilla-sops/
 */
export function sopsSecretManifest(options: SopsSecretOptions): SopsEncryptedManifest {
  const plan = sopsSecretPlan(options);
  return fromSopsTree(sopsEncrypt(plan.secret, plan.encryption)) as SopsEncryptedManifest;
}

/** A copy of a JSON value with every object's keys sorted (as Go's `encoding/json` writes a map). */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortedKeys);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map(k => [k, sortedKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/**
 * The SOPS-encrypted Secret for a writer that sorts keys and turns `stringData` into `data`: the Pulumi
 * Kubernetes provider. Its `Check` normalizes a v1 Secret's `stringData` into base64 `data` and drops
 * `stringData` (pulumi/pulumi-kubernetes `provider/pkg/clients/unstructured.go` `normalizeSecret`,
 * called from `normalizeInputs` in `provider/pkg/provider/provider.go`), which would turn `ENC[...]`
 * values into base64 of ciphertext under a path the MAC and the AAD do not cover; and
 * `renderYamlToDirectory` writes the object through Go's `encoding/json` (`renderYaml`), which sorts
 * every map's keys. So the values are put under `data`, base64-encoded before encryption (an `ENC[...]`
 * value is not valid base64, so `normalizeSecretData` leaves it as it is), and every key is sorted
 * before encryption, so that the MAC covers the values in the order the file is written.
 * @internal
 */
export function sopsSecretForSortedWriter(options: SopsSecretOptions): SopsEncryptedManifest {
  const plan = sopsSecretPlan(options, 'data');
  return fromSopsTree(sopsEncrypt(sortedKeys(plan.secret), plan.encryption)) as SopsEncryptedManifest;
}
