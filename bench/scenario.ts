/**
 * One benchmark scenario in its own process (started by bench/run.ts): prints one JSON line with the
 * timings of every run (ms) and the process's peak resident memory. Not a test; see bench/README.md.
 *
 *   node --expose-gc .tmp/bench/scenario.js <scenario> [args...]
 */
import { KeyObject, X509Certificate, constants, createCipheriv, createHash, publicEncrypt, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

type Timings = Record<string, number[]>;

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function emit(result: Record<string, unknown>): void {
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMb })}\n`);
}

function gc(): void {
  (global as { gc?: () => void }).gc?.();
}

/**
 * Construction and synthesis of `n` units with each variant, `runs` times after one warm-up, the variants
 * interleaved in one process so that they share the machine's load. Synthesis is `App.synthYaml()`
 * (dependencies, validations, resolution of every object) with cdk8s's YAML serializer swapped for
 * `JSON.stringify`: the YAML step is the same code for every variant and would otherwise be most of the
 * time. Also the JS heap the App holds after its synthesis (measured with the App alive, after a GC), in MB.
 */
async function units(n: number, runs: number, variants: string[]): Promise<void> {
  const cdk8s = await import('cdk8s');
  (cdk8s.Yaml as { stringify: (...docs: unknown[]) => string }).stringify = (...docs: unknown[]) => docs.map(d => JSON.stringify(d)).join('\n---\n');
  const u = await import('./units');
  const inputs = variants.includes('raw') ? u.rawUnitInputs(u.libraryUnitTemplate(), n) : [];
  const builders: Record<string, (chart: InstanceType<typeof cdk8s.Chart>, i: number) => void> = {
    library: u.libraryUnit,
    kplus: u.kplusUnit,
    raw: (chart, i) => u.rawUnit(chart, i, inputs[i]),
  };
  const t: Record<string, Timings> = {};
  const objects: Record<string, number> = {};
  const heapMb: Record<string, number> = {};
  // One run in its own function, so that no stack slot keeps the previous run's App alive.
  const once = (variant: string) => {
    const build = builders[variant];
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = now();
    const app = new cdk8s.App({ outdir: path.join('.tmp', 'bench-out') });
    const chart = new cdk8s.Chart(app, 'services');
    for (let i = 0; i < n; i++) {
      build(chart, i);
    }
    const t1 = now();
    const count = app.synthYaml().split('\n---\n').length;
    const t2 = now();
    gc(); // the App is still alive here: what it holds after synthesis
    const heap = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
    return { app, count, heap, construct: t1 - t0, synth: t2 - t1, total: t2 - t0 };
  };
  for (let r = 0; r <= runs; r++) {
    for (const variant of variants) {
      const result = once(variant);
      objects[variant] = result.count;
      if (r > 0) { // the warm-up also loads lazily required modules and compiles code
        heapMb[variant] = Math.max(heapMb[variant] ?? 0, result.heap);
        t[variant] ??= { construct: [], synth: [], total: [] };
        t[variant].construct.push(result.construct);
        t[variant].synth.push(result.synth);
        t[variant].total.push(result.total);
      }
    }
  }
  emit({ scenario: 'units', n, objects, heapMb, timings: t });
}

// Run from the repository root (bench/run.ts does); this file runs transpiled from .tmp/bench/.
const PEM = fs.readFileSync(path.join(process.cwd(), 'test', 'fixtures', 'sealed-secrets', 'test-cert-4096.pem'), 'utf8');

function rawSeal(key: KeyObject, label: Buffer, plaintext: Buffer): string {
  const sessionKey = randomBytes(32);
  const rsa = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label }, sessionKey);
  const cipher = createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(rsa.length, 0);
  return Buffer.concat([length, rsa, body]).toString('base64');
}

/** `count` one-value SealedSecrets (4096-bit certificate, strict scope): the core builder vs node:crypto alone. */
async function seal(count: number, runs: number): Promise<void> {
  const lib = await import('kube-secure-secrets');
  const t: Timings = { library: [], raw: [] };
  for (let r = 0; r <= runs; r++) {
    gc();
    const t0 = now();
    for (let i = 0; i < count; i++) {
      lib.sealedSecretManifest({ name: `s${i}`, namespace: 'payments', stringData: { value: `fake-value-${i}` }, certificate: PEM });
    }
    const t1 = now();
    const key = new X509Certificate(PEM).publicKey;
    for (let i = 0; i < count; i++) {
      rawSeal(key, Buffer.from(`payments/s${i}`), Buffer.from(`fake-value-${i}`));
    }
    const t2 = now();
    if (r > 0) {
      t.library.push(t1 - t0);
      t.raw.push(t2 - t1);
    }
  }
  emit({ scenario: 'seal', count, timings: t });
}

type AgeModule = typeof import('age-encryption');

function rawSopsValue(value: string, dataKey: Buffer, aad: string): string {
  const iv = randomBytes(32);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(Buffer.from(value, 'utf8')), cipher.final()]);
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${cipher.getAuthTag().toString('base64')},type:str]`;
}

/**
 * `secrets` Secrets of `keys` values each, SOPS-encrypted for one X25519 age recipient: the core
 * `sopsEncrypt` (age X25519 in-process with node:crypto, src/core/gitops/age-x25519.ts) vs the same AES-GCM
 * values, MAC and age encryption of the data key done in-process with `age-encryption` directly. The first
 * run of each (cold) includes what it loads on first use: the library's SOPS and age modules, and
 * `age-encryption` for the raw side.
 */
async function sops(secrets: number, keys: number, runs: number, recipient: string): Promise<void> {
  const lib = await import('kube-secure-secrets');
  const i0 = now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const age = require('age-encryption') as AgeModule;
  const rawImportMs = now() - i0;
  const docs = Array.from({ length: secrets }, (_s, i) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `s${i}`, namespace: 'payments' },
    type: 'Opaque',
    stringData: Object.fromEntries(Array.from({ length: keys }, (_k, k) => [`key${k}`, `fake-value-${i}-${k}`])),
  }));
  const t: Timings = { library: [], raw: [] };
  let cold = 0;
  let rawCold = 0;
  for (let r = 0; r <= runs; r++) {
    gc();
    const t0 = now();
    for (const doc of docs) {
      lib.sopsEncrypt(doc, { ageRecipients: [recipient] });
    }
    const t1 = now();
    for (const doc of docs) {
      const dataKey = randomBytes(32);
      const mac = createHash('sha512');
      for (const [k, v] of Object.entries(doc.stringData)) {
        mac.update(v);
        rawSopsValue(v, dataKey, `stringData:${k}:`);
      }
      const e = new age.Encrypter();
      e.addRecipient(recipient);
      age.armor.encode(await e.encrypt(dataKey));
      rawSopsValue(mac.digest('hex').toUpperCase(), dataKey, '2026-01-01T00:00:00Z');
    }
    const t2 = now();
    if (r === 0) {
      cold = t1 - t0;
      rawCold = rawImportMs + t2 - t1;
    } else {
      t.library.push(t1 - t0);
      t.raw.push(t2 - t1);
    }
  }
  emit({ scenario: 'sops', secrets, keys, coldLibraryMs: cold, coldRawMs: rawCold, timings: t });
}

/**
 * The synckit round trip: `calls` synchronous worker calls (the recipient of a post-quantum identity, which
 * the worker computes; an X25519 one is in-process) vs the same work awaited in-process. The first call,
 * a post-quantum key pair, starts the worker.
 */
async function synckit(calls: number): Promise<void> {
  const lib = await import('kube-secure-secrets');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const age = require('age-encryption') as AgeModule;
  const t00 = now();
  const { identity } = lib.ageKeygen({ postQuantum: true });
  const start = now() - t00;
  const t0 = now();
  for (let i = 0; i < calls; i++) {
    lib.ageRecipientOf(identity);
  }
  const t1 = now();
  for (let i = 0; i < calls; i++) {
    await age.identityToRecipient(identity);
  }
  const t2 = now();
  emit({ scenario: 'synckit', calls, workerStartMs: start, perCallUs: ((t1 - t0) / calls) * 1000, inProcessPerCallUs: ((t2 - t1) / calls) * 1000 });
}

/**
 * The Pulumi program of `n` units under mocks, until every registration is answered; `runs` runs with no
 * warm-up (each run takes seconds: the Pulumi SDK's own cost per resource dominates both variants).
 */
async function pulumiUnits(variant: string, n: number, runs: number): Promise<void> {
  const p = await import('./pulumi-units');
  p.installMocks();
  let template: ReturnType<typeof p.rawTemplate> = [];
  if (variant === 'raw') {
    p.libraryUnit('template', 'team-0');
    await p.settled();
    template = p.rawTemplate(p.registered);
  }
  const t: Timings = { total: [] };
  let resources = 0;
  for (let r = 1; r <= runs; r++) {
    p.registered.length = 0;
    gc();
    const t0 = now();
    for (let i = 0; i < n; i++) {
      if (variant === 'library') {
        p.libraryUnit(`r${r}-u${i}`, `team-${i}`);
      } else {
        p.rawUnit(`r${r}-u${i}`, template);
      }
    }
    await p.settled();
    const t1 = now();
    resources = p.registered.length;
    t.total.push(t1 - t0);
  }
  emit({ scenario: 'pulumi', variant, n, resources, timings: t });
}

async function main(): Promise<void> {
  const [scenario, ...args] = process.argv.slice(2);
  const num = (i: number) => Number(args[i]);
  switch (scenario) {
    case 'units':
      return units(num(0), num(1), (args[2] ?? 'library,kplus,raw').split(','));
    case 'seal':
      return seal(num(0), num(1));
    case 'sops':
      return sops(num(0), num(1), num(2), args[3]);
    case 'synckit':
      return synckit(num(0));
    case 'pulumi':
      return pulumiUnits(args[0], num(1), num(2));
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
