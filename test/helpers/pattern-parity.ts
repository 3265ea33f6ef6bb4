/**
 * Parity of a pattern (for every pattern): render it in cdk8s and in Pulumi under mocks, and return both
 * lists of plain manifests normalised for comparison, so a table-driven test can `expect(a).toEqual(b)`.
 *
 * Normalisation removes only what a front-end adds by itself, never a field the pattern decides:
 * - cdk8s' `cdk8s.io/metadata.addr` label (and the labels/annotations maps it leaves empty);
 * - Pulumi's secret wrapper (`{ 4dabf18193072939515e22adb298388d: <sig>, value }`) becomes its value;
 * - `undefined` fields (a JSON round trip, as YAML would drop them);
 * - order: manifests sorted by `apiVersion/kind/namespace/name`.
 * Kinds the user builds differently in each front-end (their own workloads) can be left out with `ignoreKinds`.
 */
import * as pulumi from '@pulumi/pulumi';
import { Chart, Testing } from 'cdk8s';
import { testChart } from './cdk8s';
import { kubernetesManifests, resetRecorded, settle } from './pulumi';

/** Pulumi's marker of a secret value in serialized inputs (`@pulumi/pulumi` runtime `specialSigKey`). */
const SPECIAL_SIG_KEY = '4dabf18193072939515e22adb298388d';
const CDK8S_ADDR_LABEL = 'cdk8s.io/metadata.addr';

/** One pattern input, given to both front-ends. */
export interface PatternParityCase {
  /** Build the pattern in the chart (namespace `payments` unless `namespace` says otherwise). */
  readonly cdk8s: (chart: Chart) => void;
  /** Build the pattern with the Pulumi components; return the resources to wait for (the pattern). */
  readonly pulumi: () => pulumi.Resource | readonly pulumi.Resource[];
  /**
   * The cdk8s chart's namespace.
   * @default 'payments'
   */
  readonly namespace?: string;
  /**
   * Kinds left out of both lists (e.g. the user's own Deployments, built differently in each front-end).
   * @default - none
   */
  readonly ignoreKinds?: readonly string[];
}

/** Both renderings of a pattern, normalised. */
export interface PatternRenderings {
  readonly cdk8s: any[];
  readonly pulumi: any[];
}

function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(unwrap);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const o = value as Record<string, unknown>;
  if (SPECIAL_SIG_KEY in o && 'value' in o) {
    return unwrap(o.value);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unwrap(v)]));
}

/** The sort key of a manifest. */
export function manifestKey(m: any): string {
  return `${m?.apiVersion}/${m?.kind}/${m?.metadata?.namespace ?? ''}/${m?.metadata?.name}`;
}

/** Normalise a list of manifests for comparison across front-ends (see the file comment). */
export function normaliseManifests(manifests: readonly unknown[], ignoreKinds: readonly string[] = []): any[] {
  const ignored = new Set(ignoreKinds);
  return manifests
    .map(m => unwrap(JSON.parse(JSON.stringify(m))) as any)
    .filter(m => !ignored.has(m?.kind))
    .map(m => {
      const metadata = m.metadata ?? {};
      if (metadata.labels) {
        delete metadata.labels[CDK8S_ADDR_LABEL];
        if (Object.keys(metadata.labels).length === 0) {
          delete metadata.labels;
        }
      }
      if (metadata.annotations && Object.keys(metadata.annotations).length === 0) {
        delete metadata.annotations;
      }
      return m;
    })
    .sort((a, b) => (manifestKey(a) < manifestKey(b) ? -1 : manifestKey(a) > manifestKey(b) ? 1 : 0));
}

/**
 * Render a pattern in both front-ends (Pulumi mocks must be installed: `setupPulumiMocks` in beforeAll)
 * and return both manifest lists, normalised. Forgets earlier recorded Pulumi resources first.
 */
export async function renderPatternBoth(c: PatternParityCase): Promise<PatternRenderings> {
  const chart = testChart({ namespace: c.namespace ?? 'payments' });
  c.cdk8s(chart);
  const fromCdk8s = Testing.synth(chart);
  resetRecorded();
  const made = c.pulumi();
  await settle(...(Array.isArray(made) ? made : [made]) as pulumi.Resource[]);
  return {
    cdk8s: normaliseManifests(fromCdk8s, c.ignoreKinds),
    pulumi: normaliseManifests(kubernetesManifests(), c.ignoreKinds),
  };
}
