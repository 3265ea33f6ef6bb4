/**
 * AWS resource tags. They follow AWS's rules, not Kubernetes label or annotation rules: `Cost Center` or
 * `team:owner` are valid AWS tag keys (and would be refused as Kubernetes keys).
 *
 * The rules are the common set across AWS services, as the AWS tagging guides and the service APIs state
 * them (e.g. the AWS Batch and Amazon ECS tag restrictions; the EFS `Tag` API pattern
 * `^(?![aA]{1}[wW]{1}[sS]{1}:)([\p{L}\p{Z}\p{N}_.:/=+\-@]+)$`): at most 50 tags per resource; a key of 1 to
 * 128 Unicode characters and a value of 0 to 256; letters, digits and spaces (any script) and
 * `_ . : / = + - @`; keys starting with `aws:` (any case) are reserved for AWS.
 * @see https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
 */
import { ValidationError, q, typeOf } from '../errors';

const MAX_TAGS = 50;
const MAX_KEY = 128;
const MAX_VALUE = 256;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const RESERVED = /^aws:/i;
const ALLOWED = 'letters, digits, spaces and _ . : / = + - @';

/**
 * Check the AWS tags of a resource and return them (undefined when not given).
 * @internal
 */
export function checkAwsTags(component: string, prop: string, tags: unknown): Record<string, string> | undefined {
  if (tags === undefined) {
    return undefined;
  }
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    throw new ValidationError(component, prop, `must be a map of AWS tag keys to values; received ${typeOf(tags)}.`);
  }
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > MAX_TAGS) {
    throw new ValidationError(component, prop, `has ${entries.length} tags; AWS allows at most ${MAX_TAGS} per resource.`);
  }
  for (const [key, value] of entries) {
    const keyLength = [...key].length;
    if (keyLength === 0 || keyLength > MAX_KEY || !TAG_TEXT.test(key)) {
      throw new ValidationError(component, `${prop}[${q(key)}]`, `is not a valid AWS tag key: use 1 to ${MAX_KEY} characters of ${ALLOWED}.`);
    }
    if (RESERVED.test(key)) {
      throw new ValidationError(component, `${prop}[${q(key)}]`, 'starts with "aws:", which AWS reserves for its own tags; choose another key.');
    }
    if (typeof value !== 'string') {
      throw new ValidationError(component, `${prop}[${q(key)}]`, `must be a string; received ${typeOf(value)}. Quote numbers and booleans.`);
    }
    if ([...value].length > MAX_VALUE || !TAG_TEXT.test(value)) {
      throw new ValidationError(component, `${prop}[${q(key)}]`, `${q(value)} is not a valid AWS tag value: use at most ${MAX_VALUE} characters of ${ALLOWED}.`);
    }
  }
  return tags as Record<string, string>;
}
