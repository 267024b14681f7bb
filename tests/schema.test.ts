import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
} from "graphql";
import { describe, expect, it } from "vitest";
import { schema } from "../src/schema/index.js";

/** Every place GraphiQL's docs pane shows a description, named by its schema coordinate. */
function undocumented(): string[] {
  const missing: string[] = [];
  const check = (coordinate: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(coordinate);
  };
  const checkArgs = (coordinate: string, args: readonly GraphQLArgument[]) =>
    args.forEach((arg) => check(`${coordinate}(${arg.name}:)`, arg.description));
  for (const type of Object.values(schema.getTypeMap())) {
    if (
      type.name.startsWith("__") ||
      (isScalarType(type) && !type.astNode && type.name !== "DateTime")
    )
      continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      const fields: Record<string, GraphQLField<unknown, unknown> | GraphQLInputField> =
        type.getFields();
      for (const field of Object.values(fields)) {
        check(`${type.name}.${field.name}`, field.description);
        if ("args" in field) checkArgs(`${type.name}.${field.name}`, field.args);
      }
    }
    if (isEnumType(type))
      type.getValues().forEach((value) => check(`${type.name}.${value.name}`, value.description));
  }
  return missing;
}

describe("the schema", () => {
  it("describes every type, field, argument, input field and enum value", () => {
    expect(undocumented()).toEqual([]);
  });
});
