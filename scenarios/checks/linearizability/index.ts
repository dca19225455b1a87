// A linearizability checker for recorded histories, Porcupine's approach: a sequential model
// with a step function, partitions checked independently, unknown outcomes for timed-out
// operations, and a search memoized on (linearized set, state) with a budget in explored states.

export {
  UNKNOWN,
  type CheckOptions,
  type CheckResult,
  type Model,
  type Operation,
  type Partition,
  type PartitionResult,
  type StepResult,
  type Unknown,
  type Verdict,
} from './types.ts';
export { checkHistory, checkPartition, explain } from './checker.ts';
export {
  describeKvOperation,
  kvModel,
  kvStep,
  partitionByKey,
  registerModel,
  type KvInput,
  type KvModelOptions,
  type KvOperation,
  type KvOutput,
  type KvState,
  type RegisterInput,
  type RegisterOutput,
} from './models.ts';
