/**
 * The live-updates hub: one per server process, beside the store. After each change the store
 * follows (the JSON file reloaded, a PostgreSQL NOTIFY caught up), `changed()` reads the change
 * log from where it last read and hands the new entries to every open stream. A stream that
 * reconnects with Last-Event-ID is first given the log's entries after it, so a client resumes on
 * any replica. Streams are bounded: per client address, per process, and in entries waiting.
 */
import { GraphQLError } from "graphql";
import type { ErrorCode } from "../errors.js";
import { LIMITS } from "../limits.js";
import type { ChangeEntry, Store } from "../store/store.js";

export interface StreamLimits {
  perClient: number;
  perProcess: number;
  /** Change-log entries a stream may have waiting for its client. */
  backlog: number;
}

const DEFAULT_LIMITS: StreamLimits = {
  perClient: LIMITS.streamsPerClient,
  perProcess: LIMITS.streamsPerProcess,
  backlog: LIMITS.streamBacklog,
};

export interface StreamRequest {
  /** The client's address (see http/client-address.ts), for the per-client bound. */
  client: string;
  /** Last-Event-ID: the change counter the client has seen everything up to. Live only when absent. */
  after: number | undefined;
  /** Aborted when the client goes away: the stream ends and frees its place. */
  signal: AbortSignal;
}

const streamError = (code: ErrorCode, status: number, message: string) =>
  new GraphQLError(message, { extensions: { code, http: { status } } });

const tooManyStreams = (scope: string, limit: number) =>
  streamError(
    "TOO_MANY_STREAMS",
    429,
    `${scope} has ${limit} subscription streams open, as many as it may; close one first.`,
  );

const changesExpired = (after: number) =>
  streamError(
    "CHANGES_EXPIRED",
    410,
    `The change log no longer holds the changes after ${after}: refetch what you show, then subscribe without Last-Event-ID.`,
  );

const streamTooSlow = (backlog: number) =>
  streamError(
    "STREAM_TOO_SLOW",
    200,
    `This stream left more than ${backlog} changes unread, so it is closed; reconnect with Last-Event-ID to resume.`,
  );

/** One open stream: the entries its client has yet to be sent, and how it ended. */
class Subscriber {
  private readonly queue: ChangeEntry[] = [];
  private end: GraphQLError | "closed" | undefined;
  private wake = () => {};

  constructor(
    /** The newest counter handed to this stream: older entries are not sent twice. */
    private last: number,
    private readonly backlog: number,
  ) {}

  /** Queues the entries it has not had; false when that would leave more than `backlog` waiting. */
  deliver(entries: readonly ChangeEntry[]): boolean {
    const fresh = entries.filter((entry) => entry.counter > this.last);
    if (fresh.length === 0) return true;
    if (this.queue.length + fresh.length > this.backlog) return false;
    this.queue.push(...fresh);
    this.last = fresh.at(-1)!.counter;
    this.wake();
    return true;
  }

  /** Ends the stream: with an error, what is queued is dropped and the error is next. */
  finish(end: GraphQLError | "closed"): void {
    if (this.end) return;
    this.end = end;
    if (end !== "closed") this.queue.length = 0;
    this.wake();
  }

  /** The queued entries, all that are waiting at each step, until the stream ends. */
  async *batches(): AsyncGenerator<ChangeEntry[]> {
    for (;;) {
      if (this.queue.length > 0) {
        yield this.queue.splice(0);
        continue;
      }
      if (this.end instanceof GraphQLError) throw this.end;
      if (this.end) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

export class LiveHub {
  /** The newest counter read from the log and handed out. */
  private position: number;
  private readonly subscribers = new Map<Subscriber, string>();
  private readonly perClient = new Map<string, number>();
  /** Streams admitted and not yet closed: counted before they open, so a burst cannot overshoot. */
  private admitted = 0;
  /** Reads of the log, one after another, so entries go out in order and once. */
  private reading: Promise<void> = Promise.resolve();

  constructor(
    readonly store: Store,
    private readonly limits: StreamLimits = DEFAULT_LIMITS,
  ) {
    this.position = store.changeCounter;
  }

  /** How many streams are open now. */
  get openStreams(): number {
    return this.subscribers.size;
  }

  /** The store moved: hands the log's new entries to every stream. Rejects when the log cannot be read. */
  changed(): Promise<void> {
    return this.inTurn(() => this.read());
  }

  /**
   * Opens a stream of change-log batches for one client, resuming after `after` when given.
   * Refused with TOO_MANY_STREAMS (429) over a bound, CHANGES_EXPIRED (410) when the log no
   * longer reaches back to `after`.
   */
  open({ client, after, signal }: StreamRequest): Promise<AsyncIterable<ChangeEntry[]>> {
    this.admit(client);
    return this.inTurn(async () => {
      const subscriber = new Subscriber(after ?? this.position, this.limits.backlog);
      this.subscribers.set(subscriber, client);
      const close = () => this.close(subscriber, "closed");
      signal.addEventListener("abort", close, { once: true });
      if (signal.aborted) close();
      if (after !== undefined) {
        const backlog = await this.store.changesSince(after).catch((error: unknown) => {
          close();
          throw error;
        });
        if (backlog === undefined) {
          close();
          throw changesExpired(after);
        }
        if (!subscriber.deliver(backlog))
          this.close(subscriber, streamTooSlow(this.limits.backlog));
      }
      return subscriber.batches();
    });
  }

  private inTurn<T>(step: () => Promise<T>): Promise<T> {
    const turn = this.reading.then(step);
    this.reading = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async read(): Promise<void> {
    const entries = await this.store.changesSince(this.position);
    if (entries === undefined) {
      // More writes went by than the log keeps (the JSON store's 1,000): no stream can go on.
      const after = this.position;
      this.position = this.store.changeCounter;
      for (const subscriber of [...this.subscribers.keys()]) {
        this.close(subscriber, changesExpired(after));
      }
      return;
    }
    if (entries.length === 0) return;
    this.position = entries.at(-1)!.counter;
    for (const subscriber of [...this.subscribers.keys()]) {
      if (!subscriber.deliver(entries)) this.close(subscriber, streamTooSlow(this.limits.backlog));
    }
  }

  /** Counts a new stream for `client`, or refuses it over a bound. */
  private admit(client: string): void {
    if (this.admitted >= this.limits.perProcess) {
      throw tooManyStreams("This server", this.limits.perProcess);
    }
    const open = this.perClient.get(client) ?? 0;
    if (open >= this.limits.perClient) throw tooManyStreams("Your address", this.limits.perClient);
    this.perClient.set(client, open + 1);
    this.admitted++;
  }

  /** Ends a stream and frees its places at once, whether or not its client ever reads again. */
  private close(subscriber: Subscriber, end: GraphQLError | "closed"): void {
    subscriber.finish(end);
    const client = this.subscribers.get(subscriber);
    if (client === undefined) return;
    this.subscribers.delete(subscriber);
    this.admitted--;
    const open = (this.perClient.get(client) ?? 1) - 1;
    if (open > 0) this.perClient.set(client, open);
    else this.perClient.delete(client);
  }
}
