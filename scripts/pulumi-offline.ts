/**
 * Run one Pulumi program offline, under Pulumi's mock engine, and write what it would create:
 * Kubernetes resources as manifests (`manifests.yaml`) and every resource with its inputs
 * (`resources.yaml`). No cloud, no cluster, no Pulumi CLI.
 *
 *   node -r ts-node/register/transpile-only scripts/pulumi-offline.ts <program.ts> <outdir>
 *
 * Values the program marked secret (`pulumi.secret`) are written as "[secret]".
 */
import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { stringify } from 'yaml';
import { mockCall, mockResourceState } from '../test/helpers/aws-mock-state';

interface Recorded { type: string; name: string; inputs: Record<string, unknown> }

function redact(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(redact);
  }
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (obj[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) {
      return '[secret]';
    }
    return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined).map(([k, v]) => [k, redact(v)]));
  }
  return value;
}

async function main(): Promise<void> {
  const [program, outdir] = process.argv.slice(2);
  if (!program || !outdir) {
    throw new Error('usage: pulumi-offline.ts <program.ts> <outdir>');
  }
  const recorded: Recorded[] = [];
  await pulumi.runtime.setMocks({
    newResource(args) {
      recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: `${args.name}-id`, state: mockResourceState(args.type, args.name, args.inputs) };
    },
    call(args) {
      return mockCall(args.token, args.inputs);
    },
  }, path.basename(path.dirname(program)), 'offline', false);

  await import(path.resolve(program));

  // Resources register asynchronously as their inputs resolve: wait until nothing new arrives.
  let seen = -1;
  for (let waited = 0; waited < 20_000 && seen !== recorded.length; waited += 250) {
    seen = recorded.length;
    await new Promise(resolve => setTimeout(resolve, 250));
  }

  fs.mkdirSync(outdir, { recursive: true });
  const manifests = recorded
    .filter(r => r.type.startsWith('kubernetes:') && !r.type.startsWith('pulumi:'))
    .map(r => redact(r.inputs));
  const all = recorded.map(r => ({ type: r.type, name: r.name, inputs: redact(r.inputs) }));
  fs.writeFileSync(path.join(outdir, 'manifests.yaml'), manifests.map(m => stringify(m)).join('---\n'));
  fs.writeFileSync(path.join(outdir, 'resources.yaml'), stringify(all));
}

main().catch(e => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
