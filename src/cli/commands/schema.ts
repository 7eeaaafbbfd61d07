import { SIDECAR_SPEC_SCHEMA } from '../../validate/schema-validator.js';
import { printJson } from '../io.js';
import type { CommandContext } from './context.js';

export function schemaCommand({ program, io }: CommandContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of the sidecar spec')
    .action(() => printJson(io, SIDECAR_SPEC_SCHEMA));
}
