// A news-graph webhook receiver in plain Node 20, no dependency: it verifies X-News-Signature,
// takes each event once and acknowledges with 204 (anything else and the event is sent again).
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

/**
 * Whether `header` (X-News-Signature) signs `rawBody` with `secret`, made at most
 * `toleranceSeconds` ago (an old delivery replayed by someone else is refused).
 * @param {string} rawBody the body exactly as received, before any JSON parsing
 * @param {string | string[] | undefined} header
 * @param {string} secret
 */
export function verifyNewsSignature(rawBody, header, secret, toleranceSeconds = 300) {
  const parts = String(header ?? "").split(",");
  const time = Number(parts.find((part) => part.startsWith("t="))?.slice(2));
  if (!Number.isInteger(time) || Math.abs(Date.now() / 1000 - time) > toleranceSeconds) {
    return false;
  }
  const expected = createHmac("sha256", secret).update(`${time}.${rawBody}`).digest();
  // One v1 per secret the server signs with while it rotates: any may be yours.
  return parts
    .filter((part) => part.startsWith("v1="))
    .map((part) => Buffer.from(part.slice(3), "hex"))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
}

/**
 * A receiver that calls `onEvent` once per event id, for signed deliveries only.
 * @param {string} secret WEBHOOK_SECRET, as the server has it
 * @param {(event: { id: number, kind: string, tags: string[], purgeAll: boolean }) => Promise<void>} onEvent
 */
export function createReceiver(secret, onEvent) {
  const seen = new Set(); // keep the ids in your database in production
  return createServer((request, response) => {
    /** @type {Buffer[]} */
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", async () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      if (!verifyNewsSignature(rawBody, request.headers["x-news-signature"], secret)) {
        response.writeHead(400).end("bad signature");
        return;
      }
      const event = JSON.parse(rawBody);
      try {
        if (!seen.has(event.id)) await onEvent(event); // e.g. purge event.tags at your CDN
        seen.add(event.id);
        response.writeHead(204).end();
      } catch {
        response.writeHead(500).end(); // not taken: the server retries with backoff
      }
    });
  });
}
