/**
 * A value that an infrastructure engine computes later, such as a Pulumi `Output<string>`.
 *
 * Core builders pass such values through unchanged and skip the checks they cannot make yet; the Pulumi
 * front-end re-checks them once they resolve. cdk8s needs plain values and refuses deferred ones.
 */
export interface DeferredValue<T> {
  /** Transform the value once it is known (the shape of Pulumi's `Output.apply`). */
  apply<U>(func: (value: T) => U): unknown;
}

/** A plain string or a value computed later by the infrastructure engine (see {@link DeferredValue}). */
export type StringOrDeferred = string | DeferredValue<string>;

/**
 * Whether a value is not a plain string yet (a Pulumi Output, a promise or any other object with
 * `apply`/`then`).
 * @internal
 */
export function isDeferred(value: unknown): value is DeferredValue<unknown> {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as { apply?: unknown; then?: unknown };
  return typeof v.apply === 'function' || typeof v.then === 'function';
}
