/**
 * Validates Kubernetes manifests against the vendored upstream schemas (see test/fixtures/SOURCES.md):
 * core kinds against the Kubernetes 1.27 and 1.28 definitions, custom kinds against their CRD's
 * openAPIV3Schema. Strict: unknown fields fail, unknown kinds fail, unserved CRD versions fail.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { networkPolicyProblems } from './netpol';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'schemas');
const BASE = 'https://schemas.kube-secure-secrets.test';
const OBJECT_META_128 = `${BASE}/k8s-1.28#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;

interface Target {
  readonly label: string;
  /** Compiled on first use: compiling every schema up front would cost seconds per test file. */
  readonly validator: () => ValidateFunction;
}

function lazy(compile: () => ValidateFunction): () => ValidateFunction {
  let fn: ValidateFunction | undefined;
  return () => (fn ??= compile());
}

interface Registry {
  /** `<apiVersion>/<kind>` -> the validators to run (one per Kubernetes version, or the CRD's). */
  readonly byGvk: Map<string, Target[]>;
  /** `<apiVersion>/<kind>` -> why it is refused (a CRD version that is not served). */
  readonly refused: Map<string, string>;
}

let registry: Registry | undefined;

/** Add `additionalProperties: false` where a schema lists properties and allows nothing else explicitly. */
function strictify(node: any): any {
  if (Array.isArray(node)) {
    return node.map(strictify);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const out: any = {};
  for (const [key, value] of Object.entries(node)) {
    // `properties` and `definitions` are maps of schemas, not schemas: recurse into each value.
    if ((key === 'properties' || key === 'definitions' || key === 'patternProperties') && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strictify(v)]));
    } else {
      out[key] = strictify(value);
    }
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/**
 * CRD patterns are Go RE2 expressions; JavaScript has no inline flags, so a leading `(?i)` (after an
 * optional `^`) becomes the `i` flag, as the API server would read it.
 */
function goRegExp(pattern: string, flags: string): RegExp {
  const m = /^(\^?)\(\?i\)(.*)$/s.exec(pattern);
  return m ? new RegExp(`${m[1]}${m[2]}`, `${flags}i`) : new RegExp(pattern, flags);
}
goRegExp.code = 'goRegExp';

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, code: { regExp: goRegExp as any } });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'double', 'float', 'int-or-string', 'password', 'quantity']) {
    ajv.addFormat(f, true);
  }
  // `format: byte` is base64 (e.g. ESO caBundle): check it, since a PEM pasted there is a common mistake.
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  return ajv;
}

function loadKubernetes(ajv: Ajv, id: string, file: string, label: string, byGvk: Map<string, Target[]>, patch?: (defs: any) => void): void {
  const defs = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'kubernetes', file), 'utf8')).definitions;
  patch?.(defs);
  ajv.addSchema({ $id: `${BASE}/${id}`, definitions: strictify(defs) });
  for (const [name, def] of Object.entries<any>(defs)) {
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      const key = gvkKey(apiVersionOf(gvk.group, gvk.version), gvk.kind);
      // The same definition is listed for many GVKs (e.g. DeleteOptions); only kinds whose own
      // definition carries the GVK as its single entry are objects users create.
      if (def['x-kubernetes-group-version-kind'].length !== 1) {
        continue;
      }
      const validator = lazy(() => ajv.getSchema(`${BASE}/${id}#/definitions/${name}`)!);
      byGvk.set(key, [...(byGvk.get(key) ?? []), { label, validator }]);
    }
  }
}

function loadCrds(ajv: Ajv, byGvk: Map<string, Target[]>, refused: Map<string, string>): void {
  for (const dir of fs.readdirSync(FIXTURES)) {
    if (dir === 'kubernetes') {
      continue;
    }
    for (const file of fs.readdirSync(path.join(FIXTURES, dir))) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(FIXTURES, dir, file), 'utf8'))) {
        const crd = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') {
          continue;
        }
        const { group, names, versions } = crd.spec;
        const served = versions.filter((v: any) => v.served).map((v: any) => v.name);
        for (const version of versions) {
          const key = gvkKey(`${group}/${version.name}`, names.kind);
          if (!version.served) {
            refused.set(key, `${group}/${version.name} ${names.kind} is not served by ${dir}/${file} (served: ${served.join(', ')})`);
            continue;
          }
          const schema = strictify(version.schema.openAPIV3Schema);
          schema.properties = { ...schema.properties, metadata: { $ref: OBJECT_META_128 } };
          schema.required = [...new Set([...(schema.required ?? []), 'metadata'])];
          const validator = lazy(() => ajv.compile({ $id: `${BASE}/crd/${key}`, ...schema }));
          byGvk.set(key, [{ label: `${dir}/${file}`, validator }]);
        }
      }
    }
  }
}

function load(): Registry {
  if (registry) {
    return registry;
  }
  const ajv = newAjv();
  const byGvk = new Map<string, Target[]>();
  const refused = new Map<string, string>();
  loadKubernetes(ajv, 'k8s-1.27', 'cdk8s-definitions-v1.27.0.json', 'kubernetes 1.27', byGvk);
  loadKubernetes(ajv, 'k8s-1.28', 'swagger-v1.28.json', 'kubernetes 1.28', byGvk, defs => {
    // The swagger types these as strings with a format; the API server accepts numbers too.
    defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    defs['io.k8s.apimachinery.pkg.api.resource.Quantity'] = { oneOf: [{ type: 'string' }, { type: 'number' }] };
  });
  loadCrds(ajv, byGvk, refused);
  registry = { byGvk, refused };
  return registry;
}

/** Problems found in one manifest (empty when it is valid). */
export function manifestProblems(manifest: any): string[] {
  if (manifest && typeof manifest === 'object' && manifest.sops && typeof manifest.sops === 'object' && typeof manifest.sops.mac === 'string') {
    // A SOPS-encrypted file: Flux decrypts it before applying, and the object it applies has the same
    // shape minus the sops metadata (encrypted values are strings, as the plaintext ones are).
    const { sops: _sops, ...applied } = manifest;
    return manifestProblems(applied);
  }
  const { byGvk, refused } = load();
  const where = `${manifest?.apiVersion}/${manifest?.kind} ${manifest?.metadata?.namespace ?? '-'}/${manifest?.metadata?.name ?? '?'}`;
  if (!manifest || typeof manifest.apiVersion !== 'string' || typeof manifest.kind !== 'string') {
    return [`${where}: apiVersion and kind are required`];
  }
  const key = gvkKey(manifest.apiVersion, manifest.kind);
  if (refused.has(key)) {
    return [`${where}: ${refused.get(key)}`];
  }
  const targets = byGvk.get(key);
  if (!targets) {
    return [`${where}: no vendored schema for apiVersion ${manifest.apiVersion} kind ${manifest.kind}; vendor its CRD into test/fixtures/schemas`];
  }
  const problems: string[] = [];
  if (typeof manifest.metadata?.name !== 'string' || manifest.metadata.name === '') {
    problems.push(`${where}: metadata.name is required`);
  }
  for (const { label, validator } of targets) {
    const validate = validator();
    if (!validate(manifest)) {
      for (const e of validate.errors ?? []) {
        const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as any).additionalProperty})` : '';
        problems.push(`${where} [${label}] ${e.instancePath || '/'} ${e.message}${extra}`);
      }
    }
  }
  if (key === gvkKey('networking.k8s.io/v1', 'NetworkPolicy')) {
    // What the schema cannot see: the API server's semantic checks (ValidateIPBlock, ports, peers).
    problems.push(...networkPolicyProblems(manifest).map(p => `${where} [API server validation] ${p}`));
  }
  return problems;
}

/** Throw, listing every problem, unless all manifests validate against their upstream schemas. */
export function expectValidManifests(manifests: any[]): void {
  if (manifests.length === 0) {
    throw new Error('expectValidManifests: no manifests to validate');
  }
  const problems = manifests.flatMap(manifestProblems);
  if (problems.length > 0) {
    throw new Error(`manifests do not validate against the upstream schemas:\n  ${problems.join('\n  ')}`);
  }
}

/** Every `apiVersion/kind` the validator knows. */
export function knownKinds(): string[] {
  return [...load().byGvk.keys()].sort();
}
