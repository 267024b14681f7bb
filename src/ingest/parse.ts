/**
 * Reads a news page as the site publishes it: the headline (printed twice), the body with one
 * paragraph per non-empty line, then a "قراءة المزيد" (read more) box of teasers, each a headline
 * (printed twice) followed by its teaser text.
 */

import { normalizeArabic } from "../text/normalize.js";

/** A real page is a few kilobytes; anything past 1 MiB is not a page of this shape. */
export const MAX_PAGE_BYTES = 1024 * 1024;

export interface ParsedTeaser {
  headline: string;
  text: string;
  /** The page cut the teaser off mid-sentence. */
  truncated: boolean;
}

export interface ParsedPage {
  headline: string;
  /** One string per paragraph, lede first. */
  body: string[];
  /** The read-more box in the page's order. */
  readMore: ParsedTeaser[];
}

/** Why a page was refused; the message is meant for the person running the ingest. */
export class PageError extends Error {
  override name = "PageError";
}

/** Control characters other than tab, newline and carriage return mark a binary file. */
const BINARY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Decodes a page file, refusing what cannot be a page: too big, not UTF-8, binary. */
export function decodePage(bytes: Uint8Array): string {
  if (bytes.length > MAX_PAGE_BYTES) {
    throw new PageError(`file is over the ${MAX_PAGE_BYTES} byte limit for a page`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new PageError("file is not UTF-8 text");
  }
  if (BINARY.test(text)) throw new PageError("file is binary, not a text page");
  return text;
}

const READ_MORE = normalizeArabic("قراءة المزيد");

/** A line ending a sentence: its last mark, possibly inside closing quotes or brackets. */
const SENTENCE_END = /[.!?؟…۔]["'”’»)\]]*$/u;

const isReadMore = (line: string) => normalizeArabic(line) === READ_MORE;

/** Splits a page into its story and its read-more box. */
export function parsePage(text: string): ParsedPage {
  const lines = text
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (lines.length === 0) throw new PageError("file is empty");
  const boxAt = lines.findIndex(isReadMore);
  const storyLines = boxAt === -1 ? lines : lines.slice(0, boxAt);
  const boxLines = boxAt === -1 ? [] : lines.slice(boxAt + 1);
  const { headline, rest: body } = takeHeadline(storyLines, "the page");
  if (body.length === 0) throw new PageError("the story has no body paragraphs");
  return { headline, body, readMore: parseReadMore(boxLines) };
}

/** The headline is the line printed twice at the top of a story or teaser. */
function takeHeadline(lines: string[], where: string): { headline: string; rest: string[] } {
  const [first, second] = lines;
  if (first === undefined || first !== second || isReadMore(first)) {
    throw new PageError(`no headline: ${where} must open with its headline printed twice`);
  }
  return { headline: first, rest: lines.slice(2) };
}

/** Each teaser starts where a line is printed twice; the lines up to the next one are its text. */
function parseReadMore(lines: string[]): ParsedTeaser[] {
  const starts = lines.flatMap((line, i) =>
    line === lines[i + 1] && line !== lines[i - 1] ? [i] : [],
  );
  if (lines.length > 0 && starts[0] !== 0) {
    throw new PageError("no headline: the read-more box must open with a teaser headline");
  }
  return starts.map((start, n) => {
    const { headline, rest } = takeHeadline(lines.slice(start, starts[n + 1]), `teaser ${n + 1}`);
    if (rest.length === 0) throw new PageError(`teaser ${n + 1} ("${headline}") has no text`);
    const teaserText = rest.join(" ");
    return { headline, text: teaserText, truncated: !SENTENCE_END.test(teaserText) };
  });
}
