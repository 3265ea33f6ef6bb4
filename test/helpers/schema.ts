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
 * which `apiVersion/kind`, which versions are refused). The key hashes the fixture bytes, this file, the
 * rules it shares with `kube-secure-secrets/testing` (src/testing/schema-rules.ts) and the ajv versions,
 * so editing a fixture or either file rebuilds it (./tmp-cache.cjs hashes, writes and prunes).
 * `liveManifestProblems` validates with validators compiled in memory, as before the cache;
 * test/helpers/schema-cache.test.ts checks both give the same problems.
 */
import * as fs from 'fs';
import * as path from 'path';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { networkPolicyProblems } from './netpol';
import { contentKey, filesUnder, packageVersion, prune, touch, writeAtomically } from './tmp-cache.cjs';
import {
  JsonObject, SchemaRegistry, SchemaTarget, SchemaTargetSpec, addCrds, addKubernetesDefinitions, gvkKey, newSchemaAjv, patchSwagger128,
  schemaProblems, throwUnlessValid,
} from '../../src/testing/schema-rules';

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
/** What the validators are built with besides this file (the cache key covers it). */
const RULES = path.join(__dirname, '..', '..', 'src', 'testing', 'schema-rules.ts');
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

/** What the vendored fixtures define, with every schema added (not compiled) to `ajv`. */
interface Definitions {
  /** In registration order; a key may have several (one per Kubernetes version). */
  readonly targets: SchemaTargetSpec[];
  /** `<apiVersion>/<kind>` -> why it is refused (a CRD version that is not served). */
  readonly refused: Record<string, string>;
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

/**
 * CRD patterns are Go RE2 expressions; JavaScript has no inline flags, so a leading `(?i)` (after an
 * optional `^`) becomes the `i` flag, as the API server would read it. Self-contained: its source is
 * written into the cache for the standalone validators, which `require` it by `goRegExp.code`. Not the one
 * of src/testing/schema.ts: coverage instruments src/, and its source would carry the counters along.
 */
function goRegExp(pattern: string, flags: string): RegExp {
  const m = /^(\^?)\(\?i\)(.*)$/s.exec(pattern);
  return m ? new RegExp(`${m[1]}${m[2]}`, `${flags}i`) : new RegExp(pattern, flags);
}
goRegExp.code = `require(${JSON.stringify(`./${GO_REGEXP_MODULE}`)}).goRegExp`;

/** `source: true` keeps each validator's code for ajv/dist/standalone; validation is the same either way. */
function newAjv(source: boolean): Ajv {
  const { default: AjvClass, _ } = ajvModule();
  return newSchemaAjv(AjvClass, addFormats, {
    source,
    regExp: goRegExp,
    // What addFormats sets by default, spelled out: the standalone code requires the same functions.
    formats: _`require("ajv-formats/dist/formats").fullFormats`,
  });
}

function loadKubernetes(ajv: Ajv, id: string, file: string, label: string, patch?: (defs: JsonObject) => void): SchemaTargetSpec[] {
  const defs = (JSON.parse(fs.readFileSync(path.join(FIXTURES, 'kubernetes', file), 'utf8')) as { definitions: JsonObject }).definitions;
  patch?.(defs);
  return addKubernetesDefinitions(ajv, `${BASE}/${id}`, label, defs);
}

function define(ajv: Ajv): Definitions {
  const k127 = loadKubernetes(ajv, 'k8s-1.27', 'cdk8s-definitions-v1.27.0.json', 'kubernetes 1.27');
  const k128 = loadKubernetes(ajv, 'k8s-1.28', 'swagger-v1.28.json', 'kubernetes 1.28', patchSwagger128);
  const crds = addCrds(ajv, FIXTURES, BASE, OBJECT_META_128, parseAllDocuments);
  return { targets: [...k127, ...k128, ...crds.targets], refused: crds.refused };
}

/**
 * `apiVersion/kind` -> its targets: the Kubernetes versions accumulate, a CRD replaces what was there
 * (CRDs are registered last, so a vendored CRD wins over a core definition of the same kind).
 */
function groupTargets(targets: readonly SchemaTargetSpec[]): Map<string, SchemaTargetSpec[]> {
  const byGvk = new Map<string, SchemaTargetSpec[]>();
  for (const t of targets) {
    const crd = t.id.startsWith(`${BASE}/crd/`);
    byGvk.set(t.key, crd ? [t] : [...(byGvk.get(t.key) ?? []), t]);
  }
  return byGvk;
}

// ---- the cache ------------------------------------------------------------------------------------------

/** Hash of everything the cache is made from: fixture paths and bytes, this file and the shared rules, the library versions. */
function cacheKey(): string {
  return contentKey([
    ...filesUnder(FIXTURES).flatMap(file => [path.relative(FIXTURES, file), fs.readFileSync(file)]),
    fs.readFileSync(__filename),
    fs.readFileSync(RULES),
    ...['ajv', 'ajv-formats', 'yaml'].map(p => `${p}@${packageVersion(p, __dirname)}`),
  ], 24);
}

/** A name under CACHE_ROOT that the cache owns: a key's directory or a temporary copy of one (tmp-cache.cjs `writeAtomically`). */
export function isCacheEntry(name: string): boolean {
  return /^[0-9a-f]{24}(?:\.tmp-\d+-\d+-\d+)?$/.test(name);
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
  // A key's directory, and what a process killed while writing one left beside it (`<key>.tmp-<pid>-...`).
  prune(CACHE_ROOT, { olderThanMs: UNUSED_FOR_MS, keep: dir, prunable: isCacheEntry });
  return dir;
}

let registry: SchemaRegistry | undefined;
let liveRegistry: SchemaRegistry | undefined;

function load(): SchemaRegistry {
  if (registry) {
    return registry;
  }
  const dir = buildSchemaCache();
  const cached = JSON.parse(fs.readFileSync(path.join(dir, 'registry.json'), 'utf8')) as CachedRegistry;
  const byGvk = new Map<string, SchemaTarget[]>();
  for (const [gvk, targets] of Object.entries(cached.byGvk)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    byGvk.set(gvk, targets.map(([label, file]) => ({ label, validator: lazy(() => require(path.join(dir, file)) as ValidateFunction) })));
  }
  registry = { byGvk, refused: new Map(Object.entries(cached.refused)) };
  return registry;
}

/** The same registry, compiled in memory from the fixtures (no cache), as the helper did before. */
function loadLive(): SchemaRegistry {
  if (liveRegistry) {
    return liveRegistry;
  }
  const ajv = newAjv(false);
  const { targets, refused } = define(ajv);
  const byGvk = new Map<string, SchemaTarget[]>();
  for (const [gvk, specs] of groupTargets(targets)) {
    byGvk.set(gvk, specs.map(({ label, id }) => ({ label, validator: lazy(() => ajv.getSchema(id)!) })));
  }
  liveRegistry = { byGvk, refused: new Map(Object.entries(refused)) };
  return liveRegistry;
}

// ---- validation -----------------------------------------------------------------------------------------

const NETWORK_POLICY = gvkKey('networking.k8s.io/v1', 'NetworkPolicy');

function problemsWith(reg: () => SchemaRegistry, manifest: unknown): string[] {
  return schemaProblems(manifest, {
    registry: reg,
    unknownKind: (apiVersion, kind) => `no vendored schema for apiVersion ${apiVersion} kind ${kind}; vendor its CRD into test/fixtures/schemas`,
    // What the schema cannot see: the API server's semantic checks (ValidateIPBlock, ports, peers). They
    // run on what decodes, so only on a schema-valid object (as the API server validates decoded objects).
    semantic: (key, m) => (key === NETWORK_POLICY ? networkPolicyProblems(m).map(p => `[API server validation] ${p}`) : []),
  });
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
  throwUnlessValid('expectValidManifests', manifests, manifestProblems);
}

/** Every `apiVersion/kind` the validator knows. */
export function knownKinds(): string[] {
  return [...load().byGvk.keys()].sort();
}

/** Every `apiVersion/kind` known when compiling in memory (the cache's test compares the two). */
export function liveKnownKinds(): string[] {
  return [...loadLive().byGvk.keys()].sort();
}
