/**
 * `npm run examples`: synthesize every cdk8s example to YAML and run every Pulumi example offline under
 * mocks, all into dist/examples/, and print what was written. Examples import the package by its public
 * names (`kube-secure-secrets`, `kube-secure-secrets/pulumi`), which resolve to the compiled lib/ through
 * the package's own `exports`, exactly as in a user's project.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'examples');

function run(args: string[], env: Record<string, string>): void {
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', ...args], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error(`${args.join(' ')} failed with exit code ${result.status}`);
  }
}

function describe(file: string): string {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJS()).filter(Boolean);
  const objects = docs.map(d => `${d.kind} ${d.metadata?.namespace ? `${d.metadata.namespace}/` : ''}${d.metadata?.name}`);
  return `${path.relative(root, file)} (${objects.length} object${objects.length === 1 ? '' : 's'})\n${objects.map(o => `    ${o}`).join('\n')}`;
}

function examples(kind: 'cdk8s' | 'pulumi', entry: string): string[] {
  const dir = path.join(root, 'examples', kind);
  return fs.existsSync(dir)
    ? fs.readdirSync(dir).filter(name => fs.existsSync(path.join(dir, name, entry))).sort()
    : [];
}

fs.rmSync(out, { recursive: true, force: true });
let written = 0;
for (const name of examples('cdk8s', 'main.ts')) {
  const outdir = path.join(out, 'cdk8s', name);
  run([path.join('examples', 'cdk8s', name, 'main.ts')], { CDK8S_OUTDIR: outdir });
  for (const file of fs.readdirSync(outdir).sort()) {
    const full = path.join(outdir, file);
    console.log(`cdk8s   ${name}: wrote ${file.endsWith('.k8s.yaml') ? describe(full) : path.relative(root, full)}`);
    written++;
  }
}
for (const name of examples('pulumi', 'index.ts')) {
  const outdir = path.join(out, 'pulumi', name);
  run([path.join('scripts', 'pulumi-offline.ts'), path.join('examples', 'pulumi', name, 'index.ts'), outdir], {});
  console.log(`pulumi  ${name}: wrote ${describe(path.join(outdir, 'manifests.yaml'))}`);
  console.log(`pulumi  ${name}: wrote ${path.relative(root, path.join(outdir, 'resources.yaml'))} (every resource with its inputs)`);
  written++;
}
if (written === 0) {
  throw new Error('no examples found under examples/cdk8s/*/main.ts or examples/pulumi/*/index.ts');
}
