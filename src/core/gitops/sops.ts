import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'crypto';
import { ageDecrypt, ageEncryptMany, checkAgeIdentity, checkAgeRecipient } from './age';
import { isCoreSecretKind } from './kinds';
import { ValidationError, q } from '../errors';
import { compileGoRegex } from '../validate/re2';
import { checkList, checkObject } from '../validate/values';

/** The SOPS version whose file layout the library writes (readable by sops 3.8 and later, and Flux). */
export const SOPS_VERSION = '3.9.0';
/** The rule that encrypts only the values of a Kubernetes Secret. */
export const SOPS_KUBERNETES_ENCRYPTED_REGEX = '^(data|stringData)$';

/** A YAML scalar as SOPS types it. */
export type SopsScalar = string | number | boolean | null;
/** A document tree; maps are `Map`s so that key order is exactly the file's. */
export type SopsTree = SopsScalar | SopsTree[] | Map<string, SopsTree>;

/** Which values SOPS encrypts: at most one of the four rules. */
export interface SopsEncryptionRule {
  /**
   * Encrypt the values under keys matching this regular expression.
   * @default "^(data|stringData)$" when no rule is given
   */
  readonly encryptedRegex?: string;
  /**
   * Encrypt everything except values under keys matching this regular expression.
   * @default - unused
   */
  readonly unencryptedRegex?: string;
  /**
   * Encrypt only values under keys ending with this suffix.
   * @default - unused
   */
  readonly encryptedSuffix?: string;
  /**
   * Encrypt everything except values under keys ending with this suffix (the sops default, `_unencrypted`).
   * @default - unused
   */
  readonly unencryptedSuffix?: string;
}

/** Options of {@link sopsEncrypt}. */
export interface SopsEncryptOptions extends SopsEncryptionRule {
  /**
   * The age recipients that can decrypt, each of which gets the data key: X25519 (`age1...`) or
   * post-quantum hybrid (`age1pq1...`, read by SOPS 3.12+ and Flux kustomize-controller v1.9+).
   */
  readonly ageRecipients: string[];
  /**
   * The `lastmodified` time recorded (and authenticated with the MAC).
   * @default - now
   */
  readonly lastModified?: Date;
  /**
   * The component name used in error messages.
   * @default "sopsEncrypt"
   */
  readonly component?: string;
}

/** Options of {@link sopsDecrypt}. */
export interface SopsDecryptOptions {
  /** age identities (`AGE-SECRET-KEY-1...`); any one that matches a recipient of the file will do. */
  readonly ageIdentities: string[];
}

/** The result of {@link sopsDecrypt}. */
export interface SopsDecryptResult {
  /** The decrypted document, without the `sops` metadata, in file order. */
  readonly document: SopsTree;
  /** The MAC, verified against the decrypted values (upper-case hex SHA-512). */
  readonly mac: string;
}

const ENC = /^ENC\[AES256_GCM,data:([A-Za-z0-9+/=]*),iv:([A-Za-z0-9+/=]+),tag:([A-Za-z0-9+/=]+),type:(str|int|float|bool|comment|bytes)\]$/;

/** Convert a plain JSON-like value into a tree with `Map`s (keeping the object's key order). */
export function toSopsTree(value: unknown): SopsTree {
  if (value instanceof Map) {
    return new Map([...value.entries()].map(([k, v]) => [String(k), toSopsTree(v)]));
  }
  if (Array.isArray(value)) {
    return value.map(toSopsTree);
  }
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toSopsTree(v)]));
  }
  if (value === undefined) {
    return null;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return value;
  }
  throw new ValidationError('sops', 'document', `contains a ${typeof value}, which YAML cannot hold.`);
}

/**
 * Convert a tree back into plain objects. Refuses maps whose keys JavaScript would reorder (integer-like
 * keys such as "10" move to the front of an object), since SOPS authenticates values in file order.
 */
export function fromSopsTree(tree: SopsTree, path = ''): unknown {
  if (tree instanceof Map) {
    const out: Record<string, unknown> = {};
    const keys = [...tree.keys()];
    if (keys.join('\u0000') !== Object.keys(Object.fromEntries(keys.map(k => [k, 0]))).join('\u0000')) {
      throw new ValidationError('sops', path || 'document', `has keys JavaScript would reorder (${keys.filter(k => /^(0|[1-9]\d*)$/.test(k)).map(k => q(k)).join(', ')}); the SOPS MAC depends on key order, so such a map cannot be handled as an object.`);
    }
    for (const [k, v] of tree) {
      out[k] = fromSopsTree(v, `${path}${k}.`);
    }
    return out;
  }
  if (Array.isArray(tree)) {
    return tree.map((v, i) => fromSopsTree(v, `${path}${i}.`));
  }
  return tree;
}

/** The bytes SOPS feeds to the MAC (and encrypts) for a scalar: Go's formatting of the value. */
function scalarBytes(value: Exclude<SopsScalar, null>, where: string): { bytes: Buffer; type: 'str' | 'int' | 'float' | 'bool' } {
  if (typeof value === 'string') {
    return { bytes: Buffer.from(value, 'utf8'), type: 'str' };
  }
  if (typeof value === 'boolean') {
    return { bytes: Buffer.from(value ? 'True' : 'False'), type: 'bool' };
  }
  if (Number.isInteger(value)) {
    return { bytes: Buffer.from(BigInt(value).toString()), type: 'int' };
  }
  const text = String(value);
  if (!Number.isFinite(value) || /e/i.test(text)) {
    throw new ValidationError('sops', where, `holds a number that SOPS cannot round-trip here (${Number.isFinite(value) ? 'written with an exponent' : 'not finite'}; the value is not echoed); quote it as a string.`);
  }
  return { bytes: Buffer.from(text), type: 'float' };
}

function parseScalar(text: string, type: string, where: string): SopsScalar {
  switch (type) {
    case 'str':
    case 'comment':
      return text;
    case 'int':
      return Number.parseInt(text, 10);
    case 'float':
      return Number.parseFloat(text);
    case 'bool':
      return text.toLowerCase() === 'true';
    default:
      throw new ValidationError('sops', where, `has value type ${q(type)}, which this library does not decrypt.`);
  }
}

/**
 * Encrypt one value with the data key, as `ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]`.
 * @internal
 */
export function encryptSopsValue(value: Exclude<SopsScalar, null>, dataKey: Buffer, aad: string, where = 'value', forceType?: 'str' | 'comment'): string {
  if (value === '') {
    return '';
  }
  const { bytes, type } = scalarBytes(value, where);
  const iv = randomBytes(32);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(bytes), cipher.final()]);
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${cipher.getAuthTag().toString('base64')},type:${forceType ?? type}]`;
}

/**
 * Decrypt one `ENC[...]` value with the data key; refuses a wrong key, a wrong path (AAD) or tampering.
 * @internal
 */
export function decryptSopsValue(value: string, dataKey: Buffer, aad: string, where = 'value'): SopsScalar {
  const m = ENC.exec(value);
  if (!m) {
    throw new ValidationError('sops', where, 'is not an ENC[AES256_GCM,...] value.');
  }
  const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(m[2], 'base64'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(m[3], 'base64'));
  let plaintext: Buffer;
  try {
    plaintext = Buffer.concat([decipher.update(Buffer.from(m[1], 'base64')), decipher.final()]);
  } catch {
    throw new ValidationError('sops', where, 'does not decrypt with this data key and path: the file was tampered with, or the value was moved.');
  }
  return parseScalar(plaintext.toString('utf8'), m[4], where);
}

interface RuleMatcher {
  /** The key in the sops metadata, e.g. `encrypted_regex`. */
  readonly name: string;
  /** The option, e.g. `encryptedRegex`. */
  readonly kind: keyof SopsEncryptionRule;
  readonly value: string;
  readonly encrypts: (path: string[]) => boolean;
}

/**
 * Whether the default rule, {@link SOPS_KUBERNETES_ENCRYPTED_REGEX} (`^(data|stringData)$`), finds a key,
 * without a regex engine: Go's RE2 without flags matches `^` and `$` only at the ends of the text, so it
 * finds a key exactly when the key is `data` or `stringData`. Most documents use the default; this
 * spares them loading and running re2js (issue 18). test/core/gitops/sops.test.ts pins it to re2js.
 * @internal
 */
export function defaultRuleFinds(key: string): boolean {
  return key === 'data' || key === 'stringData';
}

function ruleOf(component: string, rule: SopsEncryptionRule): RuleMatcher {
  const given = (['encryptedRegex', 'unencryptedRegex', 'encryptedSuffix', 'unencryptedSuffix'] as const).filter(k => rule[k] !== undefined);
  if (given.length > 1) {
    throw new ValidationError(component, given[1], `is set together with ${given[0]}; SOPS allows at most one of encryptedRegex, unencryptedRegex, encryptedSuffix and unencryptedSuffix.`);
  }
  const kind = given[0] ?? 'encryptedRegex';
  const value = rule[kind] ?? SOPS_KUBERNETES_ENCRYPTED_REGEX;
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(component, kind, `${q(value)} must be a non-empty string.`);
  }
  // sops compiles the rule with Go's regexp and tests each key on the path with regexp.Match, which is
  // unanchored (getsops/sops v3.13 sops.go shouldBeEncrypted): the same semantics as GoRegex.find.
  const compile = () => compileGoRegex(component, kind, value, 'a Go (RE2) regular expression, as sops compiles it');
  switch (kind) {
    case 'encryptedRegex': {
      if (value === SOPS_KUBERNETES_ENCRYPTED_REGEX) {
        return { name: 'encrypted_regex', kind, value, encrypts: path => path.some(defaultRuleFinds) };
      }
      const re = compile();
      return { name: 'encrypted_regex', kind, value, encrypts: path => path.some(k => re.find(k)) };
    }
    case 'unencryptedRegex': {
      const re = compile();
      return { name: 'unencrypted_regex', kind, value, encrypts: path => !path.some(k => re.find(k)) };
    }
    case 'encryptedSuffix':
      return { name: 'encrypted_suffix', kind, value, encrypts: path => path.some(k => k.endsWith(value)) };
    default:
      return { name: 'unencrypted_suffix', kind, value, encrypts: path => !path.some(k => k.endsWith(value)) };
  }
}

/**
 * Check an encryption rule (at most one of the four, a valid Go regular expression).
 * @internal
 */
export function checkSopsRule(component: string, rule: SopsEncryptionRule): void {
  ruleOf(component, rule);
}

function leftInPlaintext(component: string, rule: RuleMatcher, path: string[]): ValidationError {
  const where = path.length === 2 && (path[0] === 'data' || path[0] === 'stringData') ? `${path[0]}[${q(path[1])}]` : path.join('.');
  return new ValidationError(component, rule.kind, `${q(rule.value)} would leave ${where} unencrypted: sops applies the rule to each key of the path (${path.map(k => q(k)).join(', ')}) and would write this value in plaintext. `
    + `Keep the default (encryptedRegex ${q(SOPS_KUBERNETES_ENCRYPTED_REGEX)}) or give a rule that encrypts every value under data and stringData.`);
}

/**
 * Refuse a rule under which sops would leave any of the given values in plaintext, decided by evaluating
 * the rule (with sops' semantics) on the actual path of each value, e.g. `["stringData", "password"]`.
 * @internal
 */
export function checkSopsCoverage(component: string, rule: SopsEncryptionRule, paths: readonly string[][]): void {
  const matcher = ruleOf(component, rule);
  for (const path of paths) {
    if (!matcher.encrypts(path)) {
      throw leftInPlaintext(component, matcher, path);
    }
  }
}

/** Walk every scalar in document order with its path of map keys (list indices are not part of it). */
function mapLeaves(tree: SopsTree, path: string[], fn: (value: SopsScalar, path: string[]) => SopsTree): SopsTree {
  if (tree instanceof Map) {
    return new Map([...tree.entries()].map(([k, v]) => [k, mapLeaves(v, [...path, k], fn)]));
  }
  if (Array.isArray(tree)) {
    return tree.map(v => mapLeaves(v, path, fn));
  }
  return fn(tree, path);
}

function lastModifiedString(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Encrypt a document (a Kubernetes Secret or any YAML document) in the SOPS format for age recipients:
 * AES-256-GCM for each selected value with the path as additional data, a SHA-512 MAC over every value in
 * document order, and a `sops` block in the sops 3.9 layout, so that `sops --decrypt` (3.8+) and Flux
 * decrypt it. Values under `data` and `stringData` only, by default. Key order is kept: whatever writes
 * the result must not reorder keys, or the MAC no longer verifies.
 *
 * @returns the encrypted document, with `sops` as its last key
 * @see https://github.com/getsops/sops
 */
export function sopsEncrypt(document: unknown, options: SopsEncryptOptions): SopsTree {
  const component = (options as SopsEncryptOptions | undefined)?.component ?? 'sopsEncrypt';
  checkObject(component, 'options', options, 'the encryption options ({ ageRecipients, ... })');
  const tree = toSopsTree(document);
  if (!(tree instanceof Map)) {
    throw new ValidationError(component, 'document', 'must be a map (a YAML object at the top).');
  }
  if (tree.has('sops')) {
    throw new ValidationError(component, 'document', 'already has a sops key; it is encrypted already (decrypt it first to re-encrypt).');
  }
  if (options.ageRecipients !== undefined && !Array.isArray(options.ageRecipients)) {
    checkList(component, 'ageRecipients', options.ageRecipients, 'an age recipient (age1...)');
  }
  if (!Array.isArray(options.ageRecipients) || options.ageRecipients.length === 0) {
    throw new ValidationError(component, 'ageRecipients', 'is empty; give at least one age recipient (age1...) that can decrypt, typically the cluster\'s (Flux) key and a break-glass key.');
  }
  checkList(component, 'ageRecipients', options.ageRecipients, 'an age recipient (age1...)');
  const recipients = [...new Set(options.ageRecipients.map((r, i) => checkAgeRecipient(component, `ageRecipients[${i}]`, r)))];
  const rule = ruleOf(component, options);
  const lastModified = lastModifiedString(options.lastModified ?? new Date());

  // A Kubernetes Secret's values must all be encrypted: a rule that leaves one in plaintext is refused,
  // whatever wrote the document (nothing plaintext slips through).
  const secret = isCoreSecretKind(tree.get('apiVersion'), tree.get('kind'));
  mapLeaves(tree, [], (value, path) => {
    if (secret && value !== null && value !== '' && (path[0] === 'data' || path[0] === 'stringData') && !rule.encrypts(path)) {
      throw leftInPlaintext(component, rule, path);
    }
    return value;
  });

  const dataKey = randomBytes(32);
  const mac = createHash('sha512');
  const encrypted = mapLeaves(tree, [], (value, path) => {
    if (value === null) {
      return null;
    }
    const where = path.join('.');
    const { bytes } = scalarBytes(value, where);
    mac.update(bytes);
    return rule.encrypts(path) ? encryptSopsValue(value, dataKey, `${path.join(':')}:`, where) : value;
  }) as Map<string, SopsTree>;
  const macHex = mac.digest('hex').toUpperCase();

  const metadata = new Map<string, SopsTree>([
    ['kms', []],
    ['gcp_kms', []],
    ['azure_kv', []],
    ['hc_vault', []],
    ['age', ageEncryptMany(recipients, dataKey).map((enc, i) => new Map<string, SopsTree>([['recipient', recipients[i]], ['enc', enc]]))],
    ['lastmodified', lastModified],
    ['mac', encryptSopsValue(macHex, dataKey, lastModified)],
    ['pgp', []],
    [rule.name, rule.value],
    ['version', SOPS_VERSION],
  ]);
  dataKey.fill(0);
  encrypted.set('sops', metadata);
  return encrypted;
}

/**
 * Whether a document carries SOPS metadata with a MAC (it was encrypted with SOPS).
 */
export function isSopsEncrypted(document: unknown): boolean {
  const tree = document instanceof Map ? document : (document && typeof document === 'object' ? toSopsTree(document) : undefined);
  const sops = tree instanceof Map ? tree.get('sops') : undefined;
  return sops instanceof Map && typeof sops.get('mac') === 'string' && ENC.test(sops.get('mac') as string);
}

/** The encryption rule recorded in a file's metadata (sops before 3.x defaulted to `_unencrypted`). */
function ruleFromMetadata(sops: Map<string, SopsTree>): RuleMatcher {
  const get = (key: string) => (typeof sops.get(key) === 'string' ? sops.get(key) as string : undefined);
  const rule: SopsEncryptionRule = {
    encryptedRegex: get('encrypted_regex'),
    unencryptedRegex: get('unencrypted_regex'),
    encryptedSuffix: get('encrypted_suffix'),
    unencryptedSuffix: get('unencrypted_suffix'),
  };
  const none = Object.values(rule).every(v => v === undefined);
  return ruleOf('sopsDecrypt', none ? { unencryptedSuffix: '_unencrypted' } : rule);
}

function decryptTree(tree: Map<string, SopsTree>, dataKey: Buffer): SopsDecryptResult {
  const sops = tree.get('sops') as Map<string, SopsTree>;
  const rule = ruleFromMetadata(sops);
  const macOnlyEncrypted = sops.get('mac_only_encrypted') === true;
  const body = new Map([...tree.entries()].filter(([k]) => k !== 'sops'));
  const mac = createHash('sha512');
  const document = mapLeaves(body, [], (value, path) => {
    if (value === null) {
      return null;
    }
    const where = path.join('.');
    const encrypted = rule.encrypts(path);
    const plain = encrypted && typeof value === 'string' && value !== '' ? decryptSopsValue(value, dataKey, `${path.join(':')}:`, where) : value;
    if (plain !== null && (!macOnlyEncrypted || encrypted)) {
      mac.update(scalarBytes(plain, where).bytes);
    }
    return plain;
  });
  const lastModified = sops.get('lastmodified');
  const storedMac = sops.get('mac');
  if (typeof lastModified !== 'string' || typeof storedMac !== 'string') {
    throw new ValidationError('sopsDecrypt', 'sops', 'lacks lastmodified or mac; this is not a complete SOPS file.');
  }
  const expected = String(decryptSopsValue(storedMac, dataKey, lastModified, 'sops.mac'));
  const actual = mac.digest('hex').toUpperCase();
  if (expected.length !== actual.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(actual))) {
    throw new ValidationError('sopsDecrypt', 'sops.mac', 'does not match the decrypted values: the file was modified after encryption (values or key order changed).');
  }
  return { document, mac: actual };
}

function sopsMetadata(tree: unknown): { tree: Map<string, SopsTree>; sops: Map<string, SopsTree> } {
  const t = tree instanceof Map ? tree as Map<string, SopsTree> : toSopsTree(tree);
  if (!(t instanceof Map) || !(t.get('sops') instanceof Map)) {
    throw new ValidationError('sopsDecrypt', 'document', 'has no sops metadata; it is not SOPS-encrypted.');
  }
  return { tree: t, sops: t.get('sops') as Map<string, SopsTree> };
}

/**
 * Decrypt a SOPS document with age identities and verify its MAC. Accepts a tree from the YAML reader
 * (`Map`s keep the file's key order) or a plain object.
 */
export function sopsDecrypt(document: unknown, options: SopsDecryptOptions): SopsDecryptResult {
  const { tree, sops } = sopsMetadata(document);
  const age = sops.get('age') ?? [];
  const stanzas = (Array.isArray(age) ? age : []).filter((st): st is Map<string, SopsTree> => st instanceof Map);
  if (stanzas.length === 0) {
    throw new ValidationError('sopsDecrypt', 'sops.age', 'is empty; the data key is not encrypted for any age recipient (a PGP or KMS file needs its own tool).');
  }
  if (!Array.isArray(options?.ageIdentities) || options.ageIdentities.length === 0) {
    throw new ValidationError('sopsDecrypt', 'ageIdentities', 'is empty; give the age identity (AGE-SECRET-KEY-1...) of one of the recipients.');
  }
  checkList('sopsDecrypt', 'ageIdentities', options.ageIdentities, 'an age identity (AGE-SECRET-KEY-1...)')
    .forEach((id, i) => checkAgeIdentity('sopsDecrypt', `ageIdentities[${i}]`, id));
  let dataKey: Buffer | undefined;
  for (const stanza of stanzas) {
    try {
      dataKey = ageDecrypt(String(stanza.get('enc')), options.ageIdentities);
      break;
    } catch {
      // not for these identities: try the next recipient
    }
  }
  if (!dataKey || dataKey.length !== 32) {
    // A post-quantum recipient is about 2000 characters: name it by its start.
    const short = (r: unknown) => (typeof r === 'string' && r.startsWith('age1pq1') ? `${r.slice(0, 24)}...` : r);
    throw new ValidationError('sopsDecrypt', 'ageIdentities', `match none of the file's recipients (${stanzas.map(s => q(short(s.get('recipient')))).join(', ')}).`);
  }
  try {
    return decryptTree(tree, dataKey);
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Decrypt a SOPS document with its data key (for files whose key is wrapped for PGP or a KMS) and
 * verify its MAC.
 */
export function sopsDecryptWithDataKey(document: unknown, dataKey: Buffer): SopsDecryptResult {
  return decryptTree(sopsMetadata(document).tree, dataKey);
}
