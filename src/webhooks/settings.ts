/** What the webhook settings in the environment say: where to POST, and what to sign with. */
export interface WebhookSettings {
  /** The receivers, each an http(s) URL, each with a delivery cursor of its own. */
  urls: string[];
  /**
   * The secrets each body is signed with, the current one first: while a secret is rotated the
   * previous ones are still signed with (a v1 value each), so receivers can move in their own time.
   */
  secrets: string[];
}

const list = (text: string | undefined) =>
  (text ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

function receiverUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`WEBHOOK_URLS must list http(s) URLs, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`WEBHOOK_URLS must list http(s) URLs, got ${JSON.stringify(text)}`);
  }
  return url.href;
}

/**
 * WEBHOOK_URLS (comma-separated), WEBHOOK_SECRET and WEBHOOK_SECRETS_PREVIOUS (comma-separated)
 * from the environment; undefined when no URL is set. An unsigned webhook would let anyone who
 * finds the receiver purge a CDN, so URLs without a secret are refused, as is any URL that is not
 * http(s).
 */
export function webhookSettingsFromEnv(env: NodeJS.ProcessEnv): WebhookSettings | undefined {
  const urls = [...new Set(list(env.WEBHOOK_URLS).map(receiverUrl))];
  if (urls.length === 0) return undefined;
  const current = env.WEBHOOK_SECRET ?? "";
  if (current === "") {
    throw new Error("WEBHOOK_URLS is set but WEBHOOK_SECRET is not: webhooks are always signed");
  }
  return { urls, secrets: [current, ...list(env.WEBHOOK_SECRETS_PREVIOUS)] };
}
