// One watch on the real etcd: a streaming POST to the gateway's /v3/watch, one gRPC watch stream
// per request. The gateway answers with newline-separated JSON objects, `{"result": WatchResponse}`
// or `{"error": ...}`, which arrive in chunks that need not end on a line; they are collected in
// arrival order for the test to wait on and compare. Hanging up ends the watch on the server.

type Json = Record<string, unknown>;

export class RealWatch {
  /** The WatchResponses received so far, in the gateway's JSON shape. */
  readonly results: Json[] = [];
  /** Set when the stream ended or failed, with why. */
  ended: string | undefined;
  private readonly abort = new AbortController();
  private waiters: (() => void)[] = [];

  private constructor() {}

  /** Starts the request; resolves once the gateway has answered with its headers. */
  static async open(url: string, createRequest: Json): Promise<RealWatch> {
    const w = new RealWatch();
    let res: Response;
    try {
      res = await fetch(`${url}/v3/watch`, {
        method: 'POST',
        body: JSON.stringify({ create_request: createRequest }),
        signal: w.abort.signal,
      });
    } catch (e) {
      w.finish(`the watch request failed: ${(e as Error).message}`);
      return w;
    }
    if (!res.ok || !res.body) {
      w.finish(`etcd answered the watch with ${res.status}: ${(await res.text()).slice(0, 500)}`);
      return w;
    }
    void w.read(res.body);
    return w;
  }

  /**
   * Resolves true as soon as `done` holds of the responses so far, false if the stream ends or
   * `timeoutMs` passes first.
   */
  async until(done: (results: readonly Json[]) => boolean, timeoutMs: number): Promise<boolean> {
    if (done(this.results)) return true;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    try {
      while (!done(this.results)) {
        if (this.ended !== undefined) return false;
        let woken = false;
        await Promise.race([new Promise<void>((resolve) => this.waiters.push(resolve)).then(() => (woken = true)), expired]);
        if (!woken) return done(this.results);
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    if (this.ended === undefined) this.finish('closed by the test');
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let pending = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        pending += decoder.decode(value, { stream: true });
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (line !== '') this.take(line);
        }
      }
      if (pending.trim() !== '') this.take(pending.trim());
      this.finish('etcd ended the stream');
    } catch (e) {
      // An abort is the test hanging up; anything else is worth reporting.
      this.finish(this.abort.signal.aborted ? 'closed by the test' : `the watch stream failed: ${(e as Error).message}`);
    }
  }

  private take(line: string): void {
    let msg: Json;
    try {
      msg = JSON.parse(line) as Json;
    } catch {
      this.finish(`etcd sent a line that is not JSON: ${line.slice(0, 500)}`);
      return;
    }
    if (msg.result && typeof msg.result === 'object') this.results.push(msg.result as Json);
    else this.finish(`etcd sent ${line.slice(0, 500)}`);
    this.wake();
  }

  private finish(why: string): void {
    if (this.ended === undefined) this.ended = why;
    this.wake();
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }
}
