import { createHmac } from "node:crypto";

/** The header a receiver verifies each delivery by. */
export const SIGNATURE_HEADER = "x-news-signature";
/** The header naming the event, so a receiver drops one it already handled. */
export const EVENT_ID_HEADER = "x-news-event-id";

/**
 * Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, one v1 per secret.
 * The time inside the signed text lets a receiver refuse a replayed old delivery.
 */
export function signatureHeader(body: string, secrets: readonly string[], time: number): string {
  const signed = `${time}.${body}`;
  const values = secrets.map(
    (secret) => `v1=${createHmac("sha256", secret).update(signed).digest("hex")}`,
  );
  return [`t=${time}`, ...values].join(",");
}
