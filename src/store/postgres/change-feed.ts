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

/** A pg client that emits notifications and errors (node-postgres' does). */
interface ListeningClient extends DbClient {
  on(event: "notification", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
}

const canListen = (client: DbClient): client is ListeningClient =>
  typeof (client as Partial<ListeningClient>).on === "function";

/**
 * Follows the change log for `store`: on each NOTIFY, each reconnect and every POLL_MS it
 * catches up, and tells `onChange` when the store moved. Returns the function that stops it.
 */
export function followChanges(
  db: Db,
  store: PostgresStore,
  onChange: () => void,
  onError: (error: unknown) => void,
): () => void {
  let stopped = false;
  let listener: DbClient | undefined;
  const catchUp = () => store.catchUp().then((moved) => moved && !stopped && onChange(), onError);

  async function listen(): Promise<void> {
    if (stopped) return;
    try {
      const client = await db.connect();
      listener = client;
      if (canListen(client)) {
        client.on("notification", () => void catchUp());
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
  return () => {
    stopped = true;
    clearInterval(poll);
    listener?.release(true);
  };
}
