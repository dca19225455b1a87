// kyb: the command-line entry. Each subcommand lives in its own file; this wires them up and
// turns every failure of input into one line and exit code 2.

import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.ts';
import { DEFAULT_MAX_VIRTUAL, DEFAULT_MAX_WALL } from './limits.ts';

// Each subcommand's module is loaded when it runs: reading a trace needs none of what runs a cluster.
const commands = {
  run: () => import('./run-command.ts'),
  replay: () => import('./replay-command.ts'),
  scenarios: () => import('./scenarios-command.ts'),
  trace: () => import('./trace-command.ts'),
  tree: () => import('./tree-command.ts'),
};

// `kyb trace ... | head`: a reader that stops early is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

/** KYB_DEBUG=1 (or any value but 0, false or nothing) prints the stack of an error. */
const debug = (v: string | undefined) => v !== undefined && !['', '0', 'false'].includes(v.trim().toLowerCase());

let code = 0;
const program = new Command()
  .name('kyb')
  .description('kybernetes: a Kubernetes cluster as a deterministic, supervised actor system')
  .version(VERSION)
  .exitOverride()
  .configureOutput({ outputError: (s, write) => write(`kyb: ${s.split('\n')[0]!.replace(/^error: /, '')}\n`) });

program
  .command('run')
  .description('run a scenario: exit 0 when every expectation holds; 1 when one fails, the script throws or a limit is reached; 2 on bad input')
  .argument('<scenario>', 'a built-in name (kyb scenarios) or the path of a scenario file')
  .option('--seed <n>', 'the seed of the run', '1')
  .option('--trace <file>', 'write the trace to this file')
  .option('--json', 'print one JSON object')
  .option('--max-virtual <duration>', `stop and fail the run past this virtual time (default ${DEFAULT_MAX_VIRTUAL})`)
  .option('--max-wall <duration>', `stop and fail the run after this much wall time (default ${DEFAULT_MAX_WALL})`)
  .option('--strict', 'fail a run whose scenario made no expectations')
  .action(async (scenario: string, flags) => {
    code = await (await commands.run()).runCommand(scenario, flags);
  });

program
  .command('scenarios')
  .description('list the built-in scenarios')
  .option('--json', 'print JSON')
  .action(async (flags) => {
    code = (await commands.scenarios()).scenariosCommand(flags);
  });

program
  .command('tree')
  .description("print the supervisor tree: a scenario's cluster at its steady state, or a trace's at a time")
  .argument('[trace]', 'a trace file')
  .option('--at <duration>', 'the virtual time to show (with a trace), e.g. 90s')
  .option('--scenario <name>', 'the scenario whose cluster to boot (without a trace)')
  .option('--json', 'print JSON')
  .action(async (trace: string | undefined, flags) => {
    code = await (await commands.tree()).treeCommand(trace, flags);
  });

program
  .command('replay')
  .description(
    're-run a trace and compare every event: exit 0 identical, 1 diverged, 2 unreadable. Replay loads and runs the scenario ' +
      "the trace's header names (a built-in, or a scenario file at the path recorded), with the recorded seed and configuration: " +
      'replay only traces you trust',
  )
  .argument('<trace>', 'a trace file')
  .option('--json', 'print one JSON object')
  .action(async (trace: string, flags) => {
    code = await (await commands.replay()).replayCommand(trace, flags);
  });

program
  .command('trace')
  .description("show a trace's events, filtered, explained or converted")
  .argument('<trace>', 'a trace file')
  .option('--actor <glob>', 'only events of actors matching the glob (* within a segment, ** across)')
  .option('--type <type>', 'only events of this type (send, deliver, crash, ...)')
  .option('--from <duration>', 'only events at or after this virtual time')
  .option('--to <duration>', 'only events at or before this virtual time')
  .option('--explain <seq|namespace/name>', 'the chain of causes that led to event SEQ; given a pod, why the scheduler placed it where it did (as --pod)')
  .option('--pod <namespace/name>', "why the scheduler placed the pod where it did (each node's filter verdicts and scores), or why it could not")
  .option('--format <format>', 'text, json, chrome (Perfetto) or mermaid', 'text')
  .action(async (trace: string, flags) => {
    code = await (await commands.trace()).traceCommand(trace, flags);
  });

try {
  await program.parseAsync(process.argv);
  process.exitCode = code;
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode === 0 ? 0 : 2;
  else {
    console.error(`kyb: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    if (debug(process.env.KYB_DEBUG)) console.error(e);
    process.exitCode = 2;
  }
}
