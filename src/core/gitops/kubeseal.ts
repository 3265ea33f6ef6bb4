/**
 * The decisions behind `kube-secure-secrets seal` that make it a drop-in for kubeseal, made once here for
 * the CLI and for `SealedSecret.fromFile`: which scope a Secret is sealed with, which namespace, when its
 * data counts as empty, how a Secret is merged into an existing SealedSecret, and how a SealedSecret file
 * (what the CLI or kubeseal writes) reads back as the options of a SealedSecret.
 *
 * Read against bitnami-labs/sealed-secrets (main, 86671a88): `cmd/kubeseal/main.go` and
 * `pkg/kubeseal/kubeseal.go` (cited below as main.go:N and kubeseal.go:N).
 */
import * as fs from 'fs';
import { ValidationError, q, typeOf } from '../errors';
import { isSealedSecretKind } from './kinds';
import {
  SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION, SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION, SealedSecretManifest, SealingScope, checkSealedValue,
} from './sealing';
import { yaml, yamlErrorSummary } from './yaml';
import { checkText } from '../validate/values';

/**
 * The scope an object's annotations ask for, read as kubeseal and the controller read them
 * (`SecretScope` in `pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go`): `cluster-wide: "true"`
 * first, then `namespace-wide: "true"`; any other value is no annotation.
 * @internal
 */
export function annotatedScope(annotations: Record<string, unknown> | undefined): SealingScope | undefined {
  if (annotations?.[SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION] === 'true') {
    return SealingScope.CLUSTER_WIDE;
  }
  if (annotations?.[SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION] === 'true') {
    return SealingScope.NAMESPACE_WIDE;
  }
  return undefined;
}

/**
 * The scope to seal an input Secret with. As kubeseal (kubeseal.go:250-254: the flag only replaces the
 * annotations when it is not the default scope, and `ssv1alpha1.SecretScope(secret)` then reads them),
 * a scope annotation on the input wins over the default (strict) scope. Unlike kubeseal, an explicit
 * `--scope` that contradicts the input's annotation is refused: kubeseal silently takes the annotation
 * over `--scope strict` (a wider scope than asked for) and the flag over any other annotation.
 * @internal
 */
export function resolveSealingScope(component: string, flag: SealingScope | undefined, annotations: Record<string, unknown> | undefined, where = 'the input'): SealingScope {
  const annotated = annotatedScope(annotations);
  if (flag !== undefined && annotated !== undefined && flag !== annotated) {
    const key = annotated === SealingScope.CLUSTER_WIDE ? SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION : SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION;
    throw new ValidationError(component, '--scope', `${q(flag)} contradicts the annotation ${key}: "true" on ${where}; remove the annotation or the flag (kubeseal would silently pick one of them).`);
  }
  return flag ?? annotated ?? SealingScope.STRICT;
}

/**
 * The namespace to seal for: `--namespace` fills in a Secret that has none (kubeseal.go:261-263), and a
 * `--namespace` that contradicts the input's own namespace is an error, not a silent re-target
 * (kubeseal.go:255-259, "namespace mismatch").
 * @internal
 */
export function resolveSealingNamespace(component: string, flag: string | undefined, input: string | undefined, where = 'the input'): string | undefined {
  if (flag !== undefined && input !== undefined && flag !== input) {
    throw new ValidationError(component, '--namespace', `${q(flag)} contradicts metadata.namespace ${q(input)} of ${where} (kubeseal: "namespace mismatch"); drop --namespace or fix the input, since the values would be bound to the wrong namespace.`);
  }
  return input ?? flag;
}

/**
 * Refuse a Secret with no data at all (neither `data` nor `stringData` has a key), as kubeseal does
 * unless `--allow-empty-data` (kubeseal.go:234-236). A key whose value is empty is sealed: kubectl
 * creates such Secrets and kubeseal seals them.
 * @internal
 */
export function checkSealableData(component: string, keys: number, allowEmptyData: boolean, where = 'the input Secret'): void {
  if (keys === 0 && !allowEmptyData) {
    throw new ValidationError(component, 'data', `is empty in ${where} (no key in data or stringData); assuming this is an error, as kubeseal does. Give --allow-empty-data to seal a Secret without data.`);
  }
}

/** A document read from a SealedSecret file, with the format it was written in. */
export interface SealedSecretFile {
  /** The document as plain objects. */
  readonly document: Record<string, unknown>;
  /** `json` when the text is a JSON object, else `yaml`. */
  readonly format: 'json' | 'yaml';
}

function mapAt(component: string, prop: string, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(component, prop, `must be a map; received ${typeOf(value)}.`);
  }
  return value as Record<string, unknown>;
}

/**
 * Read the text of a SealedSecret file (one document, YAML or JSON, as `kube-secure-secrets seal` and
 * kubeseal write it; a leading `---` is fine) and check that it is a SealedSecret.
 * @internal
 */
export function parseSealedSecretFile(component: string, source: string, text: string): SealedSecretFile {
  if (typeof text !== 'string') {
    throw new ValidationError(component, source, `must be text; received ${typeOf(text)}.`);
  }
  const all = yaml().parseAllDocuments(text);
  // An empty document (`---` alone, or only comments) parses to a null scalar.
  const empty = (contents: unknown) => contents === null || (yaml().isScalar(contents) && contents.value === null);
  const docs = (Array.isArray(all) ? all : []).filter(d => d.errors.length > 0 || !empty(d.contents));
  if (docs.length !== 1) {
    throw new ValidationError(component, source, `must hold exactly one SealedSecret (${docs.length} documents found).`);
  }
  if (docs[0].errors.length > 0) {
    throw new ValidationError(component, source, `is not YAML or JSON (${yamlErrorSummary(docs[0].errors[0])}).`);
  }
  let plain: unknown;
  try {
    plain = docs[0].toJS();
  } catch (e) {
    throw new ValidationError(component, source, `is not YAML or JSON (${yamlErrorSummary(e)}).`);
  }
  const document = typeof plain === 'object' && plain !== null && !Array.isArray(plain) ? plain as Record<string, unknown> : undefined;
  if (!document || !isSealedSecretKind(document.apiVersion, document.kind) || document.kind !== 'SealedSecret') {
    const what = document ? `kind: ${q(document.kind)}` : `a YAML ${Array.isArray(plain) ? 'list' : typeOf(plain)}, not an object`;
    throw new ValidationError(component, source, `is not a SealedSecret (${what}); give a file written by kube-secure-secrets seal or kubeseal.`);
  }
  return { document, format: text.trimStart().startsWith('{') ? 'json' : 'yaml' };
}

/** What a SealedSecret file says: the name, namespace and scope its values are bound to, and its template. */
export interface SealedSecretFileContents {
  /** `metadata.name`. */
  readonly name: string;
  /**
   * `metadata.namespace`.
   * @default - none (cluster-wide)
   */
  readonly namespace?: string;
  /** The scope, from the annotations (the SealedSecret's own and its template's must agree). */
  readonly scope: SealingScope;
  /** The sealed values. */
  readonly encryptedData: Record<string, string>;
  /**
   * The template's type.
   * @default - not set
   */
  readonly type?: string;
  /**
   * The template's labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * The template's annotations, without the scope annotations (the scope says them).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * The template's immutability.
   * @default - not set
   */
  readonly immutable?: boolean;
}

function stringMap(component: string, prop: string, value: unknown): Record<string, string> | undefined {
  const map = mapAt(component, prop, value);
  if (!map) {
    return undefined;
  }
  for (const [k, v] of Object.entries(map)) {
    if (typeof v !== 'string') {
      throw new ValidationError(component, `${prop}[${q(k)}]`, `must be a string; received ${typeOf(v)}.`);
    }
  }
  return map as Record<string, string>;
}

/**
 * The contents of a SealedSecret document: name, namespace, scope (the controller computes the label
 * from the SealedSecret's own annotations; kubeseal's `Scope()` reads the template's: both must agree),
 * the sealed values (each checked to be a sealed value) and the template's type, labels, annotations and
 * immutability.
 * @internal
 */
export function sealedSecretFileContents(component: string, source: string, document: Record<string, unknown>): SealedSecretFileContents {
  const metadata = mapAt(component, `${source}: metadata`, document.metadata) ?? {};
  const spec = mapAt(component, `${source}: spec`, document.spec) ?? {};
  const template = mapAt(component, `${source}: spec.template`, spec.template) ?? {};
  const templateMetadata = mapAt(component, `${source}: spec.template.metadata`, template.metadata) ?? {};
  if (typeof metadata.name !== 'string' || metadata.name === '') {
    throw new ValidationError(component, `${source}: metadata.name`, 'is missing; a SealedSecret file names the Secret its values are bound to.');
  }
  if (metadata.namespace !== undefined && typeof metadata.namespace !== 'string') {
    throw new ValidationError(component, `${source}: metadata.namespace`, `must be a string; received ${typeOf(metadata.namespace)}.`);
  }
  const own = stringMap(component, `${source}: metadata.annotations`, metadata.annotations);
  const annotations = stringMap(component, `${source}: spec.template.metadata.annotations`, templateMetadata.annotations);
  const scope = annotatedScope(own) ?? SealingScope.STRICT;
  const templateScope = annotatedScope(annotations) ?? SealingScope.STRICT;
  if (templateMetadata.annotations !== undefined && scope !== templateScope) {
    throw new ValidationError(component, `${source}: metadata.annotations`, `say scope ${q(scope)} but spec.template.metadata.annotations say ${q(templateScope)}; fix the file so that both agree.`);
  }
  const given = mapAt(component, `${source}: spec.encryptedData`, spec.encryptedData) ?? {};
  const encryptedData: Record<string, string> = {};
  for (const [key, value] of Object.entries(given)) {
    encryptedData[key] = checkSealedValue(component, `${source}: spec.encryptedData[${q(key)}]`, value);
  }
  const rest = { ...(annotations ?? own ?? {}) };
  delete rest[SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION];
  delete rest[SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION];
  const labels = stringMap(component, `${source}: spec.template.metadata.labels`, templateMetadata.labels ?? metadata.labels);
  if (template.type !== undefined && typeof template.type !== 'string') {
    throw new ValidationError(component, `${source}: spec.template.type`, `must be a string; received ${typeOf(template.type)}.`);
  }
  if (template.immutable !== undefined && typeof template.immutable !== 'boolean') {
    throw new ValidationError(component, `${source}: spec.template.immutable`, `must be a boolean; received ${typeOf(template.immutable)}.`);
  }
  return {
    name: metadata.name,
    ...(metadata.namespace !== undefined ? { namespace: metadata.namespace } : {}),
    scope,
    encryptedData,
    ...(template.type !== undefined ? { type: template.type as string } : {}),
    ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
    ...(Object.keys(rest).length > 0 ? { annotations: rest } : {}),
    ...(template.immutable !== undefined ? { immutable: template.immutable as boolean } : {}),
  };
}

function sameMap(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
}

/**
 * Merge a freshly sealed SealedSecret into an existing one, as `kubeseal --merge-into` does
 * (kubeseal.go:459-471): its sealed values replace or join the existing ones and its template labels and
 * annotations join the template's; everything else in the file is kept. Where the existing SealedSecret's
 * own labels/annotations equal its template's (as this library writes them, for `kubeseal --re-encrypt`),
 * they are updated alike so that they stay equal.
 * @internal
 */
export function mergeSealedSecret(existing: Record<string, unknown>, update: SealedSecretManifest): Record<string, unknown> {
  const clone = JSON.parse(JSON.stringify(existing)) as Record<string, unknown>;
  const metadata = (clone.metadata ?? {}) as Record<string, unknown>;
  const spec = (clone.spec ?? {}) as Record<string, unknown>;
  const template = (spec.template ?? {}) as Record<string, unknown>;
  const templateMetadata = (template.metadata ?? {}) as Record<string, unknown>;
  const encryptedData = { ...(spec.encryptedData as Record<string, string> | undefined), ...update.spec.encryptedData };
  const merged: Record<string, Record<string, string>> = {};
  for (const field of ['labels', 'annotations'] as const) {
    const before = templateMetadata[field] as Record<string, string> | undefined;
    const incoming = update.spec.template.metadata[field] as Record<string, string> | undefined;
    merged[field] = { ...before, ...incoming };
    if (Object.keys(merged[field]).length > 0) {
      if (sameMap(metadata[field], before)) {
        metadata[field] = { ...merged[field] };
      }
      templateMetadata[field] = merged[field];
    }
  }
  template.metadata = templateMetadata;
  spec.template = template;
  spec.encryptedData = Object.fromEntries(Object.keys(encryptedData).sort().map(k => [k, encryptedData[k]]));
  clone.metadata = metadata;
  clone.spec = spec;
  return clone;
}

/**
 * The options of a SealedSecret that passes a SealedSecret file (`kube-secure-secrets seal` or kubeseal
 * output, JSON or YAML) through: its name, namespace, scope and sealed values unchanged, its template's
 * type, labels, annotations and immutability. Every value is checked to be a sealed value.
 * @internal
 */
export function sealedSecretOptionsFromText(component: string, source: string, text: string): SealedSecretFileContents {
  return sealedSecretFileContents(component, source, parseSealedSecretFile(component, source, text).document);
}

/**
 * The options of a SealedSecret read from a SealedSecret file (see {@link sealedSecretOptionsFromText}),
 * for both front-ends' `SealedSecret.fromFile`; an unreadable file is a ValidationError naming it.
 * @internal
 */
export function sealedSecretOptionsFromFile(component: string, path: unknown): SealedSecretFileContents {
  const file = checkText(component, 'path', path, 'give the path of a file written by kube-secure-secrets seal or kubeseal');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ValidationError(component, 'path', `${q(file)} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unreadable'}); give the path of a file written by kube-secure-secrets seal or kubeseal.`);
  }
  return sealedSecretOptionsFromText(component, q(file), text);
}
