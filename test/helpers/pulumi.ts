/**
 * Pulumi under mocks: every registered resource is recorded with its resolved inputs, so tests can assert
 * on them and turn Kubernetes resources back into manifests for schema validation and parity checks.
 */
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { mockCall, mockResourceState } from './aws-mock-state';

/** One resource registered with the mock engine. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: any;
}

const recorded: RecordedResource[] = [];

/**
 * The SDK takes a stack trace on every resource it constructs (`Resource.callsites`, with
 * `Error.stackTraceLimit = Infinity`, for the source position it sends the engine) and on every promise
 * it wraps (`debuggablePromise`, for its leak report). Under jest each `.stack` goes through jest's
 * source-map-support, which maps every frame through the transpiled files' source maps: a quarter of a
 * Pulumi test file's time. The mock engine ignores source positions, so those probes (an `Error` with no
 * message, constructed in `@pulumi/pulumi`) are formatted as V8 does by default, unmapped; every other
 * error (a test's failure, an error the SDK throws) is still mapped as before.
 */
function skipSourceMapsOfSdkProbes(): void {
  const mapped = Error.prepareStackTrace;
  if (!mapped || (mapped as { kssSdkProbes?: boolean }).kssSdkProbes) {
    return;
  }
  const prepare = (error: Error, frames: NodeJS.CallSite[]): unknown => {
    const file = frames[0]?.getFileName() ?? '';
    if (error.message === '' && file.includes(`${path.sep}@pulumi${path.sep}pulumi${path.sep}`)) {
      return frames.length === 0 ? `${error}` : `${error}\n    at ${frames.join('\n    at ')}`;
    }
    return mapped(error, frames);
  };
  Error.prepareStackTrace = Object.assign(prepare, { kssSdkProbes: true });
}
skipSourceMapsOfSdkProbes();

/** Install the recording mocks (call once per test file, before creating resources). */
export function setupPulumiMocks(): void {
  void pulumi.runtime.setMocks({
    newResource(args: pulumi.runtime.MockResourceArgs) {
      recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: `${args.name}-id`, state: mockResourceState(args.type, args.name, args.inputs) };
    },
    call(args: pulumi.runtime.MockCallArgs) {
      return mockCall(args.token, args.inputs);
    },
  }, 'kube-secure-secrets-test', 'test', false);
}

/** Forget what was recorded (call in beforeEach). */
export function resetRecorded(): void {
  recorded.length = 0;
}

/** Wait until the given resources (and their children, registered before them) are registered. */
export async function settle(...resources: pulumi.Resource[]): Promise<void> {
  await Promise.all(resources.map(r => new Promise<void>(resolve => r.urn.apply(() => resolve()))));
  // Children are registered from their parent's constructor; give their registrations a turn to land.
  for (let i = 0; i < 5; i++) {
    await new Promise(resolve => setImmediate(resolve));
  }
}

/** Every recorded resource, optionally of one type token (e.g. `kubernetes:rbac.authorization.k8s.io/v1:Role`). */
export function resourcesOf(type?: string): RecordedResource[] {
  return recorded.filter(r => type === undefined || r.type === type);
}

/** The only recorded resource of a type; fails when there is not exactly one. */
export function onlyResourceOf(type: string): RecordedResource {
  const found = resourcesOf(type);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${type}, found ${found.length}: ${found.map(r => r.name).join(', ')}`);
  }
  return found[0];
}

/** Recorded Kubernetes resources as manifests (the SDK records apiVersion and kind among the inputs). */
export function kubernetesManifests(): any[] {
  return recorded
    .filter(r => r.type.startsWith('kubernetes:') && r.type !== 'pulumi:providers:kubernetes')
    .map(r => stripUndefined(r.inputs));
}

/** Resolve an Output in a test. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>(resolve => output.apply(v => {
    resolve(v);
    return v;
  }));
}

/** JSON round trip: drops undefined fields so manifests compare like YAML would. */
export function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}


/**
 * Resolve an Output, or reject with the error a check inside it threw. (Pulumi's Output does not expose
 * rejection through `apply`; `promise()` is its long-standing internal accessor.)
 */
export function settled<T>(output: pulumi.Output<T>): Promise<T> {
  return (output as any).promise();
}
