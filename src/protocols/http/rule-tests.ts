import { jsLiteral } from '../../generate/literal.js';
import type { HttpMatchIR, HttpPartPlanIR } from '../../ir/types.js';

/**
 * The Matches of each http policy that has them, compiled to one predicate over the request head (one match a line,
 * the regular expressions it uses named in a comment); the [rules] table points at them in this order.
 */
export function ruleTestsCode(plan: Pick<HttpPartPlanIR, 'rules' | 'regexes'>): string {
  const items = plan.rules.flatMap((r) => {
    if (r.matches === null) return [];
    const lines = r.matches.map((m, i, all) => `${matchCode(m)}${i < all.length - 1 ? ' ||' : ','}${regexNames(m, plan.regexes)}`);
    const body = lines.length === 1 ? ` ${lines[0]}` : `\n${lines.map((l) => `      ${l}`).join('\n')}`;
    return [`    // ${jsLiteral(r.policy)}\n    head =>${body}`];
  });
  return items.length === 0 ? '[]' : `[\n${items.join('\n')}\n  ]`;
}

function matchCode(m: HttpMatchIR): string {
  const parts: string[] = [];
  if (m.path !== null) {
    // Paths are compared without the query. A literal path with no '?' needs no copy of the request's path for that:
    // it equals the path without query exactly when it equals the path or is followed there by '?'.
    const p = m.path;
    if (p.type === 'regex') parts.push(`regexes[${jsLiteral(p.regex)}].test(pathOf(head.path))`);
    else if (p.value.includes('?')) parts.push('false');
    else if (p.type === 'exact') parts.push(`(head.path === ${jsLiteral(p.value)} || head.path.startsWith(${jsLiteral(p.value + '?')}))`);
    else parts.push(`head.path.startsWith(${jsLiteral(p.value)})`);
  }
  if (m.methods !== null) {
    const alternatives = m.methods.map((x) => `head.method === ${jsLiteral(x)}`);
    parts.push(alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' || ')})`);
  }
  for (const [name, regex] of m.headers) parts.push(`headerMatches(head.headers[${jsLiteral(name)}], ${jsLiteral(regex)})`);
  return parts.length === 0 ? 'true' : `(${parts.join(' && ')})`;
}

/** ' // regexes[i]: <source>, ...' for the regular expressions a match uses ('' for none); sources as literals. */
function regexNames(m: HttpMatchIR, regexes: readonly string[]): string {
  const used = [...(m.path?.type === 'regex' ? [m.path.regex] : []), ...m.headers.map(([, r]) => r)];
  return used.length === 0 ? '' : ` // ${used.map((i) => `regexes[${jsLiteral(i)}]: ${jsLiteral(regexes[i]!)}`).join(', ')}`;
}
