import { GraphQLError } from "graphql";
import { createContext, type Context, type LiveRequest } from "../context.js";
import { badUserInput, type ErrorCode } from "../errors.js";
import type { ArticleRecord } from "../store/records.js";
import {
  found,
  matchesFilter,
  type ChangeEntry,
  type ChangeKind,
  type Store,
} from "../store/store.js";
import { Article, ArticleFilterInput, storeFilter } from "./article.js";
import { builder } from "./builder.js";

/**
 * One event of a stream: the article as it is now, and the change counter up to which this
 * stream has sent everything (the SSE event's id, and `extensions.changeCounter`).
 */
export interface ArticleEvent {
  article: ArticleRecord;
  counter: number;
}

/** The kinds of change that make an article look different: its record, its read-more box, its related stories. */
const UPDATE_KINDS: ReadonlySet<ChangeKind> = new Set(["article", "editorial", "related"]);

builder.subscriptionType({
  description:
    "Live updates, each a stream of events over server-sent events (Accept: text/event-stream). Each event's SSE id is the store's change counter: reconnect with Last-Event-ID to resume where the stream stopped.",
});

builder.subscriptionFields((t) => ({
  articlePublished: t.field({
    type: Article,
    description:
      "Each story new to the store, as it lands, when it meets the filter (as `articles` filters). A write that brings several stories sends one event each.",
    args: {
      filter: t.arg({
        type: ArticleFilterInput,
        description: "Conditions the new stories must meet; all of them when absent.",
      }),
    },
    subscribe: async (_root, args, context) => {
      const { hub } = liveOf(context);
      return publishedEvents(await openStream(context), args.filter, hub.store);
    },
    resolve: (event: ArticleEvent) => event.article,
  }),
  articleUpdated: t.field({
    type: Article,
    description:
      "The article each time it changes: a teaser upgraded to the full story, its text edited, its read-more box or related stories changed. One event per store write.",
    args: {
      id: t.arg.globalID({ required: true, description: "The article's global id." }),
    },
    subscribe: async (_root, { id }, context) => {
      if (id.typename !== "Article") throw badUserInput(`"${id.id}" is not an article's id.`);
      const { hub } = liveOf(context);
      return updatedEvents(await openStream(context), id.id, hub.store);
    },
    resolve: (event: ArticleEvent) => event.article,
  }),
}));

function liveOf(context: Context): LiveRequest {
  if (!context.live) throw new Error("a subscription needs the request's live context");
  return context.live;
}

/** The stream for this request, resumed after its Last-Event-ID when it sent one. */
function openStream(context: Context) {
  const live = liveOf(context);
  return live.hub.open({
    client: live.client(),
    after: lastEventId(live.lastEventId),
    signal: live.signal,
  });
}

/** Last-Event-ID as a change counter; a header that is not one is the client's mistake. */
function lastEventId(header: string | null): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  if (!/^\d+$/.test(header.trim())) {
    throw new GraphQLError("Last-Event-ID is the id of an event of this API: a whole number.", {
      extensions: { code: "BAD_REQUEST" satisfies ErrorCode, http: { status: 400 } },
    });
  }
  return Number(header.trim());
}

/**
 * The events of a list of articles one entry brought: every one but the last carries the counter
 * before the entry's, so a client that resumes after it is sent the rest again, never skips one.
 */
const eventsOf = (entry: ChangeEntry, articles: readonly ArticleRecord[]): ArticleEvent[] =>
  articles.map((article, i) => ({
    article,
    counter: i === articles.length - 1 ? entry.counter : entry.counter - 1,
  }));

async function* publishedEvents(
  batches: AsyncIterable<ChangeEntry[]>,
  filterArg: Parameters<typeof storeFilter>[0],
  store: Store,
): AsyncGenerator<ArticleEvent> {
  for await (const batch of batches) {
    const published = batch.filter((entry) => entry.kind === "published");
    if (published.length === 0) continue;
    // Resolved again for each batch: the person or topic it names may come with these very stories.
    const filter = await storeFilter(filterArg, createContext(store));
    if (!filter) continue;
    for (const entry of published) {
      const articles = found(await store.articlesByIds(entry.ids));
      yield* eventsOf(
        entry,
        articles.filter((article) => matchesFilter(article, filter)),
      );
    }
  }
}

/** One event per batch of entries that touch the article: a write's record, box and edges at once. */
async function* updatedEvents(
  batches: AsyncIterable<ChangeEntry[]>,
  id: string,
  store: Store,
): AsyncGenerator<ArticleEvent> {
  for await (const batch of batches) {
    const touching = batch.filter(
      (entry) => UPDATE_KINDS.has(entry.kind) && entry.ids.includes(id),
    );
    if (touching.length === 0) continue;
    const [article] = await store.articlesByIds([id]);
    if (article) yield { article, counter: touching.at(-1)!.counter };
  }
}
