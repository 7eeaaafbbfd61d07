// Runs inside the pod namespace: publishes every file under a directory as one codebase of a Pipy repo, with the
// library's own publisher (the built dist/index.js). argv: <repo url> <codebase path> <dir>. Prints the result.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { publishCodebase } from '../../dist/index.js';

const [repo, codebase, dir] = process.argv.slice(2);
const walk = (d) =>
  readdirSync(d).flatMap((name) => (statSync(join(d, name)).isDirectory() ? walk(join(d, name)) : [join(d, name)]));
const files = walk(dir).map((path) => ({ path: relative(dir, path), contents: readFileSync(path) }));
const result = await publishCodebase(repo, codebase, { dir, files });
console.log(JSON.stringify(result));
