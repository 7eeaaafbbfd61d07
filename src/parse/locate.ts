import { isMap, isPair, isScalar, isSeq, type LineCounter, type Document, type Node } from 'yaml';
import { pointerSegments, type SourcePosition } from '../diagnostics/diagnostic.js';

/** Maps a JSON pointer to the line:column of the node (or of its key) in the parsed source. */
export type Locator = (pointer: string, at?: 'value' | 'key') => SourcePosition | undefined;

/** @internal */
export function makeLocator(file: string, doc: Document, lines: LineCounter): Locator {
  const position = (offset: number): SourcePosition => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };
  return (pointer, at = 'value') => {
    let node: unknown = doc.contents;
    let keyNode: unknown;
    let last: unknown = node;
    for (const segment of pointerSegments(pointer)) {
      keyNode = undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
        if (!pair) break;
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(node)) {
        node = node.items[Number(segment)];
      } else {
        break;
      }
      if (node === undefined || node === null) break;
      last = node;
    }
    const target = (at === 'key' && keyNode) || (node ?? keyNode) || last;
    const range = (target as Node | undefined)?.range;
    return range ? position(range[0]) : undefined;
  };
}

export function positionAt(file: string, text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { file, line, column: offset - lineStart + 1 };
}
