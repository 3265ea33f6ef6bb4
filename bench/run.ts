/**
 * `npm run bench` (`-- --quick` for a short smoke run): every benchmark of issue 18, each scenario in its
 * own Node process (bench/scenario.ts), the library loaded from the compiled lib/ through the package's
 * own `exports` as users load it. Prints a Markdown report and writes it, with the raw figures as JSON, to
 * bench/results/. Then runs every standalone `bench/*.bench.ts` script and appends what it prints.
 * Not part of `npm test`: speed targets are checked here, never in timed tests.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { fmt, growthExponent, median, ratio } from './stats';

const root = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const outDir = path.join(root, 'bench', 'results');
// The scenarios run as plain JavaScript, not under ts-node: ts-node installs source-map-support, which
// makes every stack trace expensive, and Pulumi captures one for each resource it registers.
const jsDir = path.join(root, '.tmp', 'bench');

function transpileScenarios(): void {
  fs.mkdirSync(jsDir, { recursive: true });
  for (const file of ['scenario.ts', 'units.ts', 'pulumi-units.ts']) {
    const source = fs.readFileSync(path.join(root, 'bench', file), 'utf8');
    const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    const { outputText } = ts.transpileModule(source, { compilerOptions });
    fs.writeFileSync(path.join(jsDir, file.replace(/\.ts$/, '.js')), outputText);
  }
}

const config = quick
  ? { sizes: [100, 400], runs: 3, seal: 200, sopsSecrets: 20, sopsKeys: 5, synckitCalls: 50, pulumiUnits: 20, pulumiRuns: 2, imports: 3 }
  : { sizes: [100, 400, 1600], runs: 5, seal: 1000, sopsSecrets: 100, sopsKeys: 5, synckitCalls: 200, pulumiUnits: 200, pulumiRuns: 3, imports: 7 };

type Json = Record<string, unknown>;
type Timings = Record<string, number[]>;

function spawnNode(args: string[], options: { ts?: boolean; timeoutMs?: number } = {}): { stdout: string; stderr: string; status: number | null } {
  const nodeArgs = options.ts ? ['--expose-gc', '-r', 'ts-node/register/transpile-only', ...args] : args;
  const result = spawnSync(process.execPath, nodeArgs, {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.json') },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    timeout: options.timeoutMs ?? 600_000,
  });
  return { stdout: result.stdout ?? '', stderr: result.stderr ?? '', status: result.status };
}

function scenario(...args: Array<string | number>): Json {
  const label = args.join(' ');
  process.stderr.write(`bench: ${label} ...\n`);
  const { stdout, stderr, status } = spawnNode(['--expose-gc', path.join(jsDir, 'scenario.js'), ...args.map(String)]);
  const line = stdout.trim().split('\n').pop();
  if (status !== 0 || !line) {
    throw new Error(`bench scenario ${label} failed (${status}):\n${stderr}`);
  }
  return JSON.parse(line) as Json;
}

/**
 * How the machine runs two CPU-bound processes at once: the cdk8s-plus-27 variant of `n` units alone, and
 * in two processes started together (each one's median). On a shared or hyper-threaded 2-core machine the
 * second figure can be much larger than the first; jest runs two workers, so its wall time follows it.
 */
async function twoAtOnce(n: number, runs: number): Promise<{ aloneMs: number; eachMs: number[] }> {
  const args = ['--expose-gc', path.join(jsDir, 'scenario.js'), 'units', String(n), String(runs), 'kplus'];
  const kplusMs = (stdout: string) => median((JSON.parse(stdout.trim().split('\n').pop() ?? '') as { timings: Record<string, Timings> }).timings.kplus.total);
  process.stderr.write(`bench: units ${n} ${runs} kplus, alone and two at once ...\n`);
  const alone = spawnNode(args);
  if (alone.status !== 0) {
    throw new Error(`bench: units ${n} kplus failed (${alone.status}):\n${alone.stderr}`);
  }
  const each = await Promise.all([0, 1].map(() => new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', status => (status === 0 ? resolve(kplusMs(stdout)) : reject(new Error(`bench: units ${n} kplus, two at once, failed (${status}):\n${stderr}`))));
  })));
  return { aloneMs: kplusMs(alone.stdout), eachMs: each };
}

// argv[1]: the module; argv[2]: names to read after the require ('*' for every export), which is when a
// lazy index (scripts/lazy-index.cjs) loads their modules; argv[3]: code then run with the module as `m`.
const IMPORT_PROBE = `
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const m = require(process.argv[1]);
const names = process.argv[2] === '*' ? Object.keys(m) : (process.argv[2] || '').split(',').filter(Boolean);
for (const n of names) { if (m[n] === undefined) { throw new Error('export ' + n + ' is undefined'); } }
if (process.argv[3]) { new Function('m', process.argv[3])(m); }
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(c0);
const cpuMs = (cpu.user + cpu.system) / 1000;
const mods = Object.keys(require.cache);
console.log(JSON.stringify({
  ms,
  cpuMs,
  modules: mods.length,
  pulumi: mods.filter(k => /[\\\\/]@pulumi[\\\\/]/.test(k)).length,
  ownYaml: mods.some(k => /node_modules[\\\\/]yaml[\\\\/]/.test(k) && !/node_modules[\\\\/]cdk8s[\\\\/]node_modules/.test(k)),
  rssMb: process.resourceUsage().maxRSS / 1024,
}));`;

/** One import probe: a module, the exports read after requiring it, and code run then (`m` is the module). */
interface ImportCase {
  readonly label: string;
  readonly module: string;
  readonly names?: string;
  readonly run?: string;
}

/**
 * What a snapshot test's first schema check costs in a fresh process (each jest test file is one): a core
 * kind and a custom kind validated by the testing entry, which reads the shipped CRDs then
 * (lib/testing/crd-bundle.json, scripts/crd-bundle.cjs).
 */
const FIRST_VALIDATION = `
for (const o of [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bench' }, data: { a: 'b' } },
  { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'bench' }, spec: {} }]) {
  if (m.manifestProblems(o).length > 0) { throw new Error('bench manifest invalid: ' + m.manifestProblems(o).join('; ')); }
}`;

/** What one app unit of bench/units.ts reads from the root entry. */
const UNIT_NAMES = 'SecureServiceAccount,SecretStore,SecretStoreProvider,ExternalSecret,SecretReader,NamespaceIsolation,WorkloadIdentity,envFromSecret,mountSecret';
const IMPORT_CASES: readonly ImportCase[] = [
  { label: 'cdk8s-plus-27', module: 'cdk8s-plus-27' },
  { label: 'kube-secure-secrets', module: 'kube-secure-secrets' },
  { label: 'kube-secure-secrets, the unit\'s constructs read', module: 'kube-secure-secrets', names: UNIT_NAMES },
  { label: 'kube-secure-secrets, every export read', module: 'kube-secure-secrets', names: '*' },
  { label: '@pulumi/pulumi', module: '@pulumi/pulumi' },
  { label: 'kube-secure-secrets/pulumi', module: 'kube-secure-secrets/pulumi' },
  { label: 'kube-secure-secrets/pulumi, every export read', module: 'kube-secure-secrets/pulumi', names: '*' },
  { label: 'kube-secure-secrets/testing, first validation', module: 'kube-secure-secrets/testing', run: FIRST_VALIDATION },
];

function importCost(cases: readonly ImportCase[], times: number): Record<string, Json> {
  process.stderr.write(`bench: import cost of ${cases.map(c => c.label).join('; ')} (${times} fresh processes each) ...\n`);
  const samples: Record<string, Json[]> = Object.fromEntries(cases.map(c => [c.label, []]));
  for (let i = 0; i < times + 1; i++) {
    for (const c of cases) {
      const { stdout, stderr, status } = spawnNode(['-e', IMPORT_PROBE, c.module, c.names ?? '', c.run ?? '']);
      if (status !== 0) {
        throw new Error(`import of ${c.label} failed:\n${stderr}`);
      }
      if (i > 0) { // the first round warms the file system cache
        samples[c.label].push(JSON.parse(stdout.trim()) as Json);
      }
    }
  }
  return Object.fromEntries(cases.map(({ label: m }) => {
    const s = samples[m];
    return [m, {
      ms: median(s.map(x => x.ms as number)),
      cpuMs: median(s.map(x => x.cpuMs as number)),
      samples: s.map(x => x.ms),
      modules: s[0].modules,
      pulumiModules: s[0].pulumi,
      ownYaml: s[0].ownYaml,
      rssMb: median(s.map(x => x.rssMb as number)),
    }];
  }));
}

function standaloneBenches(): Array<{ file: string; status: number | null; output: string; json?: unknown }> {
  const files = fs.readdirSync(path.join(root, 'bench')).filter(f => f.endsWith('.bench.ts')).sort();
  return files.map(file => {
    process.stderr.write(`bench: ${file} ...\n`);
    const { stdout, stderr, status } = spawnNode([path.join('bench', file), ...(quick ? ['--quick'] : [])], { ts: true });
    let json: unknown;
    try {
      json = JSON.parse(stdout.trim().split('\n').pop() ?? '');
    } catch {
      json = undefined;
    }
    return { file, status, output: (stdout + (status === 0 ? '' : stderr)).trim(), json };
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const machine = {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map(l => Number(l.toFixed(2))),
    quick,
  };

  transpileScenarios();
  const units = config.sizes.map(n => scenario('units', n, config.runs));
  const seal = scenario('seal', config.seal, config.runs);
  // One recipient for every SOPS run, made with the library outside any timing.
  const recipient = spawnNode(['-e', 'console.log(require("kube-secure-secrets").ageKeygen().recipient); process.exit(0)']).stdout.trim();
  const sops = scenario('sops', config.sopsSecrets, config.sopsKeys, config.runs, recipient);
  const synckit = scenario('synckit', config.synckitCalls);
  const pulumiLib = scenario('pulumi', 'library', config.pulumiUnits, config.pulumiRuns);
  const pulumiRaw = scenario('pulumi', 'raw', config.pulumiUnits, config.pulumiRuns);
  const imports = importCost(IMPORT_CASES, config.imports);
  const extra = standaloneBenches();
  const concurrency = await twoAtOnce(config.sizes[config.sizes.length - 1], config.runs);

  const med = (r: Json, variant: string, part = 'total') => median(((r.timings as Record<string, Timings>)[variant])[part]);
  const variants = ['library', 'kplus', 'raw'];
  const exponent = Object.fromEntries(variants.map(v => [v, growthExponent(units.map(r => [r.n as number, med(r, v)] as const))]));
  const largest = units[units.length - 1];
  const fourX = units.length >= 2 ? med(largest, 'library') / med(units[units.length - 2], 'library') : NaN;
  const sealT = seal.timings as Timings;
  const sopsT = sops.timings as Timings;
  const sealRatio = median(sealT.library) / median(sealT.raw);
  const sopsRatio = median(sopsT.library) / median(sopsT.raw);
  const sopsColdRatio = (sops.coldLibraryMs as number) / (sops.coldRawMs as number);
  const pulumiRatio = median((pulumiLib.timings as Timings).total) / median((pulumiRaw.timings as Timings).total);
  // CPU time is the verdict: on a shared machine the wall time of a 0.5 s import is mostly waiting for a CPU.
  // The index is lazy, so `require` alone loads almost nothing: the verdict is on the require plus the
  // exports one app unit reads (which loads cdk8s-plus itself), the cost a program really pays.
  const cpu = (label: string) => imports[label].cpuMs as number;
  const unitRow = 'kube-secure-secrets, the unit\'s constructs read';
  const rootImportRatio = cpu(unitRow) / cpu('cdk8s-plus-27');
  const rootRequireRatio = cpu('kube-secure-secrets') / cpu('cdk8s-plus-27');
  const rootEveryExportRatio = cpu('kube-secure-secrets, every export read') / cpu('cdk8s-plus-27');
  const pulumiImportRatio = cpu('kube-secure-secrets/pulumi, every export read') / cpu('@pulumi/pulumi');
  const rootImportWallRatio = (imports[unitRow].ms as number) / (imports['cdk8s-plus-27'].ms as number);
  const largestRatio = med(largest, 'library') / med(largest, 'kplus');

  const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
  const lines: string[] = [];
  lines.push(`Machine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}; load average at start ${machine.loadAverage.join(' / ')}${quick ? '; **--quick run**' : ''}.`);
  const slowdown = median(concurrency.eachMs) / concurrency.aloneMs;
  lines.push('');
  lines.push(`Two at once: cdk8s-plus-27 at ${config.sizes[config.sizes.length - 1]} units took ${fmt(concurrency.aloneMs)} ms alone and ${concurrency.eachMs.map(fmt).join(' / ')} ms in two processes started together (${ratio(slowdown)}); jest runs two workers, so its wall time follows the second figure.`);
  lines.push('');
  lines.push(`### App units: construction + synthesis (ms, median of ${config.runs} runs after a warm-up)`);
  lines.push('');
  lines.push('| units | objects | kube-secure-secrets | cdk8s-plus-27 | raw ApiObject | vs cdk8s-plus-27 | vs raw | library construct / synth |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of units) {
    const [l, k, w] = variants.map(v => med(r, v));
    lines.push(`| ${r.n} | ${(r.objects as Record<string, number>).library} | ${fmt(l)} | ${fmt(k)} | ${fmt(w)} | ${ratio(l / k)} | ${ratio(l / w)} | ${fmt(med(r, 'library', 'construct'))} / ${fmt(med(r, 'library', 'synth'))} |`);
  }
  lines.push(`| growth exponent | | ${exponent.library.toFixed(2)} | ${exponent.kplus.toFixed(2)} | ${exponent.raw.toFixed(2)} | | | |`);
  lines.push('');
  lines.push(`JS heap held by the synthesized App at ${largest.n} units (MB, after a GC): ${variants.map(v => `${v} ${fmt((largest.heapMb as Record<string, number>)[v])}`).join(', ')}; peak RSS of that process ${fmt(largest.peakRssMb as number)} MB.`);
  lines.push('');
  lines.push('### Crypto paths (ms, median)');
  lines.push('');
  lines.push('| path | kube-secure-secrets | raw | ratio |');
  lines.push('|---|---:|---:|---:|');
  lines.push(`| seal ${seal.count} one-value SealedSecrets (RSA-4096) vs node:crypto | ${fmt(median(sealT.library))} | ${fmt(median(sealT.raw))} | ${ratio(sealRatio)} |`);
  lines.push(`| SOPS ${sops.secrets} Secrets x ${sops.keys} keys vs age-encryption + AES-GCM in-process (warm) | ${fmt(median(sopsT.library))} | ${fmt(median(sopsT.raw))} | ${ratio(sopsRatio)} |`);
  lines.push(`| the same, first run (library: loads its SOPS and age modules; raw: loads age-encryption) | ${fmt(sops.coldLibraryMs as number)} | ${fmt(sops.coldRawMs as number)} | ${ratio(sopsColdRatio)} |`);
  lines.push(`| synckit round trip per call (age recipient of a post-quantum identity), us | ${fmt(synckit.perCallUs as number)} | ${fmt(synckit.inProcessPerCallUs as number)} | ${ratio((synckit.perCallUs as number) / (synckit.inProcessPerCallUs as number))} |`);
  lines.push('');
  lines.push(`Age worker start (first call, a post-quantum key pair; post-quantum keys, and decryption with a post-quantum identity, use the worker): ${fmt(synckit.workerStartMs as number)} ms.`);
  lines.push('');
  lines.push(`### Pulumi program of ${pulumiLib.n} units under mocks (ms, median of ${config.pulumiRuns}, no warm-up)`);
  lines.push('');
  lines.push('| kube-secure-secrets/pulumi | raw @pulumi/kubernetes | ratio | resources registered (library / raw) |');
  lines.push('|---:|---:|---:|---:|');
  lines.push(`| ${fmt(median((pulumiLib.timings as Timings).total))} | ${fmt(median((pulumiRaw.timings as Timings).total))} | ${ratio(pulumiRatio)} | ${pulumiLib.resources} / ${pulumiRaw.resources} |`);
  lines.push('');
  lines.push(`Peak RSS: library ${fmt(pulumiLib.peakRssMb as number)} MB, raw ${fmt(pulumiRaw.peakRssMb as number)} MB.`);
  lines.push('');
  lines.push(`### Import cost (fresh process: \`require\`, then the exports named read, ms, median of ${config.imports})`);
  lines.push('');
  lines.push('| module | wall ms | CPU ms | modules loaded | @pulumi/* modules | own yaml loaded | peak RSS (MB) |');
  lines.push('|---|---:|---:|---:|---:|---|---:|');
  for (const [m, r] of Object.entries(imports)) {
    lines.push(`| \`${m}\` | ${fmt(r.ms as number)} | ${fmt(r.cpuMs as number)} | ${r.modules} | ${r.pulumiModules} | ${r.ownYaml ? 'yes' : 'no'} | ${fmt(r.rssMb as number)} |`);
  }
  lines.push('');
  lines.push(`CPU time vs cdk8s-plus-27: root entry with the unit's constructs read ${ratio(rootImportRatio)} (wall time ${ratio(rootImportWallRatio)}); \`require\` alone ${ratio(rootRequireRatio)}; every export read ${ratio(rootEveryExportRatio)}. Pulumi entry, every export read, vs @pulumi/pulumi: ${ratio(pulumiImportRatio)}.`);
  lines.push('');
  lines.push('### Targets (issue 18)');
  lines.push('');
  lines.push('| target | measured | |');
  lines.push('|---|---:|---|');
  lines.push(`| ${largest.n} units at most 1.5x cdk8s-plus-27 | ${ratio(largestRatio)} | ${verdict(largestRatio <= 1.5)} |`);
  lines.push(`| 4x the units at most 4.4x the time | ${ratio(fourX)} | ${verdict(fourX <= 4.4)} |`);
  lines.push(`| sealing within 1.5x raw node:crypto | ${ratio(sealRatio)} | ${verdict(sealRatio <= 1.5)} |`);
  lines.push(`| SOPS within 1.3x raw age + AES-GCM (warm / first run) | ${ratio(sopsRatio)} / ${ratio(sopsColdRatio)} | ${verdict(sopsRatio <= 1.3)} / ${verdict(sopsColdRatio <= 1.3)} |`);
  const noPulumi = [unitRow, 'kube-secure-secrets, every export read'].every(l => imports[l].pulumiModules === 0);
  lines.push(`| root import (with the unit's constructs read) within 1.3x cdk8s-plus-27 (CPU time), no @pulumi/* | ${ratio(rootImportRatio)}, ${noPulumi ? 0 : 'some'} @pulumi modules | ${verdict(rootImportRatio <= 1.3 && noPulumi)} |`);
  if (extra.length > 0) {
    lines.push('');
    lines.push('### Standalone benchmarks (bench/*.bench.ts)');
    for (const e of extra) {
      lines.push('');
      lines.push(`\`${e.file}\`${e.status === 0 ? '' : ` (**failed, exit ${e.status}**)`}:`);
      lines.push('');
      lines.push('```');
      lines.push(e.output);
      lines.push('```');
    }
  }
  lines.push('');
  lines.push(`Full run: ${((Date.now() - started) / 1000).toFixed(0)} s.`);

  const markdown = `${lines.join('\n')}\n`;
  fs.mkdirSync(outDir, { recursive: true });
  const base = quick ? 'quick' : 'latest';
  fs.writeFileSync(path.join(outDir, `${base}.md`), markdown);
  fs.writeFileSync(path.join(outDir, `${base}.json`), `${JSON.stringify({ machine, concurrency, config, units, seal, sops, synckit, pulumi: { library: pulumiLib, raw: pulumiRaw }, imports, extra, summary: { exponent, fourX, largestRatio, sealRatio, sopsRatio, sopsColdRatio, pulumiRatio, rootImportRatio, rootRequireRatio, rootEveryExportRatio, rootImportWallRatio, pulumiImportRatio, twoAtOnceRatio: slowdown } }, null, 2)}\n`);
  process.stdout.write(markdown);
  process.stderr.write(`bench: wrote bench/results/${base}.md and ${base}.json\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
