import type { RelatedEdgeRecord, RelatedReasonRecord } from "../store/records.js";
import { Article } from "./article.js";
import { builder } from "./builder.js";
import { arrayConnection } from "./paging.js";
import { Person } from "./person.js";
import { Topic } from "./topic.js";

const RelatedReasonKind = builder.enumType("RelatedReasonKind", {
  description: "Why one story is related to another.",
  values: {
    EDITORIAL: { description: "The editors linked it from the story's read-more box." },
    SHARED_PERSON: { description: "Both stories mention the same person (`person`)." },
    SHARED_TOPIC: { description: "Both stories mention the same topic (`topic`)." },
  },
});

const RelatedReason = builder.objectRef<RelatedReasonRecord>("RelatedReason").implement({
  description: "One reason for a related-story edge, naming the shared person or topic if any.",
  fields: (t) => ({
    kind: t.field({
      type: RelatedReasonKind,
      description: "What kind of reason this is.",
      resolve: (reason) => reason.kind,
    }),
    person: t.field({
      type: Person,
      nullable: true,
      description: "The person both stories mention, for SHARED_PERSON; null otherwise.",
      resolve: (reason) => (reason.kind === "SHARED_PERSON" ? reason.personId : null),
    }),
    topic: t.field({
      type: Topic,
      nullable: true,
      description: "The topic both stories mention, for SHARED_TOPIC; null otherwise.",
      resolve: (reason) => (reason.kind === "SHARED_TOPIC" ? reason.topicId : null),
    }),
  }),
});

/** Relay's edge is { cursor, node }; a related edge also carries the stored relation. */
interface RelatedEdgeShape {
  cursor: string;
  node: string;
  relation: RelatedEdgeRecord;
}
const relationOf = (edge: object) => (edge as RelatedEdgeShape).relation;

const RelatedArticleConnection = builder.connectionObject(
  {
    type: Article,
    name: "RelatedArticleConnection",
    description:
      "Stories related to an article: editorial read-more links first, in the box's order, then the others by score.",
  },
  {
    name: "RelatedArticleEdge",
    description: "A related story, with how strongly and why it is related.",
    fields: (t) => ({
      score: t.float({
        description:
          "How strongly the stories are related, from shared people and topics weighted by how rare they are, and recency. 0 for an editorial link that shares nothing.",
        resolve: (edge) => relationOf(edge).score,
      }),
      reasons: t.field({
        type: [RelatedReason],
        description:
          "Why the story is related: the editorial link first if any, then each shared person and topic.",
        resolve: (edge) => relationOf(edge).reasons,
      }),
    }),
  },
);

builder.objectField(Article, "related", (t) =>
  t.field({
    type: RelatedArticleConnection,
    description:
      "Stories related to this one, never itself and never twice. The edges are computed when the store changes, not per request.",
    args: t.arg.connectionArgs(),
    resolve: async (article, args, context) => {
      const relations = await context.loaders.relatedEdges.load(article.id);
      const connection = arrayConnection(args, relations);
      return {
        ...connection,
        edges: connection.edges.map(({ cursor, node }) => ({
          cursor,
          node: node.toId,
          relation: node,
        })),
      };
    },
  }),
);
