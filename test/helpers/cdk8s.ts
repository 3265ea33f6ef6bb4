import { App, Chart, ChartProps, Testing } from 'cdk8s';
import { expectValidManifests } from './schema';

/** A fresh chart in a test app (namespace `payments` unless told otherwise). */
export function testChart(props: ChartProps = { namespace: 'payments' }): Chart {
  return new Chart(Testing.app(), 'test', props);
}

/** Synthesize a chart and validate every manifest against the upstream schemas. */
export function synthValid(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  expectValidManifests(manifests);
  return manifests;
}

/** Synthesize every chart of an app and validate every manifest. */
export function synthAppValid(app: App): any[] {
  const manifests = app.charts.flatMap(c => Testing.synth(c));
  expectValidManifests(manifests);
  return manifests;
}

/** The manifests of one kind (and optionally name). */
export function ofKind(manifests: any[], kind: string, name?: string): any[] {
  return manifests.filter(m => m.kind === kind && (name === undefined || m.metadata?.name === name));
}

/** The only manifest of a kind (and optionally name); fails when there is not exactly one. */
export function only(manifests: any[], kind: string, name?: string): any {
  const found = ofKind(manifests, kind, name);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  }
  return found[0];
}
