/**
 * The change feed: how a replica hears of other processes' writes. Each write NOTIFYs the new
 * change counter at commit (only the counter: payloads are capped at 8000 bytes); a listener
 * then catches up from the change log. NOTIFY is not replayed, so after a lost connection the
 * listener reconnects and catches up the same way, and a slow poll covers anything missed.
 */
import type { Db, DbClient } from "./db.js";
import type { PostgresStore } from "./store.js";
import { CHANGES_CHANNEL } from "./write.js";

/** How often the log is read even without a NOTIFY: a safety net, not the path changes take. */
const POLL_MS = 5_000;
/** Wait before listening again after the connection was lost. */
const RECONNECT_MS = 1_000;

/** How far behind the database a replica's view is, for metrics. */
export interface FeedLag {
  /** Seconds since the change log was last read: under POLL_MS while the feed works. */
  secondsSinceCaughtUp: number;
  /** Change counters announced by NOTIFY that the replica has not moved to yet. */
  changesBehind: number;
}

/** A running feed: stop it, or ask how far behind it is. */
export interface ChangeFeed {
  stop(): void;
  lag(): FeedLag;
}

/** A pg client that emits notifications (with their payload) and errors, as node-postgres' does. */
interface ListeningClient extends DbClient {
  on(event: "notification", listener: (message: { payload?: string }) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
}

const canListen = (client: DbClient): client is ListeningClient =>
  typeof (client as Partial<ListeningClient>).on === "function";

/**
 * Follows the change log for `store`: on each NOTIFY, each reconnect and every POLL_MS it
 * catches up, and tells `onChange` when the store moved.
 */
export function followChanges(
  db: Db,
  store: PostgresStore,
  onChange: () => void,
  onError: (error: unknown) => void,
): ChangeFeed {
  let stopped = false;
  let listener: DbClient | undefined;
  let caughtUpAt = performance.now();
  let announced = 0;
  const catchUp = () =>
    store.catchUp().then((moved) => {
      caughtUpAt = performance.now();
      if (moved && !stopped) onChange();
    }, onError);

  async function listen(): Promise<void> {
    if (stopped) return;
    try {
      const client = await db.connect();
      listener = client;
      if (canListen(client)) {
        client.on("notification", ({ payload }) => {
          announced = Math.max(announced, Number(payload) || 0);
          void catchUp();
        });
        client.on("error", (error) => {
          client.release(error);
          if (listener === client) listener = undefined;
          onError(error);
          setTimeout(() => void listen(), RECONNECT_MS).unref();
        });
      }
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      await catchUp();
    } catch (error) {
      onError(error);
      setTimeout(() => void listen(), RECONNECT_MS).unref();
    }
  }

  const poll = setInterval(() => void catchUp(), POLL_MS);
  poll.unref();
  void listen();
  return {
    stop: () => {
      stopped = true;
      clearInterval(poll);
      listener?.release(true);
    },
    lag: () => ({
      secondsSinceCaughtUp: (performance.now() - caughtUpAt) / 1000,
      changesBehind: Math.max(0, announced - store.generation),
    }),
  };
}
