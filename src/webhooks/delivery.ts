/**
 * The delivery loop: each receiver URL is served by a worker of its own (a failing receiver holds
 * back no other), which claims the URL's cursor, POSTs the change-log entries after it one by
 * one, in order, and saves how far it got. Nothing here is on the path of a read or an ingest:
 * the change log is written with the change, and this only reads it.
 */
import type { Store } from "../store/store.js";
import type { Claim, Cursor, CursorStore } from "./cursors.js";
import { changeEvent, resyncEvent, type WebhookEvent } from "./events.js";
import { postEvent } from "./post.js";
import type { WebhookSettings } from "./settings.js";

/** The first retry's delay; each failure doubles it. */
export const FIRST_RETRY_MS = 1_000;
/** The longest delay between attempts: a receiver down for hours is tried every 5 minutes. */
export const MAX_RETRY_MS = 5 * 60_000;
/** How often an idle worker looks at the store's change counter (in memory: no query). */
const IDLE_MS = 200;
/** How long a worker waits when the cursor is held elsewhere or not due yet. */
const HELD_MS = 1_000;
/** How long one claim goes on delivering before letting others have the cursor. */
const CLAIM_MS = 20_000;

/**
 * The delay before attempt `attempts + 1`: exponential with "equal jitter" (half fixed, half
 * random), so receivers coming back from an outage are not hit by every replica at once.
 */
export function retryDelay(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempts - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}

export interface DeliveryOptions {
  store: Store;
  cursors: CursorStore;
  settings: WebhookSettings;
  /** Where a failed attempt is reported, one line each. */
  log?: (line: string) => void;
}

export interface WebhookDelivery {
  /** Stops the workers, each saving how far it got; resolves once they have. */
  stop(): Promise<void>;
}

/** Starts a worker per receiver; a receiver new to the cursors hears changes from now on. */
export async function startDelivery(options: DeliveryOptions): Promise<WebhookDelivery> {
  const { store, cursors, settings } = options;
  await cursors.register(settings.urls, store.changeCounter);
  const stopping = new AbortController();
  const workers = settings.urls.map((url) => serve(url, options, stopping.signal));
  return {
    async stop() {
      stopping.abort();
      await Promise.all(workers);
    },
  };
}

/** A receiver's URL fit for a log: no credentials, no query (it may hold a token). */
const shown = (url: string) => {
  const { origin, pathname } = new URL(url);
  return `${origin}${pathname}`;
};

async function serve(url: string, options: DeliveryOptions, stop: AbortSignal): Promise<void> {
  const { store, cursors, log = console.error } = options;
  /** The last counter this worker saw delivered: while the store is not past it, nothing to do. */
  let known = -1;
  while (!stop.aborted) {
    if (store.changeCounter <= known) {
      await pause(IDLE_MS, stop);
      continue;
    }
    try {
      const claim = await cursors.claim(url);
      if (!claim) {
        await pause(HELD_MS, stop);
        continue;
      }
      known = await deliverFrom(claim, options, stop);
    } catch (error) {
      log(`Webhook ${shown(url)}: ${error instanceof Error ? error.message : String(error)}`);
      await pause(HELD_MS, stop);
    }
  }
}

/**
 * Delivers the events after the claim's cursor while they succeed and the claim is young, then
 * releases it: at once when all went, after the backoff when one failed. Returns the counter
 * delivered up to.
 */
async function deliverFrom(
  claim: Claim,
  { store, cursors, settings, log = console.error }: DeliveryOptions,
  stop: AbortSignal,
): Promise<number> {
  const claimedAt = Date.now();
  let cursor: Cursor = { delivered: claim.delivered, attempts: claim.attempts };
  let retryInMs = 0;
  try {
    for await (const event of eventsAfter(cursor.delivered, store)) {
      const failure = await postEvent(claim.url, event, settings.secrets, stop);
      if (stop.aborted) break;
      if (failure !== undefined) {
        const attempts = cursor.attempts + 1;
        retryInMs = retryDelay(attempts);
        cursor = { ...cursor, attempts };
        log(
          `Webhook ${shown(claim.url)}: event ${event.id} not delivered (${failure}), attempt ${attempts}; next in ${(retryInMs / 1000).toFixed(1)} s`,
        );
        break;
      }
      cursor = { delivered: event.id, attempts: 0 };
      if (Date.now() - claimedAt > CLAIM_MS) break;
    }
  } finally {
    await cursors.release(claim, cursor, retryInMs);
  }
  return cursor.delivered;
}

/** The events after `counter`: its change-log entries, or one resync when the log lost them. */
async function* eventsAfter(counter: number, store: Store): AsyncGenerator<WebhookEvent> {
  const entries = await store.changesSince(counter);
  if (entries === undefined) {
    yield resyncEvent(store.changeCounter);
    return;
  }
  for (const entry of entries) yield changeEvent(entry, store);
}

/** Waits `ms`, or less when stopped. */
function pause(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    stop.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      stop.removeEventListener("abort", done);
      resolve();
    }
  });
}
