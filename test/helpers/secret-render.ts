/**
 * How a v1 Secret looks once written or applied, for the GitOps tests of both front-ends: keys sorted
 * (Go's encoding/json), `stringData` folded into base64 `data` (the API server, and the Pulumi Kubernetes
 * provider's `normalizeSecret`), and the provider's render-to-directory YAML.
 */
import { stringify } from 'yaml';

/** The value with every object's keys sorted, as Go's encoding/json writes them. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map(k => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function base64Values(map: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, Buffer.from(String(v)).toString('base64')]));
}

/** The Secret the cluster ends up with, for a Secret given by stringData only: its values as base64 data. */
export function asApplied(secret: any): any {
  const { stringData, ...rest } = secret;
  return stringData === undefined ? rest : { ...rest, data: base64Values(stringData) };
}

/**
 * What the Kubernetes provider writes for a v1 Secret in render mode: `normalizeSecret` (stringData into
 * base64 data; data values that are not base64 kept), then Go's encoding/json (sorted keys) to YAML.
 * (pulumi/pulumi-kubernetes provider/pkg/clients/unstructured.go, provider/pkg/provider/provider.go renderYaml.)
 */
export function renderLikeProvider(manifest: any): string {
  const m = JSON.parse(JSON.stringify(manifest));
  if (m.apiVersion === 'v1' && m.kind === 'Secret' && m.stringData && Object.keys(m.stringData).length > 0) {
    m.data = { ...m.data, ...base64Values(m.stringData) };
    delete m.stringData;
  }
  return stringify(sortKeys(m));
}
