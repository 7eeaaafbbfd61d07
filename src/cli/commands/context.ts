import type { Command } from 'commander';
import type { Io } from '../io.js';

/** What every command gets: the program to add itself to, the I/O, and where to put its exit code. */
export interface CommandContext {
  program: Command;
  io: Io;
  exit: (code: number) => void;
}
