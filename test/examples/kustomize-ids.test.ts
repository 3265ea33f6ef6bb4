/**
 * Every chart of every cdk8s example is valid kustomize input: no two objects share kustomize's resource
 * id (apiVersion, kind, namespace, name; kustomize api/resid), which kustomize and so Flux's
 * kustomize-controller refuse ("may not add resource with an already registered id"). Where kubectl is
 * installed, `kubectl kustomize` builds each chart too. One chart is one cluster's output (the hybrid
 * example writes one per cluster), so charts are checked one by one.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { CDK8S_EXAMPLES, buildCdk8sExample } from '../helpers/examples';

const HAS_KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

// kustomize reads a missing namespace as "default".
const id = (m: any) => `${m.apiVersion} ${m.kind} ${m.metadata?.namespace ?? 'default'}/${m.metadata?.name}`;

/** `kubectl kustomize` over one chart's manifests, in its own directory (removed after). */
async function kustomizeBuild(manifests: unknown[]): Promise<{ status: number | null; stderr: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-kustomize-'));
  try {
    fs.writeFileSync(path.join(dir, 'chart.yaml'), manifests.map(m => stringify(m)).join('---\n'));
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n- chart.yaml\n');
    return await new Promise((resolve, reject) => {
      const child = spawn('kubectl', ['kustomize', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
      child.once('error', reject).once('close', status => resolve({ status, stderr }));
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One chart checked: its manifests (synthesized once) and, with kubectl, its kustomize build. */
interface ChartCheck {
  readonly manifests: any[];
  readonly kustomize?: { status: number | null; stderr: string };
}

const checks = new Map<Chart, Promise<ChartCheck>>();
/** Started for every chart before the first test, so the kubectl processes run side by side. */
function check(chart: Chart): Promise<ChartCheck> {
  if (!checks.has(chart)) {
    checks.set(chart, (async () => {
      const manifests = chart.toJson();
      return { manifests, kustomize: HAS_KUBECTL ? await kustomizeBuild(manifests) : undefined };
    })());
  }
  return checks.get(chart)!;
}

const apps = Object.keys(CDK8S_EXAMPLES).map(name => {
  const app = Testing.app();
  buildCdk8sExample(name, app);
  return [name, app] as const;
});

beforeAll(() => {
  // Each test awaits (and so reports) its own chart's outcome; this only starts them all.
  for (const [, app] of apps) {
    app.charts.forEach(chart => check(chart).catch(() => undefined));
  }
});

describe.each(apps)('examples/cdk8s/%s', (_name, app) => {
  test.each(app.charts.map(c => [c.node.id, c] as const))('chart %s: every kustomize resource id once', async (_, chart) => {
    const { manifests, kustomize } = await check(chart);
    const ids = manifests.map(id);
    expect(ids.filter((x, i) => ids.indexOf(x) !== i)).toEqual([]);
    if (HAS_KUBECTL) {
      expect(kustomize).toEqual({ status: 0, stderr: '' });
    }
  });
});
