import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Failed } from '../diagnostics/failed.js';
import type { SidecarModel } from '../normalize/model.js';
import { normalize } from '../normalize/normalize.js';
import type { FamilyParts, OutputFamily } from '../outputs/family.js';
import { OUTPUT_FAMILIES } from '../outputs/registry.js';
import type { ParseResult } from '../parse/parse-spec.js';
import { REGISTRY, type ProtocolRegistry } from '../protocols/registry.js';
import { validateSpec } from '../validate/validate.js';

/**
 * What the stages take their protocols and outputs from. Handed in here, once: the entry points of this folder pass
 * it on; the stages below never reach for a registry of their own.
 */
export interface Pipeline {
  protocols: ProtocolRegistry;
  families: readonly OutputFamily[];
}

export const PIPELINE: Pipeline = { protocols: REGISTRY, families: OUTPUT_FAMILIES };

export type ModelResult = { kind: 'model'; model: SidecarModel; warnings: Diagnostic[] } | Failed;

/**
 * The one front end: a parsed spec validated (the schema, the spec's rules and each protocol's) and normalised into
 * its model, which every output family's back end and explain() take. Pure.
 */
export function frontEnd(parsed: ParseResult, protocols: ProtocolRegistry): ModelResult {
  if (parsed.kind === 'failed') return parsed;
  const validation = validateSpec(parsed, protocols.checks);
  if (validation.kind === 'invalid') return { kind: 'failed', diagnostics: validation.diagnostics };
  return { kind: 'model', model: normalize(validation.spec, validation.parsed), warnings: validation.diagnostics };
}

/** The registry's parts as every family's back end takes them. */
export function familyParts(protocols: ProtocolRegistry): FamilyParts {
  return { lowerings: protocols.lowerings, generations: protocols.generations };
}
