import { stringify } from 'yaml';
import type { KubernetesObject } from './family.js';

/** The objects as one YAML stream (`---` between them) after a comment header; the same objects give the same bytes. */
export function objectsYaml(header: readonly string[], objects: readonly KubernetesObject[]): string {
  const comment = header.map((l) => (l === '' ? '#' : `# ${l}`)).join('\n');
  return `${comment}\n${objects.map((o) => `---\n${stringify(o, { lineWidth: 0, blockQuote: 'literal' })}`).join('')}`;
}
