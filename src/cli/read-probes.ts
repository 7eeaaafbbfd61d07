import { PIPELINE } from '../compile/front-end.js';
import type { Probe } from '../decision/probe.js';
import { error, PipycError, withPosition } from '../diagnostics/diagnostic.js';
import { checkProbe } from '../explain/check-probe.js';
import type { Explanation } from '../explain/explanation.js';
import { readInput, type Stdin } from '../io/read-input.js';
import { parseSpec } from '../parse/parse-spec.js';
import type { SpecSource } from '../parse/source.js';

type Verdict = Explanation['verdict'];
const PROBE_PROTOCOLS = PIPELINE.protocols.probeProtocols;

/**
 * A list of probes, each optionally with `expect: allow|deny`, each checked as explain() checks one; every problem is
 * located in the file.
 */
export async function readProbes(
  path: string,
  sources: SpecSource[],
  stdin: Stdin,
): Promise<{ probe: Probe; expect?: Verdict }[]> {
  const source = await readInput(path, undefined, stdin);
  sources.push(source);
  const parsed = parseSpec(source);
  if (parsed.kind === 'failed') throw new PipycError(parsed.diagnostics);
  const located = (pointer: string, message: string, hint?: string) =>
    withPosition(error('PIPYC1007', message, pointer, hint), parsed.locate(pointer));
  if (!Array.isArray(parsed.value) || parsed.value.length === 0)
    throw new PipycError([located('', `${source.name} must hold a non-empty list of probes`)]);
  const problems = [];
  const probes: { probe: Probe; expect?: Verdict }[] = [];
  for (const [i, entry] of (parsed.value as unknown[]).entries()) {
    const isMap = entry !== null && typeof entry === 'object' && !Array.isArray(entry);
    const { expect, ...fields } = isMap ? (entry as Record<string, unknown>) : {};
    if (expect !== undefined && expect !== 'allow' && expect !== 'deny')
      problems.push(located(`/${i}/expect`, `probe ${i}: expect must be allow or deny, not ${JSON.stringify(expect)}`));
    const checked = checkProbe(isMap ? fields : entry, PROBE_PROTOCOLS, undefined, ['expect']);
    if (checked.kind === 'failed')
      problems.push(
        ...checked.diagnostics.map((d) => located(`/${i}${d.pointer ?? ''}`, `probe ${i}: ${d.message}`, d.hint)),
      );
    else probes.push({ probe: checked.probe, ...(expect !== undefined && { expect: expect as Verdict }) });
  }
  if (problems.length > 0) throw new PipycError(problems);
  return probes;
}
