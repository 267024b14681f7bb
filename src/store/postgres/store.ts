import type {
  ArticleRecord,
  EditorialLinkRecord,
  PersonRecord,
  RelatedNode,
  StoreData,
  TopicRecord,
} from "../records.js";
import { changesBetween, isEmptyChange } from "../changes.js";
import { emptyStoreData } from "../records.js";
import {
  compareStrings,
  type ArticlePageQuery,
  type ChangeEntry,
  type ChangeKind,
  type Page,
  type PageWindow,
  type RelatedList,
  type SearchRequest,
  type SearchResult,
  type StoreChanges,
  type SuggestHit,
  type SuggestRequest,
  type TopicPageQuery,
  type WritableStore,
  type WriteView,
} from "../store.js";
import { articlePageSql } from "./article-pages.js";
import { inTransaction, type Db } from "./db.js";
import {
  ARTICLE_COLUMNS,
  articleOf,
  PERSON_COLUMNS,
  personOf,
  TOPIC_COLUMNS,
  topicOf,
  type ArticleRow,
  type PersonRow,
  type TopicRow,
} from "./rows.js";
import { reindexStale, searchArticles } from "./search.js";
import { SearchKnowledge } from "./search-knowledge.js";
import { headlinesStartingWith } from "./suggest.js";
import { typedKey } from "../../text/typeahead.js";
import {
  insertRelated,
  lockWriters,
  logRebuild,
  readAll,
  readLinks,
  readNodes,
  writeChanges,
} from "./write.js";
import { Lookups } from "./lookups.js";
import { PostgresWriteView } from "./write-view.js";

/** Articles' edge lists written per statement by a rebuild. */
const REBUILD_BATCH = 200;

/**
 * The Store on PostgreSQL. Every read is SQL, one statement per loader batch for lookups
 * (`= ANY($1)`), nothing held in memory but what search knows of the people and topics
 * (SearchKnowledge), read again after every change. `generation` is the
 * last change counter this process knows of: its own writes move it, and so does the change feed
 * (`catchUp`) for other processes' writes.
 */
export class PostgresStore extends Lookups implements WritableStore {
  private counter = 0;
  private knowledge: Promise<SearchKnowledge> | undefined;

  private constructor(override readonly db: Db) {
    super(db);
  }

  /** The store on a migrated database; first re-indexes any article the current analysis has not. */
  static async open(db: Db): Promise<PostgresStore> {
    const store = new PostgresStore(db);
    await inTransaction(db, async (client) => {
      await lockWriters(client);
      await reindexStale(client);
    });
    await store.catchUp();
    return store;
  }

  get generation(): number {
    return this.counter;
  }

  get changeCounter(): number {
    return this.counter;
  }

  /** The whole change log is kept, so any counter can be resumed from. */
  async changesSince(counter: number): Promise<ChangeEntry[]> {
    const { rows } = await this.db.query<{ counter: string; kind: ChangeKind; ids: string[] }>(
      "SELECT counter::text, kind, ids FROM change_log WHERE counter > $1 ORDER BY counter",
      [counter],
    );
    return rows.map((row) => ({ counter: Number(row.counter), kind: row.kind, ids: row.ids }));
  }

  /**
   * Moves to the newest change in the log, forgetting what it cached; returns whether it moved.
   * The change feed calls it on each NOTIFY and after a reconnect.
   */
  async catchUp(): Promise<boolean> {
    const { rows } = await this.db.query<{ counter: string }>(
      "SELECT coalesce(max(counter), 0)::text AS counter FROM change_log",
    );
    return this.moveTo(Number(rows[0]!.counter));
  }

  private moveTo(counter: number): boolean {
    if (counter <= this.counter) return false;
    this.counter = counter;
    this.knowledge = undefined;
    return true;
  }

  articlePages(queries: readonly ArticlePageQuery[]): Promise<Page<ArticleRecord>[]> {
    return Promise.all(
      queries.map(async (query) => {
        const { page, count } = articlePageSql(query, ARTICLE_COLUMNS);
        const [rows, total] = await Promise.all([
          this.db.query<ArticleRow>(page.text, page.params),
          this.db.query<{ total: number }>(count.text, count.params),
        ]);
        return { items: rows.rows.map(articleOf), totalCount: total.rows[0]!.total };
      }),
    );
  }

  topicPages(queries: readonly TopicPageQuery[]): Promise<Page<TopicRecord>[]> {
    return Promise.all(
      queries.map(({ kind, ...window }) =>
        this.pageBySlug<TopicRow, TopicRecord>("topics", TOPIC_COLUMNS, window, topicOf, kind),
      ),
    );
  }

  personPages(queries: readonly PageWindow<string>[]): Promise<Page<PersonRecord>[]> {
    return Promise.all(
      queries.map((window) =>
        this.pageBySlug<PersonRow, PersonRecord>("people", PERSON_COLUMNS, window, personOf),
      ),
    );
  }

  /** A window on a table listed by slug; the total is the whole (kind's) list, as in the JSON store. */
  private async pageBySlug<Row, T>(
    table: string,
    columns: string,
    { after, before, limit, inverted }: PageWindow<string>,
    recordOf: (row: Row) => T,
    kind?: string,
  ): Promise<Page<T>> {
    // $1 is always sent, so it must always be typed: a table without kinds just checks it is null.
    const ofKind = kind === undefined ? "$1::text IS NULL" : "kind = $1";
    const direction = inverted ? "DESC" : "ASC";
    const [rows, total] = await Promise.all([
      this.db.query<Row>(
        `SELECT ${columns} FROM ${table}
         WHERE ${ofKind} AND ($2::text IS NULL OR slug > $2) AND ($3::text IS NULL OR slug < $3)
         ORDER BY slug ${direction} LIMIT $4`,
        [kind ?? null, after ?? null, before ?? null, limit],
      ),
      this.db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM ${table} WHERE ${kind === undefined ? "TRUE" : "kind = $1"}`,
        kind === undefined ? [] : [kind],
      ),
    ]);
    return { items: rows.rows.map(recordOf), totalCount: total.rows[0]!.total };
  }

  /** What search knows of the people and topics as they stand, read on first need. */
  private searchKnowledge(): Promise<SearchKnowledge> {
    this.knowledge ??= SearchKnowledge.load(this.db).catch((error: unknown) => {
      this.knowledge = undefined;
      throw error;
    });
    return this.knowledge;
  }

  /** Names from the knowledge's typeahead (src/text), then headlines from SQL, newest first. */
  async suggest(requests: readonly SuggestRequest[]): Promise<SuggestHit[][]> {
    const knowledge = await this.searchKnowledge();
    return Promise.all(
      requests.map(async ({ prefix, first }) => {
        const typed = typedKey(prefix);
        if (!typed) return [];
        const names = knowledge.typeahead.suggest(typed, first);
        const headlines = await headlinesStartingWith(this.db, typed, first - names.length);
        return [...names, ...headlines];
      }),
    );
  }

  async search(requests: readonly SearchRequest[]): Promise<SearchResult[]> {
    if (requests.length === 0) return [];
    const knowledge = await this.searchKnowledge();
    return Promise.all(requests.map((request) => searchArticles(this.db, knowledge, request)));
  }

  snapshot(): Promise<StoreData> {
    return readAll(this.db);
  }

  /**
   * One transaction: the writer lock (a concurrent write waits for this one's commit, then reads
   * what it wrote), the current data, the change, then only what changed, logged. A write that
   * fails or is killed rolls back whole.
   */
  async write(change: (view: WriteView) => Promise<StoreChanges>): Promise<boolean> {
    const counter = await inTransaction(this.db, async (client) => {
      await lockWriters(client);
      const changes = await change(new PostgresWriteView(client));
      return isEmptyChange(changes) ? undefined : writeChanges(client, changes);
    });
    if (counter !== undefined) this.moveTo(counter);
    return counter !== undefined;
  }

  async replace(data: StoreData): Promise<void> {
    const counter = await inTransaction(this.db, async (client) => {
      await lockWriters(client);
      await client.query(
        "TRUNCATE articles, topics, people, article_mentions, editorial_links, related_edges, article_search",
      );
      return writeChanges(client, changesBetween(emptyStoreData(), data));
    });
    if (counter !== undefined) this.moveTo(counter);
  }

  /**
   * The full pass in one transaction: the articles' nodes read a batch at a time (ids, dates and
   * entities only, never their text), the new edges written a batch at a time over the old.
   */
  async rebuildRelated(
    compute: (nodes: RelatedNode[], links: EditorialLinkRecord[]) => Iterable<RelatedList>,
  ): Promise<number> {
    let edges = 0;
    const counter = await inTransaction(this.db, async (client) => {
      await lockWriters(client);
      const [nodes, links] = [await readNodes(client), await readLinks(client)];
      const { rows } = await client.query<{ from_id: string }>(
        "SELECT DISTINCT from_id FROM related_edges",
      );
      await client.query("DELETE FROM related_edges");
      // Every article that had edges or has them now: the log's "related" entry names them.
      const touched = new Set(rows.map((row) => row.from_id));
      let batch: RelatedList[] = [];
      // The database inserts one batch while the next is computed: the two take turns otherwise.
      let inserting = Promise.resolve();
      const flush = async () => {
        await inserting;
        inserting = insertRelated(client, batch);
        inserting.catch(() => undefined);
        batch = [];
      };
      for (const list of compute(nodes, links)) {
        batch.push(list);
        touched.add(list.fromId);
        edges += list.edges.length;
        if (batch.length === REBUILD_BATCH) await flush();
      }
      await flush();
      await inserting;
      return logRebuild(client, [...touched].sort(compareStrings));
    });
    this.moveTo(counter);
    return edges;
  }
}
