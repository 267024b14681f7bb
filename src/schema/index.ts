import { lexicographicSortSchema, printSchema } from "graphql";
import { builder } from "./builder.js";
import "./date-time.js";
import "./article.js";
import "./related.js";
import "./search.js";
import "./suggest.js";
import "./topic.js";
import "./person.js";
import "./subscription.js";

/** The schema, built once from every type file above. */
export const schema = builder.toSchema();

/** The SDL committed as schema/schema.graphql, sorted so a change shows up as a small diff. */
export const printSortedSchema = (): string => printSchema(lexicographicSortSchema(schema)) + "\n";
