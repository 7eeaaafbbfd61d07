import { PipycError } from '../diagnostics/diagnostic.js';
import type { Probe } from '../decision/probe.js';
import { checkProbe } from '../explain/check-probe.js';
import { decide } from '../explain/decide.js';
import { decisionReasons, type DecisionReason, type Explanation } from '../explain/explanation.js';
import type { EgressModel } from '../normalize/model.js';
import { parseSpec, parseValue, type ParseResult } from '../parse/parse-spec.js';
import type { SpecSource } from '../parse/source.js';
import { frontEnd, PIPELINE } from './front-end.js';

/** Every reason pipyc's sidecars and explain() give, with its meaning. */
export const DECISION_REASONS = decisionReasons(PIPELINE.protocols) as Readonly<Record<DecisionReason, string>>;

/**
 * The verdict a sidecar compiled from `spec` reaches for `probe`, with the credited policy and the reason. A probe
 * without `protocol` speaks HTTP when it has a `host`, TLS when it has an `sni`; a bad probe throws PipycError.
 */
export function explain(spec: unknown, probe: Probe): Explanation {
  const checked = probeOf(probe);
  return decide(modelOf(parseValue(spec)), checked, PIPELINE.protocols);
}

/** For many probes against one spec (a file's text, or a value such as a resolved identity's): validates and normalises once. */
export function explainer(source: SpecSource | { value: unknown }): (probe: Probe) => Explanation {
  const model = modelOf('value' in source ? parseValue(source.value) : parseSpec(source));
  return (probe) => decide(model, probeOf(probe), PIPELINE.protocols);
}

function probeOf(probe: unknown): Probe {
  const checked = checkProbe(probe, PIPELINE.protocols.probeProtocols);
  if (checked.kind === 'failed') throw new PipycError(checked.diagnostics);
  return checked.probe;
}

function modelOf(parsed: ParseResult): EgressModel {
  const model = frontEnd(parsed, PIPELINE.protocols);
  if (model.kind === 'failed') throw new PipycError(model.diagnostics);
  return model.model;
}
