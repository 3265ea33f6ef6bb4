/**
 * Go durations (`time.ParseDuration`), as ESO, Flux, the API server and Vault read them.
 */
import { ValidationError, q } from '../errors';

const UNITS_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const PART = /([0-9]+(?:\.[0-9]+)?)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * The length of a Go duration in milliseconds, or undefined if it is not one. Accepts the unsigned form
 * Go's `time.ParseDuration` accepts (golang/go `src/time/format.go`): `0`, or a sequence of decimal
 * numbers each with a unit `ns`, `us`/`µs`, `ms`, `s`, `m`, `h` (`1h30m`, `1.5h`, `300ms`). Signs and
 * bare fractions (`.5s`) are refused: an interval is never negative, and the short forms only confuse.
 * @internal
 */
export function parseGoDuration(value: string): number | undefined {
  if (typeof value !== 'string' || value === '') {
    return undefined;
  }
  if (value === '0') {
    return 0;
  }
  let ns = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < value.length) {
    const at = PART.lastIndex;
    const m = PART.exec(value);
    if (!m || m.index !== at) {
      return undefined;
    }
    ns += Number(m[1]) * UNITS_NS[m[2]];
  }
  return ns / 1e6;
}

/**
 * Check a Go duration string (see {@link parseGoDuration}).
 * @internal
 */
export function checkGoDuration(component: string, prop: string, value: unknown, examples = '"1h", "15m", "1h30m" or "0s" (read once)'): string {
  if (typeof value !== 'string' || parseGoDuration(value) === undefined) {
    throw new ValidationError(component, prop, `${q(value)} is not a Go duration; use e.g. ${examples}.`);
  }
  return value;
}
