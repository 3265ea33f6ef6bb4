/**
 * External Secrets Operator generators (`generators.external-secrets.io/v1alpha1`): objects that make a
 * value (a password, a registry token) instead of reading one, referenced from an ExternalSecret's
 * `dataFrom[].sourceRef.generatorRef`.
 */
import { ValidationError, q } from '../errors';
import { checkSecretGrantee, resolveServiceAccount, ServiceAccountReference } from '../identity/service-account-ref';
import { KubeManifest } from '../manifest';
import { NamespacedMetadata } from './common';
import { checkAwsRoleArn } from './providers/aws';
import { checkAwsRegion } from '../validate/arn';
import { checkNamespace, checkObjectName, checkSecretKey, checkStringMap } from '../validate/names';
import { checkBoolean, checkList, checkObject, optIn } from '../validate/values';

/** API version of the ESO generators. */
export const ESO_GENERATORS_API_VERSION = 'generators.external-secrets.io/v1alpha1';

/** The generator kinds this library builds, and `ClusterGenerator` (cluster-scoped, any kind). */
export type GeneratorKind = 'Password' | 'ECRAuthorizationToken' | 'ClusterGenerator';

/** A reference to a generator, as written into `dataFrom[].sourceRef.generatorRef`. */
export interface GeneratorReference {
  /** The generator's kind. */
  readonly kind: GeneratorKind;
  /** The generator's name. */
  readonly name: string;
  /**
   * The namespace of a namespaced generator (used to refuse an ExternalSecret in another namespace:
   * ESO resolves `generatorRef` in the ExternalSecret's own namespace).
   * @default - unknown
   */
  readonly namespace?: string;
}

/** `sourceRef.generatorRef` as written into a manifest. */
export interface GeneratorRefSpec {
  /** `generators.external-secrets.io/v1alpha1`. */
  readonly apiVersion: typeof ESO_GENERATORS_API_VERSION;
  /** The generator's kind. */
  readonly kind: GeneratorKind;
  /** The generator's name. */
  readonly name: string;
}

const GENERATOR_KINDS: readonly GeneratorKind[] = ['Password', 'ECRAuthorizationToken', 'ClusterGenerator'];

/**
 * Check a generator reference (a generator handle or `{ kind, name }`).
 * @internal
 */
export function checkGeneratorReference(component: string, prop: string, raw: unknown): GeneratorReference {
  const value = checkObject(component, prop, raw, 'a generator { kind, name } (a PasswordGenerator or EcrAuthorizationTokenGenerator)');
  const ref = (value.generatorRef !== undefined ? checkObject(component, prop, value.generatorRef, 'a generator reference { kind, name }') : value) as Record<string, unknown>;
  if (!GENERATOR_KINDS.includes(ref.kind as GeneratorKind)) {
    throw new ValidationError(component, `${prop}.kind`, `${q(ref.kind)} is not a generator kind this library writes; use "Password", "ECRAuthorizationToken" or "ClusterGenerator".`);
  }
  return {
    kind: ref.kind as GeneratorKind,
    name: checkObjectName(component, `${prop}.name`, ref.name, `${String(ref.kind)} name`),
    ...(ref.namespace !== undefined ? { namespace: checkNamespace(component, `${prop}.namespace`, ref.namespace) } : {}),
  };
}

/** Options of {@link passwordGeneratorManifest}. */
export interface PasswordGeneratorOptions {
  /** The generator's name. */
  readonly name: string;
  /** Its namespace (the namespace of the ExternalSecrets that use it). */
  readonly namespace: string;
  /**
   * Length of each password. At least 20 unless `allowShortPassword`.
   * @default 32
   */
  readonly length?: number;
  /**
   * Number of digits.
   * @default - a quarter of the length (ESO's default, written explicitly)
   */
  readonly digits?: number;
  /**
   * Number of symbols.
   * @default - a quarter of the length (ESO's default, written explicitly)
   */
  readonly symbols?: number;
  /**
   * The symbol characters to use (e.g. only those a database's connection string tolerates).
   * At least 8 distinct characters.
   * @default - ESO's set "~!@#$%^&*()_+`-={}|[]\:"<>?,./"
   */
  readonly symbolCharacters?: string;
  /**
   * Leave out upper-case letters (fewer bits per character).
   * @default false
   */
  readonly noUpper?: boolean;
  /**
   * Allow a character to repeat. With `false`, go-password draws without replacement, which lowers the
   * entropy and fails for more than 10 digits.
   * @default true
   */
  readonly allowRepeat?: boolean;
  /**
   * The keys of the generated Secret data, one password each.
   * @default ["password"]
   */
  readonly secretKeys?: string[];
  /**
   * Accept a length below 20 characters.
   * @default false
   */
  readonly allowShortPassword?: boolean;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** `spec` of a Password generator as written by the library. */
export interface PasswordGeneratorSpec {
  /** Length. */
  readonly length: number;
  /** Digits. */
  readonly digits: number;
  /** Symbols. */
  readonly symbols: number;
  /**
   * Symbol characters.
   * @default - ESO's set
   */
  readonly symbolCharacters?: string;
  /** No upper-case letters. */
  readonly noUpper: boolean;
  /** Repeated characters allowed. */
  readonly allowRepeat: boolean;
  /** Keys. */
  readonly secretKeys: string[];
  /** Always `raw`. */
  readonly encoding: 'raw';
}

/** A `Password` generator manifest. */
export interface PasswordGeneratorManifest extends KubeManifest {
  /** `generators.external-secrets.io/v1alpha1`. */
  readonly apiVersion: typeof ESO_GENERATORS_API_VERSION;
  /** `Password`. */
  readonly kind: 'Password';
  /** Name and namespace. */
  readonly metadata: NamespacedMetadata;
  /** The policy. */
  readonly spec: PasswordGeneratorSpec;
}

/** ESO's default symbol set (external-secrets `generators/v1/password/password.go`, `defaultSymbolChars`). */
const ESO_SYMBOLS = '~!@#$%^&*()_+`-={}|[]\\:"<>?,./';
const MIN_LENGTH = 20;

function count(component: string, prop: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new ValidationError(component, prop, `${q(value)} must be a whole number from 0 to ${max}.`);
  }
  return value;
}

/**
 * Build a `Password` generator with a strong policy: 32 characters by default (never fewer than 20
 * without `allowShortPassword`), upper and lower case, digits and symbols a quarter each, repeats allowed.
 * Refuses the inputs go-password (github.com/sethvargo/go-password `password/generate.go`, used by
 * external-secrets `generators/v1/password/password.go`) fails on at run time: digits and symbols longer
 * than the password, and, without repeats, more letters, digits or symbols than the alphabet has.
 * Reference it from an ExternalSecret `dataFrom: [{ generator }]` with `refreshPolicy: 'CreatedOnce'`
 * (a periodic refresh would replace the password at every interval).
 * @see https://external-secrets.io/latest/api/generator/password/
 */
export function passwordGeneratorManifest(raw: PasswordGeneratorOptions): PasswordGeneratorManifest {
  const component = 'PasswordGenerator';
  const options = checkObject(component, 'options', raw, 'the Password generator options { name, namespace, length?, ... }') as unknown as PasswordGeneratorOptions;
  const name = checkObjectName(component, 'name', options.name, 'Password generator name');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const allowShort = optIn(component, 'allowShortPassword', options.allowShortPassword);
  const length = count(component, 'length', options.length, 32, 256);
  if (length < MIN_LENGTH && !allowShort) {
    throw new ValidationError(component, 'length', `${length} is shorter than ${MIN_LENGTH} characters; a generated password costs nothing to make long. Use 32 (the default), or set allowShortPassword: true for a system that cannot take more.`);
  }
  if (length === 0) {
    throw new ValidationError(component, 'length', '0 is not a password length.');
  }
  const digits = count(component, 'digits', options.digits, Math.floor(length * 0.25), length);
  const symbols = count(component, 'symbols', options.symbols, Math.floor(length * 0.25), length);
  if (digits + symbols > length) {
    throw new ValidationError(component, 'symbols', `${symbols} symbols and ${digits} digits exceed the length ${length}; go-password would fail to generate (ErrExceedsTotalLength).`);
  }
  let symbolCharacters: string | undefined;
  if (options.symbolCharacters !== undefined) {
    if (typeof options.symbolCharacters !== 'string' || new Set(options.symbolCharacters).size < 8 || /[\sA-Za-z0-9]/.test(options.symbolCharacters)) {
      throw new ValidationError(component, 'symbolCharacters', `${q(options.symbolCharacters)} must be at least 8 distinct symbol characters (no letters, digits or spaces).`);
    }
    symbolCharacters = options.symbolCharacters;
  }
  const noUpper = checkBoolean(component, 'noUpper', options.noUpper, false);
  const allowRepeat = checkBoolean(component, 'allowRepeat', options.allowRepeat, true);
  if (!allowRepeat) {
    const letters = noUpper ? 26 : 52;
    const symbolSet = new Set(symbolCharacters ?? ESO_SYMBOLS).size;
    if (digits > 10 || symbols > symbolSet || length - digits - symbols > letters) {
      throw new ValidationError(component, 'allowRepeat', `is false, but ${digits > 10 ? `${digits} digits exceed the 10 available` : symbols > symbolSet ? `${symbols} symbols exceed the ${symbolSet} available` : `${length - digits - symbols} letters exceed the ${letters} available`} without repetition; go-password would fail. Leave allowRepeat at true (the default).`);
    }
  }
  const keys = options.secretKeys === undefined ? ['password'] : checkList(component, 'secretKeys', options.secretKeys, 'Secret keys')
    .map((k, i) => checkSecretKey(component, `secretKeys[${i}]`, k));
  if (keys.length === 0) {
    throw new ValidationError(component, 'secretKeys', 'is empty; leave it out for the single key "password", or name the keys.');
  }
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup !== undefined) {
    throw new ValidationError(component, 'secretKeys', `names ${q(dup)} twice; ESO refuses duplicate keys ("secretKeys must be non-empty and unique").`);
  }
  const labels = checkStringMap(component, 'labels', options.labels as Record<string, unknown> | undefined, 'label');
  return {
    apiVersion: ESO_GENERATORS_API_VERSION,
    kind: 'Password',
    metadata: { name, namespace, ...(Object.keys(labels).length > 0 ? { labels } : {}) },
    spec: {
      length,
      digits,
      symbols,
      ...(symbolCharacters !== undefined ? { symbolCharacters } : {}),
      noUpper,
      allowRepeat,
      secretKeys: keys,
      encoding: 'raw',
    },
  };
}

/** Options of {@link ecrAuthorizationTokenManifest}. */
export interface EcrAuthorizationTokenOptions {
  /** The generator's name. */
  readonly name: string;
  /** Its namespace (the namespace of the ExternalSecrets that use it and of the ServiceAccount). */
  readonly namespace: string;
  /** The ECR registry's region, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * The ServiceAccount whose token ESO exchanges for AWS credentials (IRSA: it carries
   * `eks.amazonaws.com/role-arn` of a role allowed `ecr:GetAuthorizationToken`; use a
   * SecureServiceAccount with an IrsaRole). Never `default` unless `allowDefaultServiceAccount`.
   */
  readonly serviceAccount: ServiceAccountReference;
  /**
   * Audiences of the ServiceAccount token ESO requests.
   * @default - ESO's default (sts.amazonaws.com)
   */
  readonly audiences?: string[];
  /**
   * An IAM role to assume after authenticating (cross-account registries).
   * @default - the ServiceAccount's own role
   */
  readonly role?: string;
  /**
   * Accept the namespace's `default` ServiceAccount.
   * @default false
   */
  readonly allowDefaultServiceAccount?: boolean;
  /**
   * Accept `kube-system`.
   * @default false
   */
  readonly allowKubeSystem?: boolean;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** `spec` of an ECRAuthorizationToken generator as written by the library. */
export interface EcrAuthorizationTokenSpec {
  /** The region. */
  readonly region: string;
  /**
   * The role to assume.
   * @default - none
   */
  readonly role?: string;
  /** IRSA: the ServiceAccount whose token ESO exchanges. */
  readonly auth: {
    /** JWT (ServiceAccount token) auth. */
    readonly jwt: {
      /** The ServiceAccount (in the generator's namespace). */
      readonly serviceAccountRef: {
        /** Its name. */
        readonly name: string;
        /**
         * Token audiences.
         * @default - ESO's default
         */
        readonly audiences?: string[];
      };
    };
  };
}

/** An `ECRAuthorizationToken` generator manifest. */
export interface EcrAuthorizationTokenManifest extends KubeManifest {
  /** `generators.external-secrets.io/v1alpha1`. */
  readonly apiVersion: typeof ESO_GENERATORS_API_VERSION;
  /** `ECRAuthorizationToken`. */
  readonly kind: 'ECRAuthorizationToken';
  /** Name and namespace. */
  readonly metadata: NamespacedMetadata;
  /** Region and IRSA auth. */
  readonly spec: EcrAuthorizationTokenSpec;
}

/**
 * Build an `ECRAuthorizationToken` generator authenticated with IRSA only (a ServiceAccount token, no
 * stored access key: `auth.secretRef` is not offered). Its output keys are `username`, `password`,
 * `proxy_endpoint` and `expires_at`; the token lasts 12 hours, so the ExternalSecret that uses it must
 * refresh periodically, more often than that (see `ExternalSecretRefresh.periodic`).
 * @see https://external-secrets.io/latest/api/generator/ecr/
 */
export function ecrAuthorizationTokenManifest(raw: EcrAuthorizationTokenOptions): EcrAuthorizationTokenManifest {
  const component = 'EcrAuthorizationTokenGenerator';
  const options = checkObject(component, 'options', raw, 'the ECR generator options { name, namespace, region, serviceAccount }') as unknown as EcrAuthorizationTokenOptions;
  const name = checkObjectName(component, 'name', options.name, 'ECRAuthorizationToken name');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  checkAwsRegion(component, 'region', options.region);
  const sa = resolveServiceAccount(component, 'serviceAccount', options.serviceAccount);
  if (sa === undefined) {
    throw new ValidationError(component, 'serviceAccount', 'is missing; give the IRSA ServiceAccount (a SecureServiceAccount with an IrsaRole allowed ecr:GetAuthorizationToken).');
  }
  if (sa.namespace !== undefined && sa.namespace !== namespace) {
    throw new ValidationError(component, 'serviceAccount', `${q(sa.name)} is in namespace ${q(sa.namespace)} but the generator is in ${q(namespace)}; ESO uses a ServiceAccount of the generator's own namespace.`);
  }
  checkSecretGrantee(component, { name: sa.name, prop: 'serviceAccount' }, { name: namespace, prop: 'namespace' }, options);
  const audiences = options.audiences === undefined ? undefined : checkList(component, 'audiences', options.audiences, 'token audiences')
    .map((a, i) => {
      if (typeof a !== 'string' || a.trim() === '') {
        throw new ValidationError(component, `audiences[${i}]`, `${q(a)} is not an audience.`);
      }
      return a;
    });
  if (audiences !== undefined && audiences.length === 0) {
    throw new ValidationError(component, 'audiences', 'is empty; leave it out for ESO\'s default audience.');
  }
  if (options.role !== undefined) {
    checkAwsRoleArn(component, options.role);
  }
  const labels = checkStringMap(component, 'labels', options.labels as Record<string, unknown> | undefined, 'label');
  return {
    apiVersion: ESO_GENERATORS_API_VERSION,
    kind: 'ECRAuthorizationToken',
    metadata: { name, namespace, ...(Object.keys(labels).length > 0 ? { labels } : {}) },
    spec: {
      region: options.region,
      ...(options.role !== undefined ? { role: options.role } : {}),
      auth: { jwt: { serviceAccountRef: { name: sa.name, ...(audiences ? { audiences: [...audiences] as string[] } : {}) } } },
    },
  };
}
