/**
 * Validates Kubernetes manifests against the vendored upstream schemas (see test/fixtures/SOURCES.md):
 * core kinds against the Kubernetes 1.27 and 1.28 definitions, custom kinds against their CRD's
 * openAPIV3Schema. Strict: unknown fields fail, unknown kinds fail, unserved CRD versions fail.
 *
 * Built once, not per test file: parsing the vendored YAML and compiling the validators cost about a
 * second in every test file that validates (a third of the suite). `buildSchemaCache` (run by jest's
 * globalSetup, test/global-setup.ts, and on first use when that did not run) writes
 * `.tmp/schema-cache/<key>/`: one standalone validator module per kind and version (ajv/dist/standalone:
 * the very code ajv compiles in memory, written to a file) and `registry.json` (which modules validate
 * which `apiVersion/kind`, which versions are refused). The key hashes the fixture bytes, this file and
 * the ajv versions, so editing a fixture or this helper rebuilds it (./tmp-cache.cjs hashes, writes and
 * prunes). `liveManifestProblems` validates with validators compiled in memory, as before the cache;
 * test/helpers/schema-cache.test.ts checks both give the same problems.
 */
import * as fs from 'fs';
import * as path from 'path';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { networkPolicyProblems } from './netpol';
import { contentKey, filesUnder, packageVersion, prune, touch, writeAtomically } from './tmp-cache.cjs';

/*
 * What builds validators (ajv's compiler, its standalone writer, ajv-formats, the YAML parser) is loaded
 * only to build the cache or compile in memory: a test file that validates from the cache loads none of
 * it (~0.13 s per file), only what the standalone code requires (ajv-formats/dist/formats, ajv's runtime).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const ajvModule = () => require('ajv') as typeof import('ajv');
const standaloneCode = (ajv: Ajv, validate: ValidateFunction): string => (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default(ajv, validate);
const addFormats = (ajv: Ajv): Ajv => (require('ajv-formats') as typeof import('ajv-formats')).default(ajv);
const parseAllDocuments = (source: string) => (require('yaml') as typeof import('yaml')).parseAllDocuments(source);
/* eslint-enable @typescript-eslint/no-require-imports */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'schemas');
const CACHE_ROOT = path.join(__dirname, '..', '..', '.tmp', 'schema-cache');
const BASE = 'https://schemas.kube-secure-secrets.test';
const OBJECT_META_128 = `${BASE}/k8s-1.28#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;
/**
 * Set by test/global-setup.ts to the directory it built (jest's workers inherit it), so test files skip
 * hashing the fixtures again.
 */
export const CACHE_ENV = 'KSS_SCHEMA_CACHE_DIR';
/** The module every standalone validator requires for `goRegExp` (written next to them). */
const GO_REGEXP_MODULE = 'go-regexp.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** One schema to check an `apiVersion/kind` against: its ajv id and how problems name it. */
interface TargetSpec {
  readonly key: string;
  readonly label: string;
  readonly id: string;
}

/** What the vendored fixtures define, with every schema added (not compiled) to `ajv`. */
interface Definitions {
  /** In registration order; a key may have several (one per Kubernetes version). */
  readonly targets: TargetSpec[];
  /** `<apiVersion>/<kind>` -> why it is refused (a CRD version that is not served). */
  readonly refused: Record<string, string>;
}

interface Target {
  readonly label: string;
  /** Loaded (or compiled) on first use: most test files validate a handful of kinds. */
  readonly validator: () => ValidateFunction;
}

interface Registry {
  /** `<apiVersion>/<kind>` -> the validators to run (one per Kubernetes version, or the CRD's). */
  readonly byGvk: Map<string, Target[]>;
  /** `<apiVersion>/<kind>` -> why it is refused (a CRD version that is not served). */
  readonly refused: Map<string, string>;
}

/** `registry.json` in a cache directory. */
interface CachedRegistry {
  /** `<apiVersion>/<kind>` -> [label, module file name] per validator, in the order they run. */
  readonly byGvk: Record<string, Array<[string, string]>>;
  readonly refused: Record<string, string>;
}

function lazy(make: () => ValidateFunction): () => ValidateFunction {
  let fn: ValidateFunction | undefined;
  return () => (fn ??= make());
}

/** Add `additionalProperties: false` where a schema lists properties and allows nothing else explicitly. */
function strictify(node: Json): Json {
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
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strictify(v)]));
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
 * optional `^`) becomes the `i` flag, as the API server would read it. Self-contained: its source is
 * written into the cache for the standalone validators, which `require` it by `goRegExp.code`.
 */
function goRegExp(pattern: string, flags: string): RegExp {
  const m = /^(\^?)\(\?i\)(.*)$/s.exec(pattern);
  return m ? new RegExp(`${m[1]}${m[2]}`, `${flags}i`) : new RegExp(pattern, flags);
}
goRegExp.code = `require(${JSON.stringify(`./${GO_REGEXP_MODULE}`)}).goRegExp`;

/** `source: true` keeps each validator's code for ajv/dist/standalone; validation is the same either way. */
function newAjv(source: boolean): Ajv {
  const { default: AjvClass, _ } = ajvModule();
  const ajv = new AjvClass({
    strict: false,
    allErrors: true,
    validateSchema: false,
    code: {
      source,
      regExp: goRegExp,
      // What addFormats sets by default, spelled out: the standalone code requires the same functions.
      formats: _`require("ajv-formats/dist/formats").fullFormats`,
    },
  });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'double', 'float', 'int-or-string', 'password', 'quantity']) {
    ajv.addFormat(f, true);
  }
  // `format: byte` is base64 (e.g. ESO caBundle): check it, since a PEM pasted there is a common mistake.
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  return ajv;
}

function loadKubernetes(ajv: Ajv, id: string, file: string, label: string, targets: TargetSpec[], patch?: (defs: JsonObject) => void): void {
  const defs = (JSON.parse(fs.readFileSync(path.join(FIXTURES, 'kubernetes', file), 'utf8')) as { definitions: JsonObject }).definitions;
  patch?.(defs);
  ajv.addSchema({ $id: `${BASE}/${id}`, definitions: strictify(defs) });
  for (const [name, def] of Object.entries(defs)) {
    const gvks = isObject(def) && Array.isArray(def['x-kubernetes-group-version-kind']) ? def['x-kubernetes-group-version-kind'] : [];
    // The same definition is listed for many GVKs (e.g. DeleteOptions); only kinds whose own
    // definition carries the GVK as its single entry are objects users create.
    if (gvks.length !== 1 || !isObject(gvks[0])) {
      continue;
    }
    const { group, version, kind } = gvks[0] as { group: string; version: string; kind: string };
    targets.push({ key: gvkKey(apiVersionOf(group, version), kind), label, id: `${BASE}/${id}#/definitions/${name}` });
  }
}

interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly schema: { readonly openAPIV3Schema: JsonObject };
}

function loadCrds(ajv: Ajv, targets: TargetSpec[], refused: Record<string, string>): void {
  for (const dir of fs.readdirSync(FIXTURES).sort()) {
    if (dir === 'kubernetes') {
      continue;
    }
    for (const file of fs.readdirSync(path.join(FIXTURES, dir)).sort()) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(FIXTURES, dir, file), 'utf8'))) {
        const crd: unknown = doc.toJS();
        if (!isObject(crd) || crd.kind !== 'CustomResourceDefinition') {
          continue;
        }
        const { group, names, versions } = crd.spec as { group: string; names: { kind: string }; versions: CrdVersion[] };
        const served = versions.filter(v => v.served).map(v => v.name);
        for (const version of versions) {
          const key = gvkKey(`${group}/${version.name}`, names.kind);
          if (!version.served) {
            refused[key] = `${group}/${version.name} ${names.kind} is not served by ${dir}/${file} (served: ${served.join(', ')})`;
            continue;
          }
          const schema = strictify(version.schema.openAPIV3Schema) as JsonObject;
          schema.properties = { ...(schema.properties as JsonObject | undefined), metadata: { $ref: OBJECT_META_128 } };
          schema.required = [...new Set([...((schema.required as string[] | undefined) ?? []), 'metadata'])];
          const id = `${BASE}/crd/${key}`;
          ajv.addSchema({ $id: id, ...schema });
          targets.push({ key, label: `${dir}/${file}`, id });
        }
      }
    }
  }
}

function define(ajv: Ajv): Definitions {
  const targets: TargetSpec[] = [];
  const refused: Record<string, string> = {};
  loadKubernetes(ajv, 'k8s-1.27', 'cdk8s-definitions-v1.27.0.json', 'kubernetes 1.27', targets);
  loadKubernetes(ajv, 'k8s-1.28', 'swagger-v1.28.json', 'kubernetes 1.28', targets, defs => {
    // The swagger types these as strings with a format; the API server accepts numbers too.
    defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    defs['io.k8s.apimachinery.pkg.api.resource.Quantity'] = { oneOf: [{ type: 'string' }, { type: 'number' }] };
  });
  loadCrds(ajv, targets, refused);
  return { targets, refused };
}

/**
 * `apiVersion/kind` -> its targets: the Kubernetes versions accumulate, a CRD replaces what was there
 * (CRDs are registered last, so a vendored CRD wins over a core definition of the same kind).
 */
function groupTargets(targets: readonly TargetSpec[]): Map<string, TargetSpec[]> {
  const byGvk = new Map<string, TargetSpec[]>();
  for (const t of targets) {
    const crd = t.id.startsWith(`${BASE}/crd/`);
    byGvk.set(t.key, crd ? [t] : [...(byGvk.get(t.key) ?? []), t]);
  }
  return byGvk;
}

// ---- the cache ------------------------------------------------------------------------------------------

/** Hash of everything the cache is made from: fixture paths and bytes, this file, the library versions. */
function cacheKey(): string {
  return contentKey([
    ...filesUnder(FIXTURES).flatMap(file => [path.relative(FIXTURES, file), fs.readFileSync(file)]),
    fs.readFileSync(__filename),
    ...['ajv', 'ajv-formats', 'yaml'].map(p => `${p}@${packageVersion(p, __dirname)}`),
  ], 24);
}

/** A cache no run has read for this long is removed when another key's cache is built. */
const UNUSED_FOR_MS = 30 * 60 * 1000;

/**
 * Make sure `.tmp/schema-cache/<key>/` exists for the current fixtures and return it. Written to a
 * temporary directory and renamed into place, so a concurrent run never reads a half-written cache;
 * caches of other keys are removed once no run has used them for UNUSED_FOR_MS (a run still going with
 * an older key, e.g. in the same working tree before an edit of this file, keeps its own).
 */
export function buildSchemaCache(): string {
  const fromSetup = process.env[CACHE_ENV];
  if (fromSetup && fs.existsSync(path.join(fromSetup, 'registry.json'))) {
    touch(fromSetup);
    return fromSetup;
  }
  const key = cacheKey();
  const dir = path.join(CACHE_ROOT, key);
  if (fs.existsSync(path.join(dir, 'registry.json'))) {
    touch(dir);
    return dir;
  }
  const ajv = newAjv(true);
  const { targets, refused } = define(ajv);
  writeAtomically(dir, tmp => {
    fs.mkdirSync(tmp);
    fs.writeFileSync(path.join(tmp, GO_REGEXP_MODULE), `"use strict";\nexports.goRegExp = ${goRegExp.toString()};\n`);
    const byGvk: Record<string, Array<[string, string]>> = {};
    const files = new Map<string, string>();
    for (const [gvk, specs] of groupTargets(targets)) {
      byGvk[gvk] = specs.map(({ label, id }) => {
        let file = files.get(id);
        if (!file) {
          file = `v${files.size}.js`;
          files.set(id, file);
          fs.writeFileSync(path.join(tmp, file), standaloneCode(ajv, ajv.getSchema(id)!));
        }
        return [label, file];
      });
    }
    // Written last: a directory with it is complete.
    const registry: CachedRegistry = { byGvk, refused };
    fs.writeFileSync(path.join(tmp, 'registry.json'), JSON.stringify(registry));
  }, () => fs.existsSync(path.join(dir, 'registry.json')));
  prune(CACHE_ROOT, { olderThanMs: UNUSED_FOR_MS, keep: dir, prunable: name => /^[0-9a-f]{24}$/.test(name) });
  return dir;
}

let registry: Registry | undefined;
let liveRegistry: Registry | undefined;

function load(): Registry {
  if (registry) {
    return registry;
  }
  const dir = buildSchemaCache();
  const cached = JSON.parse(fs.readFileSync(path.join(dir, 'registry.json'), 'utf8')) as CachedRegistry;
  const byGvk = new Map<string, Target[]>();
  for (const [gvk, targets] of Object.entries(cached.byGvk)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    byGvk.set(gvk, targets.map(([label, file]) => ({ label, validator: lazy(() => require(path.join(dir, file)) as ValidateFunction) })));
  }
  registry = { byGvk, refused: new Map(Object.entries(cached.refused)) };
  return registry;
}

/** The same registry, compiled in memory from the fixtures (no cache), as the helper did before. */
function loadLive(): Registry {
  if (liveRegistry) {
    return liveRegistry;
  }
  const ajv = newAjv(false);
  const { targets, refused } = define(ajv);
  const byGvk = new Map<string, Target[]>();
  for (const [gvk, specs] of groupTargets(targets)) {
    byGvk.set(gvk, specs.map(({ label, id }) => ({ label, validator: lazy(() => ajv.getSchema(id)!) })));
  }
  liveRegistry = { byGvk, refused: new Map(Object.entries(refused)) };
  return liveRegistry;
}

// ---- validation -----------------------------------------------------------------------------------------

function problemsWith(reg: () => Registry, manifest: unknown): string[] {
  if (isObject(manifest) && isObject(manifest.sops) && typeof manifest.sops.mac === 'string') {
    // A SOPS-encrypted file: Flux decrypts it before applying, and the object it applies has the same
    // shape minus the sops metadata (encrypted values are strings, as the plaintext ones are).
    const { sops: _sops, ...applied } = manifest;
    return problemsWith(reg, applied);
  }
  const { byGvk, refused } = reg();
  const m = isObject(manifest) ? manifest : undefined;
  const metadata = isObject(m?.metadata) ? m.metadata : undefined;
  const where = `${m?.apiVersion}/${m?.kind} ${metadata?.namespace ?? '-'}/${metadata?.name ?? '?'}`;
  if (!m || typeof m.apiVersion !== 'string' || typeof m.kind !== 'string') {
    return [`${where}: apiVersion and kind are required`];
  }
  const key = gvkKey(m.apiVersion, m.kind);
  if (refused.has(key)) {
    return [`${where}: ${refused.get(key)}`];
  }
  const targets = byGvk.get(key);
  if (!targets) {
    return [`${where}: no vendored schema for apiVersion ${m.apiVersion} kind ${m.kind}; vendor its CRD into test/fixtures/schemas`];
  }
  const problems: string[] = [];
  if (typeof metadata?.name !== 'string' || metadata.name === '') {
    problems.push(`${where}: metadata.name is required`);
  }
  for (const { label, validator } of targets) {
    const validate = validator();
    if (!validate(manifest)) {
      for (const e of validate.errors ?? []) {
        const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : '';
        problems.push(`${where} [${label}] ${e.instancePath || '/'} ${e.message}${extra}`);
      }
    }
  }
  if (key === gvkKey('networking.k8s.io/v1', 'NetworkPolicy') && problems.length === 0) {
    // What the schema cannot see: the API server's semantic checks (ValidateIPBlock, ports, peers). They
    // run on what decodes, so only on a schema-valid object (as the API server validates decoded objects).
    problems.push(...networkPolicyProblems(manifest).map(p => `${where} [API server validation] ${p}`));
  }
  return problems;
}

/** Problems found in one manifest (empty when it is valid). */
export function manifestProblems(manifest: unknown): string[] {
  return problemsWith(load, manifest);
}

/**
 * `manifestProblems` with validators compiled in memory from the fixtures, bypassing the cache (seconds
 * per call site's first use of a kind): only for the test that the cache changes nothing.
 */
export function liveManifestProblems(manifest: unknown): string[] {
  return problemsWith(loadLive, manifest);
}

/** Throw, listing every problem, unless all manifests validate against their upstream schemas. */
export function expectValidManifests(manifests: readonly unknown[]): void {
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

/** Every `apiVersion/kind` known when compiling in memory (the cache's test compares the two). */
export function liveKnownKinds(): string[] {
  return [...loadLive().byGvk.keys()].sort();
}
