import {
  resolveArrayConnection,
  resolveCursorConnection,
  resolveOffsetConnection,
} from "@pothos/plugin-relay";
import type { Page, PageWindow } from "../store/store.js";
import { badUserInput } from "../errors.js";

/** The largest page any connection returns, and the default when neither first nor last is given. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** Pothos would silently clamp an oversized page; a client asking for 500 should hear why it got 100. */
function checkPageSize({ first, last }: ConnectionArgs): void {
  for (const [name, value] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw badUserInput(`"${name}" must be between 0 and ${MAX_PAGE_SIZE}; it was ${value}.`);
    }
  }
}

/** Turns a list position into an opaque cursor and back; a cursor that was not made here is refused. */
export interface CursorCodec<T, Key> {
  keyOf(item: T): Key;
  encode(key: Key): string;
  decode(cursor: string): Key;
}

/** A cursor codec over a JSON key, base64url-encoded so clients treat it as opaque. */
export function jsonCursor<T, Key>(
  keyOf: (item: T) => Key,
  isKey: (value: unknown) => value is Key,
): CursorCodec<T, Key> {
  return {
    keyOf,
    encode: (key) => Buffer.from(JSON.stringify(key)).toString("base64url"),
    decode: (cursor) => {
      let value: unknown;
      try {
        value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
      } catch {
        value = undefined;
      }
      if (!isKey(value)) throw badUserInput(`"${cursor}" is not a valid cursor for this list.`);
      return value;
    },
  };
}

/** Cursors of lists ordered by slug. */
export const slugCursor = <T extends { slug: string }>() =>
  jsonCursor<T, string>(
    (item) => item.slug,
    (value): value is string => typeof value === "string",
  );

/**
 * Resolves a Relay connection over a keyset-paged list: pages stay stable when items are added
 * elsewhere in the list, and each page costs the store one window query.
 */
export async function keysetConnection<T, Key>(
  args: ConnectionArgs,
  cursor: CursorCodec<T, Key>,
  fetchPage: (window: PageWindow<Key>) => Promise<Page<T>>,
) {
  checkPageSize(args);
  let totalCount = 0;
  const connection = await resolveCursorConnection<Promise<T[]>>(
    {
      args,
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
      toCursor: (item: T) => cursor.encode(cursor.keyOf(item)),
    },
    async ({ before, after, limit, inverted }) => {
      const page = await fetchPage({
        after: after === undefined ? undefined : cursor.decode(after),
        before: before === undefined ? undefined : cursor.decode(before),
        limit,
        inverted,
      });
      totalCount = page.totalCount;
      return page.items;
    },
  );
  return { ...connection, totalCount };
}

/** Resolves a Relay connection over a short list held whole in memory. */
export function arrayConnection<T>(args: ConnectionArgs, items: readonly T[]) {
  checkPageSize(args);
  return {
    ...resolveArrayConnection(
      { args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE },
      items,
    ),
    totalCount: items.length,
  };
}

/** Resolves a Relay connection over a ranked list that the store pages by offset. */
export async function offsetConnection<T>(
  args: ConnectionArgs,
  fetchPage: (window: { offset: number; limit: number }) => Promise<Page<T>>,
) {
  checkPageSize(args);
  let totalCount = 0;
  const connection = await resolveOffsetConnection(
    { args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE },
    async (window): Promise<T[]> => {
      const page = await fetchPage(window);
      totalCount = page.totalCount;
      return page.items;
    },
  );
  return { ...connection, totalCount };
}
