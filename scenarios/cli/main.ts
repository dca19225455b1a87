// kyb: the command-line entry. Each subcommand lives in its own file.

import { Command, CommanderError } from 'commander';
import { renderTree } from '../../runtime/index.ts';
import { runDemo } from '../demos/runtime-demo.ts';

const program = new Command()
  .name('kyb')
  .description('kybernetes: a Kubernetes cluster as a deterministic, supervised actor system')
  .exitOverride()
  .configureOutput({ outputError: (s, write) => write(s.split('\n')[0] + '\n') });

program
  .command('tree')
  .description('boot the runtime demo, heal it from a crash, and print the supervisor tree')
  .option('--json', 'print the tree as JSON')
  .action(async (opts: { json?: boolean }) => {
    const system = await runDemo(() => {});
    const tree = system.inspect();
    system.shutdown();
    console.log(opts.json ? JSON.stringify(tree, null, 2) : renderTree(tree));
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  console.error(`kyb: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
