import type { WebhookEvent } from "./events.js";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signature.js";

/** One attempt's bound: a receiver that has not answered by then has failed the attempt. */
export const ATTEMPT_TIMEOUT_MS = 5_000;

/** Why an attempt failed, for the log; undefined when the receiver acknowledged the event. */
export type AttemptFailure = string | undefined;

/**
 * POSTs one event, signed, with Node's fetch. A 2xx acknowledges it; anything else fails the
 * attempt, redirects included: they are not followed, since a receiver moved by a redirect
 * would be a destination nobody configured, and a 3xx is no acknowledgement.
 */
export async function postEvent(
  url: string,
  event: WebhookEvent,
  secrets: readonly string[],
  stop: AbortSignal,
): Promise<AttemptFailure> {
  const body = JSON.stringify(event);
  try {
    const response = await fetch(url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.any([stop, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
      headers: {
        "content-type": "application/json",
        "user-agent": "news-graph-webhooks",
        [EVENT_ID_HEADER]: String(event.id),
        [SIGNATURE_HEADER]: signatureHeader(body, secrets, Math.floor(Date.now() / 1000)),
      },
      body,
    });
    // The answer's body is not read: drop it so the connection can be reused.
    await response.body?.cancel();
    return response.ok ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    return failureOf(error);
  }
}

function failureOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return `no answer in ${ATTEMPT_TIMEOUT_MS / 1000} s`;
  // fetch says only "fetch failed"; the cause says why (ECONNREFUSED, a TLS error, …).
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}
