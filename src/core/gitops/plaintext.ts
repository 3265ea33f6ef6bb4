/**
 * The plaintext detector: where a manifest would put a secret value into Git in plaintext. One rule, used
 * by `PlaintextSecretGuard` (cdk8s), by `sopsEncrypt`'s own output check, and meant for the auditor.
 */
import { ValidationError, q } from '../errors';
import { isCoreSecretKind, isSealedSecretKind } from './kinds';
import { looksSealed } from './sealing';
import { isSopsEncrypted } from './sops';

/** One object of a manifest that would write plaintext secret values. */
export interface PlaintextSecretFinding {
  /**
   * Where the object sits in the manifest: `""` for the manifest itself, `items[2]` (or
   * `items[0].items[1]`) for an item of a `List` or `*List`.
   */
  readonly location: string;
  /** The object's kind as written (`Secret`, `SealedSecret`, or the item kind a typed list implies). */
  readonly kind: string;
  /**
   * Its `metadata.name`.
   * @default - none
   */
  readonly name?: string;
  /**
   * Its `metadata.namespace`.
   * @default - none
   */
  readonly namespace?: string;
  /** The fields with plaintext values, relative to the object and sorted, e.g. `stringData.password`. */
  readonly fields: string[];
}

/** Lists nest (kustomize inlines a FooList inside a BarList); deeper than this is refused as a finding. */
const MAX_DEPTH = 8;

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function metadataOf(obj: Obj): { name?: string; namespace?: string } {
  const m = isObject(obj.metadata) ? obj.metadata : {};
  return {
    ...(typeof m.name === 'string' ? { name: m.name } : {}),
    ...(typeof m.namespace === 'string' ? { namespace: m.namespace } : {}),
  };
}

function isEmpty(value: unknown): boolean {
  return value === '' || value === null || value === undefined;
}

/** The `data`/`stringData` fields of a Secret that hold plaintext (SOPS `ENC[...]` values excepted). */
function secretFields(obj: Obj, sops: boolean): string[] {
  const fields: string[] = [];
  for (const field of ['data', 'stringData'] as const) {
    const values = obj[field];
    if (isObject(values)) {
      for (const [key, value] of Object.entries(values)) {
        const encrypted = sops && typeof value === 'string' && value.startsWith('ENC[AES256_GCM,');
        if (!isEmpty(value) && !encrypted) {
          fields.push(`${field}.${key}`);
        }
      }
    } else if (!isEmpty(values)) {
      // A string or list where a map belongs still lands in the file.
      fields.push(field);
    }
  }
  return fields;
}

/** Keys of the sealed values a Go template references: `.key`, `index . "key"`, `` index . `key` ``. */
function referencedKeys(template: string): string[] {
  const keys: string[] = [];
  for (const action of template.matchAll(/\{\{([\s\S]*?)\}\}/g)) {
    const body = action[1];
    for (const m of body.matchAll(/(?:^|[\s(|$])\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
      keys.push(m[1]);
    }
    for (const m of body.matchAll(/index\s+\.\s+(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`)/g)) {
      keys.push(m[1] ?? m[2]);
    }
  }
  return keys;
}

/**
 * The fields of a SealedSecret that hold plaintext: `spec.template.data` values that reference no sealed
 * key (the controller executes each as a Go template over the decrypted values and writes the result as
 * it is: bitnami-labs/sealed-secrets `pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go`
 * `Unseal`), so a literal there is in Git in plaintext; and `spec.encryptedData` values that are not
 * sealed at all (plaintext pasted where ciphertext belongs).
 */
function sealedSecretFields(obj: Obj): string[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const fields: string[] = [];
  const encrypted = isObject(spec.encryptedData) ? spec.encryptedData : {};
  for (const [key, value] of Object.entries(encrypted)) {
    if (!isEmpty(value) && !looksSealed(value)) {
      fields.push(`spec.encryptedData.${key}`);
    }
  }
  const template = isObject(spec.template) ? spec.template : {};
  const sealedKeys = new Set(Object.keys(encrypted));
  if (isObject(template.data)) {
    for (const [key, value] of Object.entries(template.data)) {
      if (isEmpty(value)) {
        continue;
      }
      if (typeof value !== 'string' || !referencedKeys(value).some(k => sealedKeys.has(k))) {
        fields.push(`spec.template.data.${key}`);
      }
    }
  } else if (!isEmpty(template.data)) {
    fields.push('spec.template.data');
  }
  return fields;
}

function visit(
  value: unknown, location: string, sops: boolean, depth: number, out: PlaintextSecretFinding[], inherited?: { apiVersion: unknown; kind: string },
): void {
  if (!isObject(value)) {
    return;
  }
  // kubectl decodes any object with an `items` field as a list (kubernetes/apimachinery
  // pkg/apis/meta/v1/unstructured/helpers.go `decode`), and an item with neither kind nor apiVersion takes
  // the list's apiVersion and its kind without the "List" suffix (`decodeToList`); kustomize inlines every
  // `*List` with items, recursively (kubernetes-sigs/kustomize api/resource/factory.go
  // `inlineAnyEmbeddedLists`).
  const bare = value.kind === undefined && value.apiVersion === undefined;
  const apiVersion = bare && inherited ? inherited.apiVersion : value.apiVersion;
  const kind = bare && inherited ? inherited.kind : value.kind;
  if (Array.isArray(value.items)) {
    if (depth >= MAX_DEPTH) {
      out.push({ location, kind: typeof kind === 'string' ? kind : 'List', ...metadataOf(value), fields: ['items'] });
      return;
    }
    const itemKind = typeof kind === 'string' && kind.endsWith('List') ? kind.slice(0, -'List'.length) : '';
    const prefix = location === '' ? '' : `${location}.`;
    value.items.forEach((item, i) => visit(item, `${prefix}items[${i}]`, sops, depth + 1, out, { apiVersion, kind: itemKind }));
    return;
  }
  const fields = isCoreSecretKind(apiVersion, kind) ? secretFields(value, sops)
    : isSealedSecretKind(apiVersion, kind) ? sealedSecretFields(value) : [];
  if (fields.length > 0) {
    out.push({ location, kind: String(kind), ...metadataOf(value), fields: fields.sort() });
  }
}

/**
 * Find every object of a manifest that would write plaintext secret values into the file: a core
 * Secret's non-empty `data`/`stringData` values (except SOPS `ENC[...]` values of a SOPS-encrypted
 * document), also inside `List`/`*List` items and with near-miss spellings of `apiVersion`/`kind`; a
 * SealedSecret's `spec.template.data` literals that reference no sealed key, and `spec.encryptedData`
 * values that are not sealed. SealedSecrets' sealed values, ExternalSecrets and other kinds pass.
 */
export function plaintextSecretFindings(manifest: unknown): PlaintextSecretFinding[] {
  const out: PlaintextSecretFinding[] = [];
  let sops = false;
  try {
    sops = isObject(manifest) && isSopsEncrypted(manifest);
  } catch {
    // Not a YAML-shaped document (e.g. holds a function): treat as not encrypted.
  }
  visit(manifest, '', sops, 0, out);
  return out;
}

/**
 * The fields of a manifest that would put plaintext secret values into the output, as paths from the
 * manifest (`stringData.password`, `items[0].data.token`, `spec.template.data.dsn`), sorted; empty when
 * there are none. See {@link plaintextSecretFindings}.
 */
export function plaintextSecretKeys(manifest: unknown): string[] {
  return plaintextSecretFindings(manifest)
    .flatMap(f => f.fields.map(field => (f.location === '' ? field : `${f.location}.${field}`)))
    .sort();
}

const REFUSAL_FIX = 'commit only encrypted secrets: use SealedSecret, SopsSecret or ExternalSecret, '
  + 'or mark a deliberate exception with PlaintextSecretGuard.allow(construct, reason).';

/**
 * The refusal of one finding, the same in every front-end: `where` names the object in the front-end's
 * terms (the cdk8s construct path, the Pulumi resource name), `allowHint` how to allow it there.
 * @internal
 */
export function plaintextSecretRefusal(finding: PlaintextSecretFinding, where: string, allowHint = 'PlaintextSecretGuard.allow(construct, reason)'): string {
  const object = `${finding.namespace ? `${finding.namespace}/` : ''}${finding.name}`;
  const inList = finding.location === '' ? '' : ` ${finding.location}`;
  if (finding.fields.some(f => f.startsWith('spec.'))) {
    return `PlaintextSecretGuard: SealedSecret ${q(object)} (${where}${inList}) would be written with plaintext values (${finding.fields.join(', ')}); `
      + 'the controller writes spec.template.data into the Secret as it is, so a literal that references no sealed key (or a value in encryptedData that is not sealed) is in the file in plaintext: '
      + `seal the value into encryptedData and reference it ({{ .key }}), or mark a deliberate exception with ${allowHint}.`;
  }
  return `PlaintextSecretGuard: Secret ${q(object)} (${where}${inList}) would be written with plaintext values (${finding.fields.join(', ')}); `
    + REFUSAL_FIX.replace('PlaintextSecretGuard.allow(construct, reason)', allowHint);
}

/**
 * Check the reason of a plaintext exception (at least 10 characters, kept for review).
 * @internal
 */
export function checkPlaintextAllowReason(reason: unknown): string {
  if (typeof reason !== 'string' || reason.trim().length < 10) {
    throw new ValidationError('PlaintextSecretGuard', 'reason', `${q(reason)} is too short; say why a plaintext Secret is acceptable here (it is kept with the construct for review).`);
  }
  return reason.trim();
}
