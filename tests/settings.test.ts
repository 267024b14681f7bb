import { describe, expect, it } from "vitest";
import { cdnFromSettings } from "../src/http/http-caching.js";
import { JIT_AFTER_RUNS, jitAfterRunsFromSetting } from "../src/jit.js";

describe("whole-number settings from the environment", () => {
  it("JIT_AFTER_RUNS: unset or empty is the default, off never compiles, a count is a count", () => {
    expect(jitAfterRunsFromSetting(undefined)).toBe(JIT_AFTER_RUNS);
    expect(jitAfterRunsFromSetting("")).toBe(JIT_AFTER_RUNS);
    expect(jitAfterRunsFromSetting("off")).toBe("off");
    expect(jitAfterRunsFromSetting("0")).toBe(0);
    for (const bad of ["-1", "1e3", "two", " 2"]) {
      expect(() => jitAfterRunsFromSetting(bad)).toThrow(
        `JIT_AFTER_RUNS must be "off" or a whole number of at least 0, got ${JSON.stringify(bad)}`,
      );
    }
  });

  it("CDN_MAX_AGE: unset is no CDN lifetime; seconds otherwise, and only seconds", () => {
    expect(cdnFromSettings("Cache-Tag", undefined)).toEqual({ tagHeader: "cache-tag" });
    expect(cdnFromSettings(undefined, "86400")).toEqual({
      tagHeader: "surrogate-key",
      maxAge: 86400,
    });
    expect(() => cdnFromSettings(undefined, "1.5")).toThrow(
      'CDN_MAX_AGE must be a whole number of at least 0, got "1.5"',
    );
    expect(() => cdnFromSettings("Etag", undefined)).toThrow(/CACHE_TAG_HEADER/);
  });
});
