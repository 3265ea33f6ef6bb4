/**
 * Strict validation of Kubernetes manifests against the upstream schemas shipped in `assets/schemas/`
 * (see its SOURCES.md): core kinds against the Kubernetes 1.28 OpenAPI definitions, custom kinds against
 * their CRD's `openAPIV3Schema`. Strict like `kubeconform -strict`: an object schema that lists
 * `properties` gets `additionalProperties: false` unless it carries `x-kubernetes-preserve-unknown-fields`
 * (the API server prunes unknown CRD fields silently, so a typo would otherwise pass and vanish); unknown
 * kinds and unserved CRD versions fail. The same rules as the project's own test helper (./schema-rules.ts).
 *
 * ajv and ajv-formats are optional peers, loaded on first use (install them as dev dependencies).
 */
import * as fs from 'fs';
import * as path from 'path';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import {
  JsonObject, SchemaRegistry, SchemaTarget, YamlDocumentsParser, addCrds, addKubernetesDefinitions, bundledYamlParser, newSchemaAjv, patchSwagger128,
  schemaProblems, throwUnlessValid,
} from './schema-rules';

const SCHEMAS = path.join(__dirname, '..', '..', 'assets', 'schemas');
const BASE = 'https://schemas.kube-secure-secrets.invalid';
const OBJECT_META = `${BASE}/k8s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;
/** The shipped CRDs already parsed, written next to the compiled entry by the compile task (scripts/crd-bundle.cjs). */
const CRD_BUNDLE = path.join(__dirname, 'crd-bundle.json');

/** yaml's parser, loaded only for CRD files the bundle does not hold. */
function yamlParser(): YamlDocumentsParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('yaml') as typeof import('yaml')).parseAllDocuments;
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

let registry: SchemaRegistry | undefined;

function load(): SchemaRegistry {
  if (registry) {
    return registry;
  }
  const AjvClass = peer<{ default: typeof Ajv }>('ajv').default;
  const addFormats = peer<{ default: (ajv: Ajv) => Ajv }>('ajv-formats').default;
  const ajv = newSchemaAjv(AjvClass, addFormats, { regExp: goRegExp });
  const lazy = (id: string) => {
    let fn: ValidateFunction | undefined;
    return () => (fn ??= ajv.getSchema(id)!);
  };
  // One validator per kind: a CRD replaces a core definition of the same kind (CRDs are added last).
  const byGvk = new Map<string, SchemaTarget[]>();
  const defs = (JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'kubernetes', 'swagger-v1.28.json'), 'utf8')) as { definitions: JsonObject }).definitions;
  patchSwagger128(defs);
  const core = addKubernetesDefinitions(ajv, `${BASE}/k8s`, 'kubernetes 1.28', defs);
  const crds = addCrds(ajv, SCHEMAS, BASE, OBJECT_META, bundledYamlParser(CRD_BUNDLE, yamlParser));
  for (const { key, id, label } of [...core, ...crds.targets]) {
    byGvk.set(key, [{ label, validator: lazy(id) }]);
  }
  registry = { byGvk, refused: new Map(Object.entries(crds.refused)) };
  return registry;
}

/**
 * The problems of one manifest against the shipped upstream schemas (empty when it is valid). A
 * SOPS-encrypted file is checked as the object Flux applies after decrypting it (without `sops`).
 */
export function manifestProblems(manifest: unknown): string[] {
  return schemaProblems(manifest, {
    registry: load,
    unknownKind: (apiVersion, kind) => `no schema shipped for apiVersion ${apiVersion} kind ${kind} (see kube-secure-secrets/assets/schemas/SOURCES.md)`,
  });
}

/**
 * Throw an Error listing every problem unless every manifest validates strictly against the shipped
 * upstream schemas (and there is at least one).
 */
export function validateManifests(manifests: readonly unknown[]): void {
  throwUnlessValid('validateManifests', manifests, manifestProblems);
}

/** Every `apiVersion/kind` the shipped schemas define. */
export function knownKinds(): string[] {
  return [...load().byGvk.keys()].sort();
}
