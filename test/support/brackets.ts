/**
 * The brackets a template leaves open or closes beyond what it opened: its JavaScript with the first branch of each
 * Handlebars block kept (each branch must balance on its own), comments and mustaches blanked, string literals and
 * line comments skipped. '' when every bracket it opens, it closes.
 */
export function unbalancedBrackets(template: string): string {
  const js = firstBranches(template.replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, '')).replace(
    /\{\{\{?[\s\S]*?\}?\}\}/g,
    ' ',
  );
  const open: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let stray = '';
  for (let i = 0; i < js.length; i++) {
    const c = js[i]!;
    if (c === "'" || c === '"' || c === '`') {
      for (i++; i < js.length && js[i] !== c; i++) if (js[i] === '\\') i++;
    } else if (c === '/' && js[i + 1] === '/') {
      while (i < js.length && js[i] !== '\n') i++;
    } else if (c === '(' || c === '[' || c === '{') {
      open.push(c);
    } else if (c in pairs) {
      if (open.at(-1) === pairs[c]) open.pop();
      else stray += c;
    }
  }
  return stray + open.join('');
}

/** The template with every `{{else}}` branch dropped (up to its block's close), nested blocks included. */
function firstBranches(template: string): string {
  let out = '';
  let depth = 0;
  let skipping = -1;
  let last = 0;
  for (const m of template.matchAll(/\{\{\s*([#/]|else\b)?[^}]*\}\}/g)) {
    if (skipping < 0) out += template.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[1] === '#') depth++;
    else if (m[1] === '/') {
      if (skipping === depth) skipping = -1;
      depth--;
    } else if (m[1] === 'else' && skipping < 0) skipping = depth;
    if (skipping < 0) out += m[0];
  }
  return out + template.slice(last);
}
