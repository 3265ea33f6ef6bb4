import { KeyObject, X509Certificate, constants, createCipheriv, publicEncrypt, randomBytes } from 'crypto';
import { ValidationError, q } from '../errors';
import { KubeManifest, ManifestMetadata } from '../manifest';
import { checkNamespace, checkObjectName, checkStringMap, checkSecretKey } from '../validate/names';
import { checkBoolean, checkObject, checkSecretValue, optIn } from '../validate/values';

/** API version of the SealedSecret custom resource. */
export const SEALED_SECRETS_API_VERSION = 'bitnami.com/v1alpha1';
/** Annotation that makes a SealedSecret namespace-wide (on its own metadata and its template's). */
export const SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/namespace-wide';
/** Annotation that makes a SealedSecret cluster-wide. */
export const SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/cluster-wide';

/** Where a sealed value may be unsealed: the RSA-OAEP label binds the ciphertext to it. */
export enum SealingScope {
  /** Only as a Secret with this exact name in this namespace (label `<namespace>/<name>`). The default. */
  STRICT = 'strict',
  /** As a Secret of any name in this namespace (label `<namespace>`). */
  NAMESPACE_WIDE = 'namespace-wide',
  /** Anywhere in the cluster (empty label). Anyone who can create a SealedSecret anywhere can unseal it. */
  CLUSTER_WIDE = 'cluster-wide',
}

/** Well-known Secret types. */
export enum SecretType {
  /** Arbitrary keys. */
  OPAQUE = 'Opaque',
  /** `tls.crt` and `tls.key`. */
  TLS = 'kubernetes.io/tls',
  /** `.dockerconfigjson`, an image pull Secret. */
  DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson',
  /** `username` and/or `password`. */
  BASIC_AUTH = 'kubernetes.io/basic-auth',
  /** `ssh-privatekey`. */
  SSH_AUTH = 'kubernetes.io/ssh-auth',
}

const REQUIRED_KEYS: Record<string, { all?: string[]; anyOf?: string[] }> = {
  [SecretType.TLS]: { all: ['tls.crt', 'tls.key'] },
  [SecretType.DOCKER_CONFIG_JSON]: { all: ['.dockerconfigjson'] },
  [SecretType.BASIC_AUTH]: { anyOf: ['username', 'password'] },
  [SecretType.SSH_AUTH]: { all: ['ssh-privatekey'] },
};

/** A sealed-secrets controller certificate, checked and ready to seal with. */
export interface SealingCertificate {
  /** The RSA public key. */
  readonly publicKey: KeyObject;
  /** The modulus size in bits. */
  readonly modulusBits: number;
  /** The end of the certificate's validity. */
  readonly validTo: Date;
  /** SHA-256 fingerprint of the certificate. */
  readonly fingerprint: string;
}

/** Options of {@link loadSealingCertificate}. */
export interface LoadSealingCertificateOptions {
  /**
   * Accept an expired certificate. The controller renews its key every 30 days but keeps old keys for
   * decryption, so sealing with an expired certificate still works; a stale certificate usually means the
   * wrong cluster, though.
   * @default false
   */
  readonly allowExpiredCertificate?: boolean;
  /**
   * The time to check validity against.
   * @default - now
   */
  readonly now?: Date;
  /**
   * The component name used in error messages.
   * @default "SealedSecret"
   */
  readonly component?: string;
}

/**
 * Read the controller's public certificate (`kubeseal --fetch-cert`, PEM) and check it: an X.509
 * certificate with an RSA key of at least 2048 bits, currently valid.
 */
export function loadSealingCertificate(pem: string, options: LoadSealingCertificateOptions = {}): SealingCertificate {
  const component = options.component ?? 'SealedSecret';
  const parsed = parsedCertificate(component, pem);
  const now = options.now ?? new Date();
  if (parsed.validTo.getTime() < now.getTime() && !optIn(component, 'allowExpiredCertificate', options.allowExpiredCertificate)) {
    throw new ValidationError(component, 'certificate', `expired on ${parsed.validTo.toISOString()}; fetch the current one with kubeseal --fetch-cert, or set allowExpiredCertificate: true if you know this key is still active.`);
  }
  if (parsed.validFrom.getTime() > now.getTime()) {
    throw new ValidationError(component, 'certificate', `is not valid before ${parsed.validFrom.toISOString()}; check the clock or the certificate.`);
  }
  // A copy: the caller gets its own Date (the public key is an immutable KeyObject).
  return { ...parsed.certificate, validTo: new Date(parsed.validTo) };
}

interface ParsedCertificate {
  readonly certificate: SealingCertificate;
  readonly validTo: Date;
  readonly validFrom: Date;
}

/**
 * Parsed certificates by PEM text: sealing many objects with one certificate parses it once, not once
 * per object (issue 18: parsing was most of the cost of sealing). Only certificates that passed the
 * checks are kept; bounded, oldest out first. The validity dates are checked on every call.
 */
const parsedCertificates = new Map<string, ParsedCertificate>();
const PARSED_CERTIFICATES_MAX = 32;

function parsedCertificate(component: string, pem: string): ParsedCertificate {
  const cached = typeof pem === 'string' ? parsedCertificates.get(pem) : undefined;
  if (cached) {
    return cached;
  }
  const block = typeof pem === 'string' ? /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0] : undefined;
  if (!block) {
    throw new ValidationError(component, 'certificate', 'is not a PEM certificate; pass the sealed-secrets controller certificate (kubeseal --fetch-cert > pub-cert.pem), not a key or a file name.');
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(block);
  } catch {
    throw new ValidationError(component, 'certificate', 'cannot be parsed as an X.509 certificate; fetch it again with kubeseal --fetch-cert.');
  }
  const key = cert.publicKey;
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ValidationError(component, 'certificate', `has a ${key.asymmetricKeyType ?? 'non-RSA'} public key; the sealed-secrets controller certificate carries an RSA key.`);
  }
  const modulusBits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (modulusBits < 2048) {
    throw new ValidationError(component, 'certificate', `has an RSA key of ${modulusBits} bits; at least 2048 are required (the controller generates 4096).`);
  }
  const validTo = new Date(cert.validTo);
  const parsed: ParsedCertificate = {
    certificate: { publicKey: key, modulusBits, validTo, fingerprint: cert.fingerprint256 },
    validTo,
    validFrom: new Date(cert.validFrom),
  };
  if (parsedCertificates.size >= PARSED_CERTIFICATES_MAX) {
    parsedCertificates.delete(parsedCertificates.keys().next().value as string);
  }
  parsedCertificates.set(pem, parsed);
  return parsed;
}

/**
 * The RSA-OAEP label for a scope: `<namespace>/<name>` (strict), `<namespace>` (namespace-wide), empty
 * (cluster-wide), exactly as the controller computes it.
 */
export function sealingLabel(scope: SealingScope, namespace: string | undefined, name: string | undefined, component = 'SealedSecret'): Buffer {
  switch (scope) {
    case SealingScope.CLUSTER_WIDE:
      return Buffer.alloc(0);
    case SealingScope.NAMESPACE_WIDE:
      if (!namespace) {
        throw new ValidationError(component, 'namespace', 'is missing; a namespace-wide SealedSecret is bound to its namespace, so the namespace must be known when sealing.');
      }
      return Buffer.from(namespace, 'utf8');
    case SealingScope.STRICT:
      if (!namespace || !name) {
        throw new ValidationError(component, namespace ? 'name' : 'namespace', 'is missing; a strict SealedSecret is bound to its name and namespace, so both must be known when sealing.');
      }
      return Buffer.from(`${namespace}/${name}`, 'utf8');
    default:
      throw new ValidationError(component, 'scope', `${q(scope)} is not a sealing scope; use SealingScope.STRICT, NAMESPACE_WIDE or CLUSTER_WIDE.`);
  }
}

/**
 * Seal one value as the sealed-secrets controller expects: a random 32-byte AES-256-GCM session key
 * encrypted with RSA-OAEP (SHA-256, MGF1 SHA-256) and the scope label, then `uint16 BE length of the RSA
 * ciphertext || RSA ciphertext || AES-GCM ciphertext and tag` (12-byte zero nonce, no AAD), base64.
 * Every call gives a different ciphertext.
 */
export function sealValue(certificate: SealingCertificate, label: Buffer, plaintext: Buffer): string {
  const sessionKey = randomBytes(32);
  try {
    const rsa = publicEncrypt({ key: certificate.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label }, sessionKey);
    const cipher = createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(rsa.length, 0);
    return Buffer.concat([length, rsa, body]).toString('base64');
  } finally {
    sessionKey.fill(0);
  }
}

/**
 * Check that a value has the shape of a sealed value (not plaintext pasted into encryptedData).
 * @internal
 */
export function checkSealedValue(component: string, prop: string, value: unknown): string {
  if (!looksSealed(value)) {
    throw new ValidationError(component, prop, 'is not a sealed value (base64 of a 2-byte length, an RSA ciphertext of 256 to 512 bytes and an AES-GCM ciphertext); seal it with kube-secure-secrets seal or kubeseal, or pass the plaintext in stringData. The value is not echoed.');
  }
  return value as string;
}

/**
 * Whether a value has the shape of a sealed value: standard base64 of a 2-byte big-endian length, an RSA
 * ciphertext of 2048, 3072 or 4096 bits and at least an AES-GCM tag.
 * @internal
 */
export function looksSealed(value: unknown): boolean {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) {
    return false;
  }
  const bytes = Buffer.from(value, 'base64');
  const rsaLength = bytes.length >= 2 ? bytes.readUInt16BE(0) : 0;
  return [256, 384, 512].includes(rsaLength) && bytes.length >= 2 + rsaLength + 16;
}

/** Options of the pure builder behind both `SealedSecret` front-ends. */
export interface SealedSecretOptions {
  /** The name of the SealedSecret and of the Secret it unseals to. */
  readonly name: string;
  /**
   * The namespace (required for strict and namespace-wide scopes).
   * @default - none (cluster-wide scope only)
   */
  readonly namespace?: string;
  /**
   * The sealing scope.
   * @default SealingScope.STRICT
   */
  readonly scope?: SealingScope;
  /**
   * Values sealed earlier (with `kube-secure-secrets seal` or kubeseal), passed through unchanged: the
   * normal GitOps path, with no churn in the output.
   * @default - none
   */
  readonly encryptedData?: Record<string, string>;
  /**
   * Plaintext values to seal now. Each synthesis gives new ciphertext (random session keys), so the
   * committed YAML changes every time; prefer `encryptedData` for committed output.
   * @default - none
   */
  readonly stringData?: Record<string, string>;
  /**
   * The controller's certificate (PEM); required with `stringData`.
   * @default - none
   */
  readonly certificate?: string;
  /**
   * Accept an expired certificate. Only the boolean `true` turns it on.
   * @default false
   */
  readonly allowExpiredCertificate?: boolean;
  /**
   * The type of the unsealed Secret (see `SecretType`).
   * @default "Opaque"
   */
  readonly type?: string;
  /**
   * Labels of the unsealed Secret (also written on the SealedSecret itself, see {@link sealedSecretManifest}).
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations of the unsealed Secret (also written on the SealedSecret itself).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Make the unsealed Secret immutable.
   * @default false
   */
  readonly immutable?: boolean;
  /**
   * Accept a SealedSecret without any value (`kubeseal --allow-empty-data`). Only the boolean `true`
   * turns it on.
   * @default false
   */
  readonly allowEmptyData?: boolean;
  /**
   * The component name used in error messages.
   * @default "SealedSecret"
   */
  readonly component?: string;
}

/** The `spec.template` of a SealedSecret: what the unsealed Secret looks like besides its data. */
export interface SealedSecretTemplate {
  /** The unsealed Secret's metadata (the same as the SealedSecret's own). */
  readonly metadata: ManifestMetadata;
  /** The unsealed Secret's type. */
  readonly type: string;
  /**
   * Whether the unsealed Secret is immutable.
   * @default - not set (mutable)
   */
  readonly immutable?: boolean;
}

/** The `spec` of a SealedSecret. */
export interface SealedSecretSpec {
  /** The sealed values by key, sorted. */
  readonly encryptedData: Record<string, string>;
  /** The template of the unsealed Secret. */
  readonly template: SealedSecretTemplate;
}

/** A `bitnami.com/v1alpha1` SealedSecret as {@link sealedSecretManifest} builds it. */
export interface SealedSecretManifest extends KubeManifest {
  /** `bitnami.com/v1alpha1`. */
  readonly apiVersion: typeof SEALED_SECRETS_API_VERSION;
  /** `SealedSecret`. */
  readonly kind: 'SealedSecret';
  /** The spec. */
  readonly spec: SealedSecretSpec;
}

/**
 * Build a `bitnami.com/v1alpha1` SealedSecret: values passed through (`encryptedData`) or sealed now
 * (`stringData`) with the controller certificate, the template's type, labels, annotations and
 * immutability.
 *
 * The SealedSecret's own `metadata` is exactly its `spec.template.metadata` (name, namespace, labels,
 * annotations, scope annotations): sealed-secrets v0.36 `kubeseal --re-encrypt` (the controller's
 * `Rotate`, bitnami-labs/sealed-secrets `pkg/controller/controller.go`, #1885/#1886) compares the two with
 * `reflect.DeepEqual` and, when they differ, replaces the template's metadata with the SealedSecret's
 * own, which would drop every label and annotation that was only in the template. The scope annotations
 * must be on the SealedSecret's own metadata anyway: the controller computes the label from it
 * (`labelFor(smeta)` in `pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go`).
 * @see https://github.com/bitnami-labs/sealed-secrets
 */
export function sealedSecretManifest(options: SealedSecretOptions): SealedSecretManifest {
  const component = (options as SealedSecretOptions | undefined)?.component ?? 'SealedSecret';
  checkObject(component, 'options', options, 'the SealedSecret options (an object)');
  const scope = options.scope ?? SealingScope.STRICT;
  if (!Object.values(SealingScope).includes(scope)) {
    throw new ValidationError(component, 'scope', `${q(scope)} is not a sealing scope; use SealingScope.STRICT, NAMESPACE_WIDE or CLUSTER_WIDE.`);
  }
  const name = checkObjectName(component, 'name', options.name, 'SealedSecret name');
  const namespace = options.namespace === undefined ? undefined : checkNamespace(component, 'namespace', options.namespace);
  const label = sealingLabel(scope, namespace, name, component);
  const allowExpiredCertificate = optIn(component, 'allowExpiredCertificate', options.allowExpiredCertificate);

  const encryptedData: Record<string, string> = {};
  const given = options.encryptedData === undefined ? {} : checkObject(component, 'encryptedData', options.encryptedData, 'a map of Secret keys to sealed values');
  for (const [key, value] of Object.entries(given)) {
    checkSecretKey(component, `encryptedData[${q(key)}]`, key);
    encryptedData[key] = checkSealedValue(component, `encryptedData[${q(key)}]`, value);
  }
  const plainData = options.stringData === undefined ? {} : checkObject(component, 'stringData', options.stringData, 'a map of Secret keys to the values to seal');
  const plain = Object.entries(plainData);
  if (plain.length > 0) {
    for (const [key, value] of plain) {
      checkSecretKey(component, `stringData[${q(key)}]`, key);
      if (key in encryptedData) {
        throw new ValidationError(component, `stringData[${q(key)}]`, 'is also in encryptedData; give each key once.');
      }
      checkSecretValue(component, `stringData[${q(key)}]`, value);
    }
    if (options.certificate === undefined) {
      throw new ValidationError(component, 'certificate', 'is missing; stringData is sealed with the controller certificate (kubeseal --fetch-cert > pub-cert.pem).');
    }
    const cert = loadSealingCertificate(options.certificate, { allowExpiredCertificate, component });
    for (const [key, value] of plain) {
      encryptedData[key] = sealValue(cert, label, Buffer.from(value as string, 'utf8'));
    }
  }
  const keys = Object.keys(encryptedData).sort();
  if (keys.length === 0 && !optIn(component, 'allowEmptyData', options.allowEmptyData)) {
    throw new ValidationError(component, 'encryptedData', 'and stringData are both empty; give the sealed values (encryptedData) or the values to seal (stringData).');
  }

  const type = options.type ?? SecretType.OPAQUE;
  if (typeof type !== 'string' || type === '') {
    throw new ValidationError(component, 'type', `${q(type)} is not a Secret type.`);
  }
  const required = REQUIRED_KEYS[type];
  if (required?.all) {
    const missing = required.all.filter(k => !keys.includes(k));
    if (missing.length > 0) {
      throw new ValidationError(component, 'type', `${q(type)} requires the keys ${required.all.map(k => q(k)).join(', ')}; missing ${missing.map(k => q(k)).join(', ')}.`);
    }
  }
  if (required?.anyOf && !required.anyOf.some(k => keys.includes(k))) {
    throw new ValidationError(component, 'type', `${q(type)} requires at least one of the keys ${required.anyOf.map(k => q(k)).join(', ')}.`);
  }
  const immutable = checkBoolean(component, 'immutable', options.immutable, false);

  const scopeAnnotations: Record<string, string> = scope === SealingScope.NAMESPACE_WIDE
    ? { [SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION]: 'true' }
    : scope === SealingScope.CLUSTER_WIDE ? { [SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION]: 'true' } : {};
  const labels = checkStringMap(component, 'labels', options.labels, 'label');
  const annotations = checkStringMap(component, 'annotations', options.annotations, 'annotation');
  for (const key of [SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION, SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION]) {
    if (key in annotations && annotations[key] !== scopeAnnotations[key]) {
      throw new ValidationError(component, `annotations[${q(key)}]`, `contradicts scope ${q(scope)}; the scope decides the label the values are sealed with, so set scope instead of this annotation.`);
    }
  }
  const allAnnotations = { ...annotations, ...scopeAnnotations };
  // One metadata, written twice (as separate objects): on the SealedSecret and as its template's.
  const metadata = (): ManifestMetadata => ({
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(Object.keys(labels).length > 0 ? { labels: { ...labels } } : {}),
    ...(Object.keys(allAnnotations).length > 0 ? { annotations: { ...allAnnotations } } : {}),
  });
  return {
    apiVersion: SEALED_SECRETS_API_VERSION,
    kind: 'SealedSecret',
    metadata: metadata(),
    spec: {
      encryptedData: Object.fromEntries(keys.map(k => [k, encryptedData[k]])),
      template: {
        metadata: metadata(),
        type,
        ...(options.immutable !== undefined ? { immutable } : {}),
      },
    },
  };
}
