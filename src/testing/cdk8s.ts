/**
 * Synthesize a cdk8s chart (or every chart of an app) and validate every manifest strictly against the
 * upstream schemas shipped with the package.
 */
import { App, Chart, Testing } from 'cdk8s';
import { validateManifests } from './schema';

/**
 * Synthesize a chart, run the app's validations (as `cdk8s synth` does), validate every manifest
 * strictly against the shipped upstream schemas, and return the manifests. Throws, listing every
 * problem, when one does not validate.
 *
 * ```ts
 * import { synthValid } from 'kube-secure-secrets/testing';
 * const manifests = synthValid(new PaymentsChart(Testing.app(), 'payments'));
 * ```
 */
export function synthValid(chart: Chart): Array<Record<string, unknown>> {
  const errors = chart.node.validate();
  if (errors.length > 0) {
    throw new Error(`the chart does not validate:\n  ${errors.join('\n  ')}`);
  }
  const manifests = Testing.synth(chart) as Array<Record<string, unknown>>;
  validateManifests(manifests);
  return manifests;
}

/** {@link synthValid} for every chart of an app, in order. */
export function synthAppValid(app: App): Array<Record<string, unknown>> {
  return app.charts.flatMap(chart => synthValid(chart));
}
