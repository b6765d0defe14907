/**
 * `marquee`: the platform's command for use outside this repository. One command so far,
 * `marquee diff BASE REVISION`, implemented (with its options and exit codes) by @marquee/diff:
 * see diff/README.md.
 */
import { DIFF_USAGE, diffCommand, EXIT, type CliIo } from '@marquee/diff';

export function main(argv: readonly string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help' || rest.includes('--help')) {
    io.stdout(`${DIFF_USAGE}\n`);
    return command === undefined ? EXIT.usage : EXIT.pass;
  }
  if (command !== 'diff') {
    io.stderr(`marquee: unknown command '${command}'\n${DIFF_USAGE}\n`);
    return EXIT.usage;
  }
  return diffCommand(rest, io);
}
