/**
 * Every chart of every cdk8s example is valid kustomize input: no two objects share kustomize's resource
 * id (apiVersion, kind, namespace, name; kustomize api/resid), which kustomize and so Flux's
 * kustomize-controller refuse ("may not add resource with an already registered id"). Where kubectl is
 * installed, `kubectl kustomize` builds each chart too. One chart is one cluster's output (the hybrid
 * example writes one per cluster), so charts are checked one by one.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { CDK8S_EXAMPLES, buildCdk8sExample } from '../helpers/examples';

const HAS_KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

// kustomize reads a missing namespace as "default".
const id = (m: any) => `${m.apiVersion} ${m.kind} ${m.metadata?.namespace ?? 'default'}/${m.metadata?.name}`;

describe.each(Object.keys(CDK8S_EXAMPLES))('examples/cdk8s/%s', name => {
  const app = Testing.app();
  buildCdk8sExample(name, app);

  test.each(app.charts.map(c => [c.node.id, c] as const))('chart %s: every kustomize resource id once', (_, chart) => {
    const ids = chart.toJson().map(id);
    expect(ids.filter((x, i) => ids.indexOf(x) !== i)).toEqual([]);
    if (HAS_KUBECTL) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-kustomize-'));
      try {
        fs.writeFileSync(path.join(dir, 'chart.yaml'), chart.toJson().map((m: unknown) => stringify(m)).join('---\n'));
        fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n- chart.yaml\n');
        const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
        expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
