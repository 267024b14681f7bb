/** Where a receiver is in the change log. */
export interface Cursor {
  /** The change counter of the last event the receiver acknowledged. */
  delivered: number;
  /** Attempts at the next event that failed since then. */
  attempts: number;
}

/** A receiver's cursor, held by this process until released. */
export interface Claim extends Cursor {
  url: string;
  /** Proves the claim is still this process's when it is released (a lease may have passed). */
  token: string;
}

/**
 * The delivery cursors, one per receiver URL, kept beside the store: the change log is the
 * outbox, and a cursor is how far into it a receiver has been served.
 */
export interface CursorStore {
  /** Starts a cursor at `counter` for each URL that has none: a new receiver hears changes from now on. */
  register(urls: readonly string[], counter: number): Promise<void>;
  /** The URL's cursor if no one else holds it and its next attempt is due; else undefined. */
  claim(url: string): Promise<Claim | undefined>;
  /** Saves the cursor and lets it go; its next attempt is due `retryInMs` from now. */
  release(claim: Claim, cursor: Cursor, retryInMs: number): Promise<void>;
}
