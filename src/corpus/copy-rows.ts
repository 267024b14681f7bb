/**
 * Rows into a table with COPY … FROM STDIN (pg-copy-streams), streamed as they are made: the
 * fastest way into PostgreSQL, and nothing but the current row held as text.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";

/** A text[] literal: every element quoted, so commas, braces and spaces stay inside it. */
const arrayLiteral = (items: readonly string[]) =>
  `{${items.map((item) => `"${item.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`;

/**
 * One value as COPY's text format writes it: \N for null, backslash escapes for the rest; an
 * array is a text[] unless its column is jsonb.
 */
function field(value: unknown, json: boolean): string {
  if (value === null || value === undefined) return "\\N";
  const text =
    Array.isArray(value) && !json
      ? arrayLiteral(value as string[])
      : typeof value === "object"
        ? JSON.stringify(value)
        : typeof value === "boolean"
          ? value
            ? "t"
            : "f"
          : String(value);
  return text.replace(
    /[\\\n\r\t]/g,
    (c) => ({ "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] ?? "\\\\",
  );
}

/** Rows are sent in chunks of about this many characters: one CopyData message each. */
const CHUNK = 1 << 16;

/**
 * Copies `rows` (objects whose keys are the column names; arrays are text[] except in the
 * `jsonColumns`, objects are jsonb) into `table` on `client`, inside the caller's transaction
 * when it has one.
 */
export async function copyRows<Row extends object>(
  client: PoolClient,
  table: string,
  rows: Iterable<Row>,
  jsonColumns: readonly (keyof Row)[] = [],
): Promise<void> {
  const iterator = rows[Symbol.iterator]();
  const first = iterator.next();
  if (first.done) return;
  const columns = Object.keys(first.value) as (keyof Row & string)[];
  const json = columns.map((column) => jsonColumns.includes(column));
  const line = (row: Row) =>
    `${columns.map((column, i) => field(row[column], json[i]!)).join("\t")}\n`;
  function* chunks() {
    let chunk = line(first.value as Row);
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      chunk += line(next.value);
      if (chunk.length >= CHUNK) (yield chunk, (chunk = ""));
    }
    yield chunk;
  }
  await pipeline(
    Readable.from(chunks()),
    client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`)),
  );
}
