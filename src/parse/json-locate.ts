import { pointerSegments } from '../diagnostics/diagnostic.js';
import { positionAt, type Locator } from './locate.js';

/**
 * Positions in a JSON text by pointer, found by scanning the text along the pointer's path (nothing else is built), as
 * makeLocator finds them in the same text parsed as YAML: the value's first character, or its key's opening quote, or
 * the nearest enclosing value the pointer reaches. For `kubectl get -o json` of a whole mesh, parsing it as YAML to
 * place one message costs seconds; this costs one pass over the text at most.
 */
export function jsonLocator(file: string, text: string): Locator {
  return (pointer, at = 'value') => {
    let value = skipSpace(text, 0);
    let key: number | undefined;
    for (const segment of pointerSegments(pointer)) {
      key = undefined;
      const found =
        text[value] === '{'
          ? memberOf(text, value, segment)
          : text[value] === '['
            ? elementOf(text, value, Number(segment))
            : undefined;
      if (!found) break;
      key = found.key;
      value = found.value;
    }
    return positionAt(file, text, at === 'key' && key !== undefined ? key : value);
  };
}

function memberOf(text: string, open: number, name: string): { key: number; value: number } | undefined {
  let i = skipSpace(text, open + 1);
  while (text[i] === '"') {
    const keyEnd = stringEnd(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    const colon = skipSpace(text, keyEnd);
    if (text[colon] !== ':') return undefined;
    const value = skipSpace(text, colon + 1);
    if (key === name) return { key: i, value };
    i = skipSpace(text, valueEnd(text, value));
    if (text[i] !== ',') return undefined;
    i = skipSpace(text, i + 1);
  }
  return undefined;
}

function elementOf(text: string, open: number, index: number): { key: undefined; value: number } | undefined {
  if (!Number.isInteger(index) || index < 0) return undefined;
  let i = skipSpace(text, open + 1);
  if (text[i] === ']') return undefined;
  for (let n = 0; ; n++) {
    if (n === index) return { key: undefined, value: i };
    i = skipSpace(text, valueEnd(text, i));
    if (text[i] !== ',') return undefined;
    i = skipSpace(text, i + 1);
  }
}

/** Where the value starting at `i` ends: past its closing quote or bracket, or its last character. */
function valueEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c !== '{' && c !== '[') {
    let j = i;
    while (j < text.length && !',}] \t\r\n'.includes(text[j]!)) j++;
    return j;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const d = text[j];
    if (d === '"') j = stringEnd(text, j) - 1;
    else if (d === '{' || d === '[') depth++;
    else if ((d === '}' || d === ']') && --depth === 0) return j + 1;
  }
  return text.length;
}

/** Past the closing quote of the string whose opening quote is at `i`. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '"') return j + 1;
  }
  return text.length;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  return i;
}
