import { stringify } from 'yaml';
import type { KubernetesObject } from './family.js';
import { plainYaml } from './plain-yaml.js';

/** The objects as one YAML stream (`---` between them) after a comment header; the same objects give the same bytes. */
export function objectsYaml(header: readonly string[], objects: readonly KubernetesObject[]): string {
  const comment = header.map((l) => (l === '' ? '#' : `# ${l}`)).join('\n');
  const yaml = (o: KubernetesObject) =>
    plainYaml(o as unknown as Record<string, unknown>) ?? stringify(o, { lineWidth: 0, blockQuote: 'literal' });
  return `${comment}\n${objects.map((o) => `---\n${yaml(o)}`).join('')}`;
}
