import { readFile } from "node:fs/promises";
import {
  buildSchema,
  findBreakingChanges,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLSchema,
} from "graphql";
import { describe, expect, it } from "vitest";
import { schema } from "../src/schema/index.js";

const baselineSDL = await readFile(new URL("../schema/baseline.graphql", import.meta.url), "utf8");

/**
 * What graphql-js would call the removal of each field and enum value the baseline already marks
 * @deprecated: retiring those is the announced, allowed way to break.
 */
function announcedRemovals(baseline: GraphQLSchema): Set<string> {
  const removals = new Set<string>();
  for (const type of Object.values(baseline.getTypeMap())) {
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.deprecationReason) removals.add(`${type.name}.${field.name} was removed.`);
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (value.deprecationReason) {
          removals.add(`${value.name} was removed from enum type ${type.name}.`);
        }
      }
    }
  }
  return removals;
}

/** Breaking changes from the baseline to `current`, except removals the baseline announced. */
function unannouncedBreakingChanges(baselineSource: string, current: GraphQLSchema): string[] {
  const baseline = buildSchema(baselineSource);
  const announced = announcedRemovals(baseline);
  return findBreakingChanges(baseline, current)
    .filter((change) => !announced.has(change.description))
    .map((change) => `${change.type}: ${change.description}`);
}

describe("the schema against the last released baseline (schema/baseline.graphql)", () => {
  it("has no breaking change: every released query still validates and means the same", () => {
    expect(unannouncedBreakingChanges(baselineSDL, schema)).toEqual([]);
  });

  it("would flag a field removed without a deprecation first", () => {
    const withExtra = baselineSDL.replace(
      "type Article implements Node {",
      (m) => `${m}\n  kicker: String`,
    );
    expect(unannouncedBreakingChanges(withExtra, schema)).toEqual([
      "FIELD_REMOVED: Article.kicker was removed.",
    ]);
  });

  it("would flag a changed argument or an enum value gone", () => {
    const changed = buildSchema(
      baselineSDL
        .replace("    slug: String!\n  ): Article", "    slug: ID!\n  ): Article")
        .replace('\n\n  """Both stories mention the same topic (`topic`)."""\n  SHARED_TOPIC', ""),
    );
    expect(unannouncedBreakingChanges(baselineSDL, changed)).toEqual([
      "ARG_CHANGED_KIND: Query.article arg slug has changed type from String! to ID!.",
      "VALUE_REMOVED_FROM_ENUM: SHARED_TOPIC was removed from enum type RelatedReasonKind.",
    ]);
  });

  it("allows removing a field or enum value the baseline marked @deprecated", () => {
    const deprecated = baselineSDL
      .replace(
        "type Article implements Node {",
        (m) => `${m}\n  kicker: String @deprecated(reason: "Use headline.")`,
      )
      .replace("enum TextDirection {", (m) => `${m}\n  TTB @deprecated(reason: "Never used.")`);
    expect(unannouncedBreakingChanges(deprecated, schema)).toEqual([]);
  });
});
