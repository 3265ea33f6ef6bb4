/**
 * Strict validation of Kubernetes manifests against the upstream schemas shipped in `assets/schemas/`
 * (see its SOURCES.md): core kinds against the Kubernetes 1.28 OpenAPI definitions, custom kinds against
 * their CRD's `openAPIV3Schema`. Strict like `kubeconform -strict`: an object schema that lists
 * `properties` gets `additionalProperties: false` unless it carries `x-kubernetes-preserve-unknown-fields`
 * (the API server prunes unknown CRD fields silently, so a typo would otherwise pass and vanish); unknown
 * kinds and unserved CRD versions fail. The same rules as the project's own test helper.
 *
 * ajv and ajv-formats are optional peers, loaded on first use (install them as dev dependencies).
 */
import * as fs from 'fs';
import * as path from 'path';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

const SCHEMAS = path.join(__dirname, '..', '..', 'assets', 'schemas');
const BASE = 'https://schemas.kube-secure-secrets.invalid';
const OBJECT_META = `${BASE}/k8s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function strictify(node: Json): Json {
  if (Array.isArray(node)) {
    return node.map(strictify);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
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

/** CRD patterns are Go RE2: a leading `(?i)` becomes the `i` flag, as the API server reads it. */
function goRegExp(pattern: string, flags: string): RegExp {
  const m = /^(\^?)\(\?i\)(.*)$/s.exec(pattern);
  return m ? new RegExp(`${m[1]}${m[2]}`, `${flags}i`) : new RegExp(pattern, flags);
}
goRegExp.code = 'RegExp';

function peer<T>(name: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name) as T;
  } catch (e) {
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND') {
      throw new Error(`kube-secure-secrets/testing: schema validation needs ${name}; install it as a dev dependency: npm install --save-dev ajv@^8 ajv-formats@^3`);
    }
    throw e;
  }
}

interface Registry {
  readonly byGvk: Map<string, { label: string; validator: () => ValidateFunction }>;
  readonly refused: Map<string, string>;
}

let registry: Registry | undefined;

function load(): Registry {
  if (registry) {
    return registry;
  }
  const AjvClass = peer<{ default: typeof Ajv }>('ajv').default;
  const addFormats = peer<{ default: (ajv: Ajv) => Ajv }>('ajv-formats').default;
  const ajv = new AjvClass({ strict: false, allErrors: true, validateSchema: false, code: { regExp: goRegExp } });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'double', 'float', 'int-or-string', 'password', 'quantity']) {
    ajv.addFormat(f, true);
  }
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  const byGvk = new Map<string, { label: string; validator: () => ValidateFunction }>();
  const refused = new Map<string, string>();
  const lazy = (id: string) => {
    let fn: ValidateFunction | undefined;
    return () => (fn ??= ajv.getSchema(id)!);
  };

  const defs = (JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'kubernetes', 'swagger-v1.28.json'), 'utf8')) as { definitions: JsonObject }).definitions;
  // The swagger types these as strings with a format; the API server accepts numbers too.
  defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
  defs['io.k8s.apimachinery.pkg.api.resource.Quantity'] = { oneOf: [{ type: 'string' }, { type: 'number' }] };
  ajv.addSchema({ $id: `${BASE}/k8s`, definitions: strictify(defs) });
  for (const [name, def] of Object.entries(defs)) {
    const gvks = isObject(def) && Array.isArray(def['x-kubernetes-group-version-kind']) ? def['x-kubernetes-group-version-kind'] : [];
    if (gvks.length !== 1 || !isObject(gvks[0])) {
      continue;
    }
    const { group, version, kind } = gvks[0] as { group: string; version: string; kind: string };
    byGvk.set(`${group === '' ? version : `${group}/${version}`}/${kind}`, { label: 'kubernetes 1.28', validator: lazy(`${BASE}/k8s#/definitions/${name}`) });
  }

  for (const dir of fs.readdirSync(SCHEMAS).filter(d => d !== 'kubernetes' && fs.statSync(path.join(SCHEMAS, d)).isDirectory()).sort()) {
    for (const file of fs.readdirSync(path.join(SCHEMAS, dir)).filter(f => f.endsWith('.yaml')).sort()) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(SCHEMAS, dir, file), 'utf8'))) {
        const crd: unknown = doc.toJS();
        if (!isObject(crd) || crd.kind !== 'CustomResourceDefinition') {
          continue;
        }
        type Version = { name: string; served: boolean; schema: { openAPIV3Schema: JsonObject } };
        const { group, names, versions } = crd.spec as { group: string; names: { kind: string }; versions: Version[] };
        const served = versions.filter(v => v.served).map(v => v.name);
        for (const version of versions) {
          const key = `${group}/${version.name}/${names.kind}`;
          if (!version.served) {
            refused.set(key, `${group}/${version.name} ${names.kind} is not served by ${dir}/${file} (served: ${served.join(', ')})`);
            continue;
          }
          const schema = strictify(version.schema.openAPIV3Schema) as JsonObject;
          schema.properties = { ...(schema.properties as JsonObject | undefined), metadata: { $ref: OBJECT_META } };
          schema.required = [...new Set([...((schema.required as string[] | undefined) ?? []), 'metadata'])];
          const id = `${BASE}/crd/${key}`;
          ajv.addSchema({ $id: id, ...schema });
          byGvk.set(key, { label: `${dir}/${file}`, validator: lazy(id) });
        }
      }
    }
  }
  registry = { byGvk, refused };
  return registry;
}

/**
 * The problems of one manifest against the shipped upstream schemas (empty when it is valid). A
 * SOPS-encrypted file is checked as the object Flux applies after decrypting it (without `sops`).
 */
export function manifestProblems(manifest: unknown): string[] {
  if (isObject(manifest) && isObject(manifest.sops) && typeof manifest.sops.mac === 'string') {
    const { sops: _sops, ...applied } = manifest;
    return manifestProblems(applied);
  }
  const m = isObject(manifest) ? manifest : undefined;
  const metadata = isObject(m?.metadata) ? m.metadata : undefined;
  const where = `${m?.apiVersion}/${m?.kind} ${metadata?.namespace ?? '-'}/${metadata?.name ?? '?'}`;
  if (!m || typeof m.apiVersion !== 'string' || typeof m.kind !== 'string') {
    return [`${where}: apiVersion and kind are required`];
  }
  const { byGvk, refused } = load();
  const key = `${m.apiVersion}/${m.kind}`;
  if (refused.has(key)) {
    return [`${where}: ${refused.get(key)}`];
  }
  const target = byGvk.get(key);
  if (!target) {
    return [`${where}: no schema shipped for apiVersion ${m.apiVersion} kind ${m.kind} (see kube-secure-secrets/assets/schemas/SOURCES.md)`];
  }
  const problems: string[] = [];
  if (typeof metadata?.name !== 'string' || metadata.name === '') {
    problems.push(`${where}: metadata.name is required`);
  }
  const validate = target.validator();
  if (!validate(manifest)) {
    for (const e of validate.errors ?? []) {
      const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : '';
      problems.push(`${where} [${target.label}] ${e.instancePath || '/'} ${e.message}${extra}`);
    }
  }
  return problems;
}

/**
 * Throw an Error listing every problem unless every manifest validates strictly against the shipped
 * upstream schemas (and there is at least one).
 */
export function validateManifests(manifests: readonly unknown[]): void {
  if (manifests.length === 0) {
    throw new Error('validateManifests: no manifests to validate');
  }
  const problems = manifests.flatMap(manifestProblems);
  if (problems.length > 0) {
    throw new Error(`manifests do not validate against the upstream schemas:\n  ${problems.join('\n  ')}`);
  }
}

/** Every `apiVersion/kind` the shipped schemas define. */
export function knownKinds(): string[] {
  return [...load().byGvk.keys()].sort();
}
