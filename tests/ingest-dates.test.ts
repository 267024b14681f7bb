import { describe, expect, it } from "vitest";
import { parseDay, storyDate } from "../src/ingest/dates.js";
import { seedDate, seedPage } from "./ingest-fixtures.js";

describe("dating the seed page's stories from their own text (page of Friday 2026-01-09)", () => {
  const page = seedPage();
  const teaser = (n: number) => [page.readMore[n]!.headline, page.readMore[n]!.text];

  it("dates the main story, which names Friday (الجمعة), on the page's own day", () => {
    expect(storyDate([page.headline, ...page.body], seedDate)).toBe("2026-01-09T00:00:00Z");
  });

  it("dates the Oreshnik strike, announced on Friday, on 2026-01-09", () => {
    expect(storyDate(teaser(0), seedDate)).toBe("2026-01-09T00:00:00Z");
  });

  it("dates the Mukalla meeting, held on Thursday, on 2026-01-08", () => {
    expect(storyDate(teaser(1), seedDate)).toBe("2026-01-08T00:00:00Z");
  });

  it("dates Trump's remarks on Machado, made on Thursday evening, on 2026-01-08", () => {
    expect(storyDate(teaser(2), seedDate)).toBe("2026-01-08T00:00:00Z");
  });

  it("dates the story on Trump's interview, published yesterday Thursday, a day later: 2026-01-09", () => {
    expect(storyDate(teaser(3), seedDate)).toBe("2026-01-09T00:00:00Z");
  });
});

describe("storyDate rules", () => {
  it("takes the latest such weekday on or before the page's date", () => {
    // 2026-01-12 is a Monday: the Thursday before it is the 8th, the Monday is the day itself.
    expect(storyDate(["اجتماع، الخميس"], "2026-01-12")).toBe("2026-01-08T00:00:00Z");
    expect(storyDate(["قال، الاثنين"], "2026-01-12")).toBe("2026-01-12T00:00:00Z");
    expect(storyDate(["قال، الإثنين"], "2026-01-13")).toBe("2026-01-12T00:00:00Z");
  });

  it("uses the first weekday the story names", () => {
    expect(storyDate(["قال الأربعاء إن اجتماع الجمعة"], seedDate)).toBe("2026-01-07T00:00:00Z");
  });

  it("recognises a weekday behind a proclitic, as in والخميس", () => {
    expect(storyDate(["ووصل والخميس"], seedDate)).toBe("2026-01-08T00:00:00Z");
  });

  it("dates a story naming no weekday on the page's day", () => {
    expect(storyDate(["وتابع زعيم كوريا الشمالية"], seedDate)).toBe("2026-01-09T00:00:00Z");
  });

  it("never dates a story after its page", () => {
    expect(storyDate(["نشرت أمس الجمعة"], seedDate)).toBe("2026-01-09T00:00:00Z");
  });

  it("refuses a page date that is not a calendar day", () => {
    expect(() => parseDay("2026-02-30")).toThrow(/not a calendar day/);
    expect(() => parseDay("9/1/2026")).toThrow(/YYYY-MM-DD/);
  });
});
