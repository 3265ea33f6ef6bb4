/**
 * The cdk8s front-end with the oldest and the newest supported cdk8s-plus major: every cdk8s example is
 * synthesized once with cdk8s-plus-27 (the tested default) and once with cdk8s-plus-34 in its place (the
 * examples' `import 'cdk8s-plus-27'` and the library's run-time lookup both get cdk8s-plus-34, as in a
 * project that installed only cdk8s-plus-34), each manifest is validated strictly against the vendored
 * schemas, and what the library decides (every object it writes, and in workloads the volumes, mounts,
 * env, ServiceAccount and annotations) is the same with both.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CDK8S_EXAMPLES as EXAMPLES, buildCdk8sExample, cdk8sExampleNames } from '../helpers/examples';
import { expectValidManifests } from '../helpers/schema';

type Manifest = { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; spec?: any };

const root = path.join(__dirname, '..', '..');

let all27: Record<string, Manifest[]> | undefined;
let all34: Record<string, Manifest[]> | undefined;

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'];

/**
 * Synthesize every example with the given cdk8s-plus module standing in for cdk8s-plus-27, loading the
 * library and the examples once per module (each example in its own app).
 */
function synthAllWith(kplusModule: string): Record<string, Manifest[]> {
  const out: Record<string, Manifest[]> = {};
  jest.isolateModules(() => {
    if (kplusModule !== 'cdk8s-plus-27') {
      jest.doMock('cdk8s-plus-27', () => jest.requireActual(kplusModule));
    }
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const cdk8s = require('cdk8s');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const kplus = require('cdk8s-plus-27');
      expect(kplus.Deployment).toBe(jest.requireActual(kplusModule).Deployment);
      for (const example of Object.keys(EXAMPLES)) {
        const app = new cdk8s.App();
        buildCdk8sExample(example, app);
        out[example] = app.charts.flatMap((c: { toJson(): Manifest[] }) => c.toJson());
      }
    } finally {
      jest.dontMock('cdk8s-plus-27');
    }
  });
  return out;
}

/** Ciphertexts differ from run to run (fresh keys and nonces): compare their place, not their bytes. */
function withoutCiphertext(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    return value.startsWith('ENC[') || value.includes('BEGIN AGE ENCRYPTED FILE') || key === 'lastmodified' ? '<ciphertext>' : value;
  }
  if (Array.isArray(value)) {
    return value.map(v => withoutCiphertext(v));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, key === 'encryptedData' ? '<sealed>' : withoutCiphertext(v, k)]));
  }
  return value;
}

/** What the library decides in a workload: its pod spec's secret plumbing, ServiceAccount and annotations. */
function decided(m: Manifest): unknown {
  if (!WORKLOAD_KINDS.includes(m.kind)) {
    return withoutCiphertext(m);
  }
  const template = m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template : m.kind === 'Pod' ? m : m.spec.template;
  const pod = template.spec;
  return {
    kind: m.kind,
    name: m.metadata.name,
    annotations: m.metadata.annotations,
    podAnnotations: template.metadata?.annotations,
    podLabels: template.metadata?.labels,
    serviceAccountName: pod.serviceAccountName,
    automountServiceAccountToken: pod.automountServiceAccountToken,
    volumes: pod.volumes,
    containers: [...pod.initContainers ?? [], ...pod.containers]
      .map((c: any) => ({ name: c.name, volumeMounts: c.volumeMounts, env: c.env, envFrom: c.envFrom })),
  };
}

test('the table covers every cdk8s example', () => {
  expect(Object.keys(EXAMPLES).sort()).toEqual(cdk8sExampleNames());
});

test('no source file imports one cdk8s-plus major (the adapter picks the installed one at run time)', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.ts') && /from 'cdk8s-plus-\d+'|require\('cdk8s-plus-\d+'\)/.test(fs.readFileSync(full, 'utf8'))) {
        offenders.push(path.relative(root, full));
      }
    }
  };
  walk(path.join(root, 'src'));
  expect(offenders).toEqual([]);
});

describe.each(Object.keys(EXAMPLES))('examples/cdk8s/%s', example => {
  let with27: Manifest[];
  let with34: Manifest[];
  beforeAll(() => {
    all27 ??= synthAllWith('cdk8s-plus-27');
    all34 ??= synthAllWith('cdk8s-plus-34');
    with27 = all27[example];
    with34 = all34[example];
  });

  test('synthesizes schema-valid with cdk8s-plus-27 and cdk8s-plus-34, with the same decisions', () => {
    expect(with27.length).toBeGreaterThan(0);
    expectValidManifests(with27);
    expectValidManifests(with34);
    expect(with34.map(m => `${m.kind}/${m.metadata.name}`)).toEqual(with27.map(m => `${m.kind}/${m.metadata.name}`));
    expect(with34.map(decided)).toEqual(with27.map(decided));
  });
});
