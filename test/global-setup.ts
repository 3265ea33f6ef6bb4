/**
 * jest globalSetup, run in jest's own process before it starts the workers:
 * - build the schema validators once for the whole run (test/helpers/schema.ts), instead of parsing the
 *   vendored YAML and compiling the validators again in every test file;
 * - give the workers a larger young generation (see {@link WORKER_NODE_OPTIONS}).
 */
import { buildSchemaCache, CACHE_ENV } from './helpers/schema';

/**
 * V8 flags for the workers, which jest forks after this hook with its environment (jest-worker
 * `ChildProcessWorker` copies `process.env`), so `npx jest` gets them as `npm test` does.
 *
 * Each test file loads its modules again in a fresh registry (cdk8s, cdk8s-plus, the Pulumi SDKs: many
 * short-lived objects per module), and the default 16 MiB semi-space fills quickly: the garbage collector
 * took about 8% of the CPU time of an in-band run. With 64 MiB, 10 interleaved pairs of full runs on the
 * 2-core machine took 6.3% less wall time in all (500 s against 533 s; less wall and less CPU time, user +
 * sys, in 7 of the 10 pairs). The flag only caps how far the young generation may grow; it is one of the
 * V8 flags Node.js accepts in NODE_OPTIONS. A semi-space size the developer set already is kept.
 */
export const WORKER_NODE_OPTIONS = '--max-semi-space-size=64';

export default function globalSetup(): void {
  delete process.env[CACHE_ENV];
  process.env[CACHE_ENV] = buildSchemaCache();
  const current = process.env.NODE_OPTIONS ?? '';
  if (!/--max-semi-space-size\b/.test(current)) {
    process.env.NODE_OPTIONS = `${current} ${WORKER_NODE_OPTIONS}`.trim();
  }
}
