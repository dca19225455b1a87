// A message in a mailbox, with who sent it and the trace event that put it there, so that the
// delivery of each message names its own cause.

import type { Message } from '../message.ts';

export interface Envelope {
  readonly msg: Message;
  /** The sender's path; '' for the runtime itself or the outside world. */
  readonly from: string;
  /** The trace event that put it in the mailbox (a send, an arrival, a timer); -1 untraced. */
  readonly cause: number;
}
