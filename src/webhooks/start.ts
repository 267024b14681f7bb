import type { OpenedStore } from "../store/open.js";
import type { CursorStore } from "./cursors.js";
import { startDelivery, type WebhookDelivery } from "./delivery.js";
import { JsonCursorStore } from "./json-cursors.js";
import { PostgresCursorStore } from "./postgres-cursors.js";
import type { WebhookSettings } from "./settings.js";

/** The cursors beside the store: a side file beside a JSON store, a table in PostgreSQL. */
export function cursorsBeside({ location }: OpenedStore): Promise<CursorStore> {
  return "db" in location
    ? Promise.resolve(new PostgresCursorStore(location.db))
    : JsonCursorStore.open(`${location.file}.webhooks`);
}

/** Starts delivering the store's changes to the receivers the settings name. */
export async function startWebhooks(
  opened: OpenedStore,
  settings: WebhookSettings,
): Promise<WebhookDelivery> {
  return startDelivery({ store: opened.store, cursors: await cursorsBeside(opened), settings });
}
