import { builder } from "./builder.js";
import { badUserInput } from "../errors.js";

/** ISO 8601 with a date, a time and a zone, as `Date.parse` reads it unambiguously. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): Date {
  const date = typeof value === "string" && ISO_DATE_TIME.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw badUserInput(
      `DateTime must be an ISO 8601 date and time with a zone, e.g. "2026-01-09T00:00:00Z"; got ${JSON.stringify(value)}.`,
    );
  }
  return date;
}

builder.scalarType("DateTime", {
  description:
    'A moment in time as an ISO 8601 string in UTC, e.g. "2026-01-09T00:00:00Z". As input any zone offset is accepted.',
  serialize: (value) => value,
  parseValue: parseDateTime,
});

/**
 * Stored times are whole seconds; rounding a bound up to the next whole second keeps both an
 * inclusive lower bound and an exclusive upper bound exact.
 */
export const toStoredTime = (date: Date): string =>
  new Date(Math.ceil(date.getTime() / 1000) * 1000).toISOString().replace(".000Z", "Z");
