#!/usr/bin/env node
// Runs shell commands at the same time and prints each one's output as one block when it ends, so the
// logs do not interleave; exits 1 when any of them failed, naming it. `npm test` runs its single-threaded
// checks (eslint, and tsc then the API.md check) side by side on a 2-core machine (issue 18):
//   node scripts/parallel.mjs 'npx projen eslint' 'npx projen typecheck && npx projen docgen:check'
import { spawn } from 'node:child_process';

const commands = process.argv.slice(2);
if (commands.length === 0) {
  console.error('parallel: give the commands to run, each as one argument');
  process.exit(2);
}

function run(command) {
  return new Promise((resolve) => {
    const started = Date.now();
    const output = [];
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', chunk => output.push(chunk));
    child.stderr.on('data', chunk => output.push(chunk));
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

const failed = (await Promise.all(commands.map(run))).filter(Boolean);
if (failed.length > 0) {
  console.error(`parallel: failed: ${failed.join('; ')}`);
  process.exit(1);
}
