/**
 * Clients of the cluster test: GET queries (idempotent, so nginx may retry them elsewhere) sent
 * back to back by a few concurrent clients, each with a timeout, every outcome kept.
 */

/** What one request got. */
export interface Outcome {
  /** HTTP status; 0 when no answer came (refused, reset, timed out). */
  status: number;
  /** The first error's extensions.code, if any. */
  code?: string;
  ms: number;
  timedOut: boolean;
  at: number;
}

/** The client's patience: a replica must answer (even with a 503) within it. */
export const CLIENT_TIMEOUT_MS = 5_000;

/** A GET of `query` with `variables` at `base`/graphql. */
export function graphqlUrl(base: string, query: string, variables: object = {}): string {
  const url = new URL("/graphql", base);
  url.searchParams.set("query", query);
  url.searchParams.set("variables", JSON.stringify(variables));
  return url.toString();
}

/** One request, never throwing: its status, error code and time. */
export async function hit(url: string): Promise<Outcome & { data?: unknown }> {
  const at = performance.now();
  try {
    const response = await fetch(url, {
      headers: { accept: "application/graphql-response+json" },
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => ({}))) as {
      data?: unknown;
      errors?: { extensions?: { code?: string } }[];
    };
    const code = body.errors?.[0]?.extensions?.code;
    const ms = performance.now() - at;
    return {
      status: response.status,
      ...(code && { code }),
      ms,
      timedOut: false,
      at,
      data: body.data,
    };
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    return { status: 0, ms: performance.now() - at, timedOut, at };
  }
}

/** `clients` concurrent clients sending `next()`'s URLs back to back until stopped. */
export class Load {
  private running = true;
  private readonly outcomes: Outcome[] = [];
  private readonly clients: Promise<void>[];
  /** Requests sent and not answered yet. */
  inFlight = 0;

  constructor(clients: number, next: () => string) {
    this.clients = Array.from({ length: clients }, async () => {
      while (this.running) {
        this.inFlight++;
        const { data: _, ...outcome } = await hit(next());
        this.inFlight--;
        this.outcomes.push(outcome);
      }
    });
  }

  /** Stops the clients once their requests are answered; every outcome, in order. */
  async stop(): Promise<Outcome[]> {
    this.running = false;
    await Promise.all(this.clients);
    return this.outcomes;
  }
}

/** Counts of outcomes by kind, for the results table. */
export function tally(outcomes: readonly Outcome[]) {
  const count = (test: (outcome: Outcome) => boolean) => outcomes.filter(test).length;
  return {
    requests: outcomes.length,
    ok: count((o) => o.status === 200),
    storeUnavailable: count((o) => o.status === 503 && o.code === "STORE_UNAVAILABLE"),
    otherErrors: count((o) => o.status >= 500 && o.code !== "STORE_UNAVAILABLE"),
    noAnswer: count((o) => o.status === 0),
    timedOut: count((o) => o.timedOut),
    maxMs: Math.round(Math.max(0, ...outcomes.map((o) => o.ms))),
  };
}
