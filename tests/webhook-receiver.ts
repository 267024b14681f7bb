import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { WebhookEvent } from "../src/webhooks/events.js";

/** One POST a receiver got. */
export interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  event: WebhookEvent;
  /** The status the receiver answered. */
  status: number;
}

/** What a receiver answers its `n`th request (from 1): a status, and headers. */
export type Answer = (n: number) => { status: number; headers?: Record<string, string> };

/** A webhook receiver on 127.0.0.1 that records every POST and answers as `answer` says. */
export async function startReceiver(answer: Answer = () => ({ status: 204 })) {
  const deliveries: Delivery[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const { status, headers } = answer(deliveries.length + 1);
      deliveries.push({ headers: request.headers, body, event: JSON.parse(body), status });
      response.writeHead(status, headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/news`,
    deliveries,
    /** The events acknowledged with a 2xx, by id, each once. */
    acknowledged: () => new Set(deliveries.filter((d) => d.status < 300).map((d) => d.event.id)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Verifies a delivery's X-News-Signature as a receiver would, with node:crypto alone: some v1
 * value is the HMAC-SHA256 of "<t>.<raw body>" under `secret`.
 */
export function signedWith(delivery: Delivery, secret: string): boolean {
  const parts = String(delivery.headers["x-news-signature"]).split(",");
  const time = parts.find((part) => part.startsWith("t="))?.slice(2);
  const expected = createHmac("sha256", secret).update(`${time}.${delivery.body}`).digest();
  return parts
    .filter((part) => part.startsWith("v1="))
    .map((part) => Buffer.from(part.slice(3), "hex"))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
}
