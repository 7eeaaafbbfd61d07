import { toDraft07 } from '../../validate/draft-07.js';
import { SIDECAR_SPEC_SCHEMA } from '../../validate/schema-validator.js';
import { printJson } from '../io.js';
import type { CommandContext } from './context.js';

export function schemaCommand({ program, io }: CommandContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of the sidecar spec (draft 2020-12, or draft-07 for editors that need it)')
    .option('--draft-07', 'print the draft-07 form')
    .action((opts: { draft07?: boolean }) =>
      printJson(io, opts.draft07 ? toDraft07(SIDECAR_SPEC_SCHEMA) : SIDECAR_SPEC_SCHEMA),
    );
}
