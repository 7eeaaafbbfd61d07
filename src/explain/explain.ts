import { PipycError } from '../diagnostics/diagnostic.js';
import { normalize } from '../normalize/normalize.js';
import { parseSpec, parseValue, type ParseResult } from '../parse/parse-spec.js';
import type { SpecSource } from '../parse/source.js';
import type { SidecarSpec } from '../sidecar-spec/types.js';
import { validateSpec } from '../validate/validate.js';
import { PROTOCOL_CHECKS } from '../protocols/registry.js';
import { checkedProbe } from './check-probe.js';
import type { EgressModel } from '../normalize/model.js';
import { decide } from './decide.js';
import type { Explanation } from './explanation.js';
import type { Probe } from './probe.js';

/**
 * The verdict a sidecar compiled from `spec` reaches for `probe`, with the credited policy and the reason. A probe
 * without `protocol` speaks HTTP when it has a `host`, TLS when it has an `sni`; a bad probe throws PipycError.
 */
export function explain(spec: unknown, probe: Probe): Explanation {
  const checked = checkedProbe(probe);
  return decide(modelOf(parseValue(spec)), checked);
}

/** For many probes against one spec (a file's text, or a value such as a resolved identity's): validates and normalises once. */
export function explainer(source: SpecSource | { value: unknown }): (probe: Probe) => Explanation {
  const model = modelOf('value' in source ? parseValue(source.value) : parseSpec(source));
  return (probe) => decide(model, checkedProbe(probe));
}

function modelOf(parsed: ParseResult): EgressModel {
  if (parsed.kind === 'failed') throw new PipycError(parsed.diagnostics);
  const validation = validateSpec(parsed, PROTOCOL_CHECKS);
  if (validation.kind === 'invalid') throw new PipycError(validation.diagnostics);
  return normalize(validation.spec, validation.parsed);
}
