/** What a list and a map are called: JSON's words for a spec (array, object), YAML's for Kubernetes objects (list, map). */
interface ContainerWords {
  list: string;
  map: string;
}

const JSON_WORDS: ContainerWords = { list: 'an array', map: 'an object' };

/** A value a message says is wrong, in words: its type and (short) content. */
export function describeValue(value: unknown, words: ContainerWords = JSON_WORDS): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return words.list;
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return words.map;
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value}, which is not a number JSON can hold`;
  return `${typeof value} ${String(value)}`;
}
