/**
 * What search needs to know of the people, places and organisations, read once per change of
 * the store (they are few; the articles are not): the names stemming keeps whole, the entity-name
 * dictionary and the names typeahead of src/text, built by src/text from the two tables, and how
 * many stories each is linked to. The vocabulary did-you-mean searches is read on first need.
 */
import { Vocabulary } from "../../text/did-you-mean.js";
import { namesKeptWhole } from "../../text/article-search.js";
import { entityKey, EntityNames, wordsToCheck } from "../../text/entity-names.js";
import { NameTypeahead, type NameUse } from "../../text/typeahead.js";
import type { Queryable } from "./db.js";
import { PERSON_COLUMNS, personOf, TOPIC_COLUMNS, topicOf } from "./rows.js";
import type { PersonRow, TopicRow } from "./rows.js";

/** A tsquery lexeme: quoted, so no term is read as an operator. */
export const lexeme = (term: string) => `'${term.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/** Which of `terms` some article holds: one GIN probe each. */
export async function indexedTerms(db: Queryable, terms: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(terms)];
  const { rows } = await db.query<{ term: string }>(
    `SELECT t.term FROM unnest($1::text[], $2::text[]) AS t(term, q)
     WHERE EXISTS (SELECT 1 FROM article_search s WHERE s.terms @@ t.q::tsquery)`,
    [unique, unique.map(lexeme)],
  );
  return new Set(rows.map((row) => row.term));
}

/** The people and topics, read one table after the other: `db` may be a write's one client. */
async function readTaxonomy(db: Queryable) {
  const topics = (await db.query<TopicRow>(`SELECT ${TOPIC_COLUMNS} FROM topics`)).rows;
  const people = (await db.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM people`)).rows;
  return { topics: topics.map(topicOf), people: people.map(personOf) };
}

/** The names stemming keeps whole, as the taxonomy in the database has them. */
export const storedNames = async (db: Queryable): Promise<string[]> =>
  namesKeptWhole(await readTaxonomy(db));

/** How many stories mention each person and topic (by entityKey), and the newest of them. */
async function nameUses(db: Queryable): Promise<Map<string, NameUse>> {
  const { rows } = await db.query<{
    kind: "person" | "topic";
    entity_id: string;
    stories: number;
    published_at: string;
    article_id: string;
  }>(
    // The kept counts and one index probe per entity: a pass over every mention took 20 s at 1M.
    `SELECT c.kind, c.entity_id, c.count::int AS stories, n.published_at, n.article_id
     FROM article_counts c CROSS JOIN LATERAL (
       SELECT m.published_at, m.article_id FROM article_mentions m
       WHERE m.kind = c.kind AND m.entity_id = c.entity_id
       ORDER BY m.published_at DESC, m.article_id DESC LIMIT 1) n
     WHERE c.kind IN ('person', 'topic')`,
  );
  return new Map(
    rows.map((row) => [
      entityKey({ kind: row.kind, id: row.entity_id }),
      { stories: row.stories, newest: { publishedAt: row.published_at, id: row.article_id } },
    ]),
  );
}

export class SearchKnowledge {
  private words: Promise<Vocabulary> | undefined;

  private constructor(
    /** The name words stemming keeps whole. */
    readonly keptWhole: string[],
    readonly names: EntityNames,
    readonly typeahead: NameTypeahead,
    private readonly uses: Map<string, NameUse>,
  ) {}

  static async load(db: Queryable): Promise<SearchKnowledge> {
    const { topics, people } = await readTaxonomy(db);
    const uses = await nameUses(db);
    const indexed = await indexedTerms(db, wordsToCheck(people, topics));
    const useOf = (entity: Parameters<typeof entityKey>[0]) => uses.get(entityKey(entity));
    return new SearchKnowledge(
      namesKeptWhole({ topics, people }),
      new EntityNames(people, topics, (word) => indexed.has(word)),
      NameTypeahead.build(people, topics, useOf),
      uses,
    );
  }

  /** How many stories the dictionary's entity number `entity` is linked to. */
  storiesOf(entity: number): number {
    return this.uses.get(entityKey(this.names.entities[entity]!))?.stories ?? 0;
  }

  /**
   * The index's terms with the stories holding each (ts_stat reads every article's terms: once
   * per change of the store, and only when a search first finds nothing) and the entities' name
   * words with their linked stories, as the in-memory engine's did-you-mean has them.
   */
  vocabulary(db: Queryable): Promise<Vocabulary> {
    this.words ??= this.readVocabulary(db).catch((error: unknown) => {
      this.words = undefined;
      throw error;
    });
    return this.words;
  }

  private async readVocabulary(db: Queryable): Promise<Vocabulary> {
    const { rows } = await db.query<{ word: string; stories: number }>(
      "SELECT word, ndoc AS stories FROM ts_stat('SELECT terms FROM article_search')",
    );
    const nameWords = this.names.entities.flatMap((_, entity) =>
      this.names.wordsOf(entity).map((word) => ({ word, stories: this.storiesOf(entity) })),
    );
    return new Vocabulary([...rows, ...nameWords]);
  }
}
