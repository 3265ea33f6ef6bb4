#!/usr/bin/env node
// Runs shell commands at the same time; exits 1 when any of them failed, naming it. `npm test` runs jest
// (on every core) while the single-threaded checks run beside it (eslint, and tsc then the API.md check),
// so a 2-core machine is never left with one core idle behind a check (issue 18):
//   node scripts/parallel.mjs --live 'jest --ci' 'npx projen eslint' 'npx projen typecheck && npx projen docgen:check' -- [jest args]
// The command after --live streams its output as it comes; every other command's output is printed as one
// block when it ends, so the logs do not interleave. Arguments after `--` are appended, shell-quoted, to
// the --live command (`npm test -- -t name test/file.test.ts` reaches jest).
import { spawn } from 'node:child_process';

const argv = process.argv.slice(2);
const dashes = argv.indexOf('--');
const extra = dashes < 0 ? [] : argv.slice(dashes + 1);
const given = dashes < 0 ? argv : argv.slice(0, dashes);
const liveAt = given.indexOf('--live');
if (liveAt >= 0 && liveAt + 1 >= given.length) {
  console.error('parallel: --live needs the command to stream after it');
  process.exit(2);
}
const live = liveAt < 0 ? undefined : given[liveAt + 1];
const buffered = given.filter((_c, i) => liveAt < 0 || (i !== liveAt && i !== liveAt + 1));
if (extra.length > 0 && live === undefined) {
  console.error('parallel: arguments after -- need a --live command to receive them');
  process.exit(2);
}
if (live === undefined && buffered.length === 0) {
  console.error('parallel: give the commands to run, each as one argument');
  process.exit(2);
}

/** One argument for a POSIX shell, in single quotes. */
const quote = arg => `'${arg.replace(/'/g, `'\\''`)}'`;

function run(command, { stream }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const output = [];
    const child = spawn(command, { shell: true, stdio: stream ? ['inherit', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'] });
    if (!stream) {
      child.stdout.on('data', chunk => output.push(chunk));
      child.stderr.on('data', chunk => output.push(chunk));
    }
    let finished = false;
    const finish = (ok, how) => {
      // 'error' (could not start) may be followed by 'close': report once.
      if (finished) {
        return;
      }
      finished = true;
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      process.stdout.write(`== ${command}: ${how} (${seconds} s)\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(ok ? undefined : command);
    };
    child.on('error', e => finish(false, `could not start: ${e.message}`));
    child.on('close', (code, signal) => finish(code === 0, code === 0 ? 'ok' : signal ? `killed by ${signal}` : `exit ${code}`));
  });
}

const runs = buffered.map(command => run(command, { stream: false }));
if (live !== undefined) {
  runs.unshift(run([live, ...extra.map(quote)].join(' '), { stream: true }));
}
const failed = (await Promise.all(runs)).filter(Boolean);
if (failed.length > 0) {
  console.error(`parallel: failed: ${failed.join('; ')}`);
  process.exit(1);
}
