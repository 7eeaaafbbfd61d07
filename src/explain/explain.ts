import { PipycError } from '../diagnostics/diagnostic.js';
import { normalize } from '../normalize/normalize.js';
import { parseSpec, type ParsedSpec } from '../parse/parse-spec.js';
import type { SpecSource } from '../parse/source.js';
import type { SidecarSpec } from '../spec/types.js';
import { validateSpec } from '../validate/validate.js';
import { decide, type EgressModel } from './decide.js';
import type { Explanation, Probe } from './probe.js';

/** The verdict a sidecar compiled from `spec` reaches for `probe`, with the credited policy and the reason. */
export function explain(spec: SidecarSpec | unknown, probe: Probe): Explanation {
  return decide(modelOf({ kind: 'parsed', source: { name: '<spec>', text: '' }, value: structuredClone(spec), locate: () => undefined }), probe);
}

/** For many probes against one spec: validates and normalises once. */
export function explainer(source: SpecSource): (probe: Probe) => Explanation {
  const parsed = parseSpec(source);
  if (parsed.kind === 'failed') throw new PipycError(parsed.diagnostics);
  const model = modelOf(parsed);
  return (probe) => decide(model, probe);
}

function modelOf(parsed: ParsedSpec): EgressModel {
  const validation = validateSpec(parsed);
  if (validation.kind === 'invalid') throw new PipycError(validation.diagnostics);
  return normalize(validation.spec).model;
}
