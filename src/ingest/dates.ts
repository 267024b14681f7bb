/**
 * Dating a story. A page carries no date of its own, only the day it was published (--date);
 * the story says which day its news happened ("الخميس") and the story is dated by that.
 */

import { knownForm, normalizeArabic, tokenize } from "../text/normalize.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Weekday names in normalised spelling, indexed as Date.getUTCDay counts (Sunday = 0). */
const WEEKDAYS = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"].map(
  normalizeArabic,
);
const YESTERDAY = normalizeArabic("أمس");

const isDateWord = (word: string) => word === YESTERDAY || WEEKDAYS.includes(word);

/** Parses a YYYY-MM-DD day, refusing anything that is not a real calendar day. */
export function parseDay(day: string): Date {
  const date = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime())) {
    throw new Error(`"${day}" is not a date of the form YYYY-MM-DD`);
  }
  if (date.toISOString().slice(0, 10) !== day) throw new Error(`"${day}" is not a calendar day`);
  return date;
}

/** The stored form of a day: ISO 8601 at midnight UTC, with Z and no milliseconds. */
export const formatDay = (date: Date): string => `${date.toISOString().slice(0, 10)}T00:00:00Z`;

/** Days to go back from the page's date to reach `weekday`: 0 when the page is that day. */
const daysBack = (pageDate: Date, weekday: number) => (pageDate.getUTCDay() - weekday + 7) % 7;

/**
 * The date of a story from its own text: the first weekday it names is the latest such day on
 * or before the page's date; "أمس" right before it ("نُشرت أمس الخميس") means the story came out
 * the day after that; a story naming no weekday is dated the page's day. A story is never dated
 * after the page that carries it.
 */
export function storyDate(texts: readonly string[], pageDay: string): string {
  const pageDate = parseDay(pageDay);
  const words = texts.flatMap((text) =>
    tokenize(text).map((token) => knownForm(token.text, isDateWord)),
  );
  const at = words.findIndex((word) => word !== undefined && word !== YESTERDAY);
  if (at === -1) return formatDay(pageDate);
  const back = daysBack(pageDate, WEEKDAYS.indexOf(words[at]!));
  const afterYesterday = words[at - 1] === YESTERDAY ? 1 : 0;
  return formatDay(new Date(pageDate.getTime() - Math.max(0, back - afterYesterday) * DAY_MS));
}
