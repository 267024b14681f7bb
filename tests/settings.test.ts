import { describe, expect, it } from "vitest";
import { cdnFromSettings } from "../src/http/http-caching.js";
import { JIT_AFTER_RUNS, jitAfterRunsFromSetting } from "../src/jit.js";
import { webhookSettingsFromEnv } from "../src/webhooks/settings.js";

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

describe("webhook settings from the environment", () => {
  it("no WEBHOOK_URLS is no webhooks; URLs listed once each, the current secret first", () => {
    expect(webhookSettingsFromEnv({ WEBHOOK_SECRET: "s" })).toBeUndefined();
    expect(webhookSettingsFromEnv({ WEBHOOK_URLS: " , " })).toBeUndefined();
    expect(
      webhookSettingsFromEnv({
        WEBHOOK_URLS:
          "https://cdn.example/purge, http://127.0.0.1:8080/hook,https://cdn.example/purge",
        WEBHOOK_SECRET: "current",
        WEBHOOK_SECRETS_PREVIOUS: "older, oldest",
      }),
    ).toEqual({
      urls: ["https://cdn.example/purge", "http://127.0.0.1:8080/hook"],
      secrets: ["current", "older", "oldest"],
    });
  });

  it("refuses URLs without a secret, and receivers that are not http(s)", () => {
    expect(() => webhookSettingsFromEnv({ WEBHOOK_URLS: "https://cdn.example/purge" })).toThrow(
      "WEBHOOK_URLS is set but WEBHOOK_SECRET is not",
    );
    for (const bad of ["file:///etc/passwd", "cdn.example/purge"]) {
      expect(() => webhookSettingsFromEnv({ WEBHOOK_URLS: bad, WEBHOOK_SECRET: "s" })).toThrow(
        `WEBHOOK_URLS must list http(s) URLs, got ${JSON.stringify(bad)}`,
      );
    }
  });
});
