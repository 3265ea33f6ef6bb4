/**
 * The validation rules that `kube-secure-secrets/testing` (./schema.ts, over the schemas shipped in
 * `assets/schemas/`) and the project's own test helper (test/helpers/schema.ts, over the vendored
 * fixtures, with a cache of standalone validators) share, so that the two validate alike: how a schema is
 * made strict, the formats, which definitions are kinds users create, how a CRD's versions are read, and
 * how the problems of a manifest are worded. Internal: not exported by the entry (its index).
 *
 * Loads nothing at import: ajv and the YAML parser are handed in by the caller, which loads them when it
 * needs them (the test helper not at all when it validates from its cache, the entry not when the CRD
 * bundle of the compiled package is current: {@link bundledYamlParser}).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import type Ajv from 'ajv';
import type { Options as AjvOptions, ValidateFunction } from 'ajv';

/** @internal */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** @internal */
export type JsonObject = { [key: string]: Json };

/** @internal */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Add `additionalProperties: false` where a schema lists properties and allows nothing else explicitly
 * (neither `additionalProperties` nor `x-kubernetes-preserve-unknown-fields`).
 * @internal
 */
export function strictify(node: Json): Json {
  if (Array.isArray(node)) {
    return node.map(strictify);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    // `properties` and `definitions` are maps of schemas, not schemas: recurse into each value.
    if ((key === 'properties' || key === 'definitions' || key === 'patternProperties') && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strictify(v as Json)]));
    } else {
      out[key] = strictify(value);
    }
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/** @internal */
export function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/**
 * An ajv with the options both validators use (`code` adds to them: the Go pattern engine, and for
 * standalone code its sources), ajv-formats, and the Kubernetes formats: the numeric and opaque ones
 * accept anything, `byte` must be base64.
 * @internal
 */
export function newSchemaAjv(AjvClass: typeof Ajv, addFormats: (ajv: Ajv) => Ajv, code: AjvOptions['code']): Ajv {
  const ajv = new AjvClass({ strict: false, allErrors: true, validateSchema: false, code });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'double', 'float', 'int-or-string', 'password', 'quantity']) {
    ajv.addFormat(f, true);
  }
  // `format: byte` is base64 (e.g. ESO caBundle): check it, since a PEM pasted there is a common mistake.
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  return ajv;
}

/** A schema added to ajv for an `apiVersion/kind`: the key, the schema's id, how problems name it. @internal */
export interface SchemaTargetSpec {
  readonly key: string;
  readonly id: string;
  readonly label: string;
}

/**
 * The Kubernetes 1.28 swagger with IntOrString and Quantity as the API server reads them: the swagger
 * types them as strings with a format; the API server accepts numbers too.
 * @internal
 */
export function patchSwagger128(defs: JsonObject): void {
  defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
  defs['io.k8s.apimachinery.pkg.api.resource.Quantity'] = { oneOf: [{ type: 'string' }, { type: 'number' }] };
}

/**
 * Add the `definitions` of one Kubernetes version to ajv (strict) as the schema `id`, and return the kinds
 * users create: the definitions whose own `x-kubernetes-group-version-kind` is a single entry (the same
 * definition is listed for many GVKs, e.g. DeleteOptions, which no one creates).
 * @internal
 */
export function addKubernetesDefinitions(ajv: Ajv, id: string, label: string, defs: JsonObject): SchemaTargetSpec[] {
  ajv.addSchema({ $id: id, definitions: strictify(defs) });
  const targets: SchemaTargetSpec[] = [];
  for (const [name, def] of Object.entries(defs)) {
    const gvks = isObject(def) && Array.isArray(def['x-kubernetes-group-version-kind']) ? def['x-kubernetes-group-version-kind'] : [];
    if (gvks.length !== 1 || !isObject(gvks[0])) {
      continue;
    }
    const { group, version, kind } = gvks[0] as { group: string; version: string; kind: string };
    targets.push({ key: gvkKey(group === '' ? version : `${group}/${version}`, kind), id: `${id}#/definitions/${name}`, label });
  }
  return targets;
}

interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly schema: { readonly openAPIV3Schema: JsonObject };
}

/**
 * The CRD files under `root`: `<dir>/<file>.yaml` of every directory but `kubernetes` (the core
 * definitions), in name order, with their text; `label` is `<dir>/<file>`.
 * @internal
 */
export function crdFiles(root: string): { label: string; text: string }[] {
  return fs.readdirSync(root).filter(d => d !== 'kubernetes' && fs.statSync(path.join(root, d)).isDirectory()).sort()
    .flatMap(dir => fs.readdirSync(path.join(root, dir)).filter(f => f.endsWith('.yaml')).sort()
      .map(file => ({ label: `${dir}/${file}`, text: fs.readFileSync(path.join(root, dir, file), 'utf8') })));
}

/**
 * The documents of one CRD file as values. yaml's toJS() returns what it could read of a broken document:
 * a document with parse errors is refused, naming the file.
 * @internal
 */
export function crdDocuments(label: string, text: string, parse: YamlDocumentsParser): unknown[] {
  return [...parse(text)].map(doc => {
    if (doc.errors && doc.errors.length > 0) {
      throw new Error(`${label} is not valid YAML: ${doc.errors[0].message}`);
    }
    return doc.toJS();
  });
}

/**
 * Add every served version of the CRDs in the CRD files under `root` ({@link crdFiles}) to ajv as
 * `<base>/crd/<apiVersion>/<kind>`, strict, with `metadata` required and checked against `objectMeta` (a
 * `$ref` to ObjectMeta); `parse` is yaml's `parseAllDocuments` or {@link bundledYamlParser}. Returns them,
 * and in `refused` why each unserved version fails.
 * @internal
 */
export function addCrds(
  ajv: Ajv, root: string, base: string, objectMeta: string, parse: YamlDocumentsParser,
): { targets: SchemaTargetSpec[]; refused: Record<string, string> } {
  const targets: SchemaTargetSpec[] = [];
  const refused: Record<string, string> = {};
  for (const { label, text } of crdFiles(root)) {
    for (const crd of crdDocuments(label, text, parse)) {
      if (!isObject(crd) || crd.kind !== 'CustomResourceDefinition') {
        continue;
      }
      const { group, names, versions } = crd.spec as { group: string; names: { kind: string }; versions: CrdVersion[] };
      const served = versions.filter(v => v.served).map(v => v.name);
      for (const version of versions) {
        const key = gvkKey(`${group}/${version.name}`, names.kind);
        if (!version.served) {
          refused[key] = `${group}/${version.name} ${names.kind} is not served by ${label} (served: ${served.join(', ')})`;
          continue;
        }
        const schema = strictify(version.schema.openAPIV3Schema) as JsonObject;
        schema.properties = { ...(schema.properties as JsonObject | undefined), metadata: { $ref: objectMeta } };
        schema.required = [...new Set([...((schema.required as string[] | undefined) ?? []), 'metadata'])];
        const id = `${base}/crd/${key}`;
        ajv.addSchema({ $id: id, ...schema });
        targets.push({ key, id, label });
      }
    }
  }
  return { targets, refused };
}

/**
 * A YAML parser as {@link addCrds} takes it: yaml's `parseAllDocuments` (whose documents list their parse
 * `errors`), or documents already parsed.
 * @internal
 */
export type YamlDocumentsParser = (source: string) => Iterable<{ readonly errors?: readonly { readonly message: string }[]; toJS(): unknown }>;

/** The bundle format that {@link crdBundle} writes and {@link bundledYamlParser} reads. @internal */
export const CRD_BUNDLE_FORMAT = 'kube-secure-secrets/crd-bundle/v1';

/**
 * The bundle of the CRD files under `root` ({@link crdFiles}), which scripts/crd-bundle.cjs writes next to
 * the compiled entry: each file's documents under the SHA-256 of its text. A file with YAML errors is refused
 * as {@link addCrds} refuses it, and so is a document JSON does not carry unchanged (NaN, Infinity, -0,
 * undefined), so the bundle always reads back as the YAML parse.
 * @internal
 */
export function crdBundle(root: string, parse: YamlDocumentsParser): { format: string; documents: Record<string, unknown[]> } {
  const documents: Record<string, unknown[]> = {};
  for (const { label, text } of crdFiles(root)) {
    const parsed = crdDocuments(label, text, parse);
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(parsed)), parsed)) {
      throw new Error(`${label} holds a value JSON does not carry unchanged (NaN, Infinity, -0 or undefined)`);
    }
    documents[sha256(text)] = parsed;
  }
  return { format: CRD_BUNDLE_FORMAT, documents };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A parser for {@link addCrds} that takes a YAML file's documents from the JSON bundle ({@link crdBundle})
 * that scripts/crd-bundle.cjs writes at compile (`bundleFile`), by the SHA-256 of the file's text, and hands any other text to the YAML
 * parser (`yamlParser`, called on first need): so with no bundle, a stale one or one that does not read,
 * validation is the same, only slower (JSON.parse of the shipped CRDs takes about 1% of parsing their YAML).
 * @internal
 */
export function bundledYamlParser(bundleFile: string, yamlParser: () => YamlDocumentsParser): YamlDocumentsParser {
  let documents: Record<string, unknown> = {};
  // No bundle is the normal case for the uncompiled sources (as under ts-jest); any other failure is said once.
  const unused = (why: string) => process.emitWarning(
    `kube-secure-secrets/testing: ${bundleFile} ${why}; the shipped CRDs are parsed from their YAML instead (slower, same result). Reinstall or rebuild the package.`,
    { code: 'KSS_CRD_BUNDLE' },
  );
  try {
    const bundle: unknown = JSON.parse(fs.readFileSync(bundleFile, 'utf8'));
    if (isObject(bundle) && bundle.format === CRD_BUNDLE_FORMAT && isObject(bundle.documents)) {
      documents = bundle.documents;
    } else {
      unused(`is not a ${CRD_BUNDLE_FORMAT} bundle`);
    }
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') {
      unused(`could not be read (${e instanceof SyntaxError ? 'not JSON' : (e as { code?: string }).code ?? 'error'})`);
    }
  }
  let parse: YamlDocumentsParser | undefined;
  return source => {
    const hash = sha256(source);
    const docs = Object.prototype.hasOwnProperty.call(documents, hash) ? documents[hash] : undefined;
    if (Array.isArray(docs)) {
      return docs.map(doc => ({ toJS: () => doc }));
    }
    return (parse ??= yamlParser())(source);
  };
}

/** One validator an `apiVersion/kind` is checked with. @internal */
export interface SchemaTarget {
  readonly label: string;
  /** Compiled (or loaded) on first use: most callers validate a handful of kinds. */
  readonly validator: () => ValidateFunction;
}

/** @internal */
export interface SchemaRegistry {
  /** `<apiVersion>/<kind>` -> the validators it must pass, in order. */
  readonly byGvk: ReadonlyMap<string, readonly SchemaTarget[]>;
  /** `<apiVersion>/<kind>` -> why it is refused (a CRD version that is not served). */
  readonly refused: ReadonlyMap<string, string>;
}

/** How {@link schemaProblems} reads a manifest beyond the shared rules. @internal */
export interface SchemaProblemsOptions {
  /** The registry, loaded on first need (not for a manifest without apiVersion and kind). */
  readonly registry: () => SchemaRegistry;
  /** The problem of a kind no schema defines. */
  readonly unknownKind: (apiVersion: string, kind: string) => string;
  /** Problems of a schema-valid manifest the schemas cannot see, each prefixed with where the manifest is. */
  readonly semantic?: (key: string, manifest: Record<string, unknown>) => string[];
}

/**
 * The problems of one manifest (empty when it is valid). A SOPS-encrypted file is checked as the object
 * Flux applies after decrypting it: the same shape without the `sops` metadata (encrypted values are
 * strings, as the plaintext ones are).
 * @internal
 */
export function schemaProblems(manifest: unknown, options: SchemaProblemsOptions): string[] {
  if (isObject(manifest) && isObject(manifest.sops) && typeof manifest.sops.mac === 'string') {
    const { sops: _sops, ...applied } = manifest;
    return schemaProblems(applied, options);
  }
  const m = isObject(manifest) ? manifest : undefined;
  const metadata = isObject(m?.metadata) ? m.metadata : undefined;
  const where = `${m?.apiVersion}/${m?.kind} ${metadata?.namespace ?? '-'}/${metadata?.name ?? '?'}`;
  if (!m || typeof m.apiVersion !== 'string' || typeof m.kind !== 'string') {
    return [`${where}: apiVersion and kind are required`];
  }
  const { byGvk, refused } = options.registry();
  const key = gvkKey(m.apiVersion, m.kind);
  if (refused.has(key)) {
    return [`${where}: ${refused.get(key)}`];
  }
  const targets = byGvk.get(key);
  if (!targets) {
    return [`${where}: ${options.unknownKind(m.apiVersion, m.kind)}`];
  }
  const problems: string[] = [];
  if (typeof metadata?.name !== 'string' || metadata.name === '') {
    problems.push(`${where}: metadata.name is required`);
  }
  for (const { label, validator } of targets) {
    const validate = validator();
    if (!validate(m)) {
      for (const e of validate.errors ?? []) {
        const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : '';
        problems.push(`${where} [${label}] ${e.instancePath || '/'} ${e.message}${extra}`);
      }
    }
  }
  if (problems.length === 0 && options.semantic) {
    problems.push(...options.semantic(key, m).map(p => `${where} ${p}`));
  }
  return problems;
}

/**
 * Throw an Error listing every problem unless there is at least one manifest and every one is valid;
 * `caller` names the function in the error about an empty list.
 * @internal
 */
export function throwUnlessValid(caller: string, manifests: readonly unknown[], problemsOf: (manifest: unknown) => string[]): void {
  if (manifests.length === 0) {
    throw new Error(`${caller}: no manifests to validate`);
  }
  const problems = manifests.flatMap(m => problemsOf(m));
  if (problems.length > 0) {
    throw new Error(`manifests do not validate against the upstream schemas:\n  ${problems.join('\n  ')}`);
  }
}
