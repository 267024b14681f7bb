import type { Context } from "../context.js";
import { found, orNull } from "../store/store.js";
import type { TopicRecord } from "../store/records.js";
import { ArticleConnection, articleConnection, articleOrderArgs } from "./article.js";
import { builder } from "./builder.js";
import { keysetConnection, slugCursor } from "./paging.js";

const TopicKind = builder.enumType("TopicKind", {
  description: "What a topic is.",
  values: {
    PLACE: { description: "A country, region or city." },
    ORGANISATION: { description: "An agency, ministry, armed force, news outlet or other body." },
    SUBJECT: { description: "A theme or thing the news is about, e.g. a weapon." },
  },
});

export const Topic = builder.loadableNodeRef("Topic", {
  id: { resolve: (topic) => topic.id },
  load: (ids: string[], context: Context) => context.store.topicsByIds(ids).then(found),
  sort: (topic) => topic.id,
});

Topic.implement({
  description: "A place, organisation or subject that articles mention.",
  fields: (t) => ({
    slug: t.exposeString("slug", {
      description: "URL-safe name of the topic, unique among topics.",
    }),
    name: t.exposeString("name", {
      description: "The topic's name in Arabic, as articles write it.",
    }),
    nameEn: t.exposeString("nameEn", { description: "The topic's name in English." }),
    aliases: t.exposeStringList("aliases", {
      description:
        "Other forms of the name that articles use and that link an article to this topic.",
    }),
    kind: t.field({
      type: TopicKind,
      description: "What the topic is.",
      resolve: (topic) => topic.kind,
    }),
    description: t.exposeString("description", {
      nullable: true,
      description: "A short description, or null when no source describes the topic.",
    }),
    articles: t.field({
      type: ArticleConnection,
      description:
        "Articles that mention this topic, newest first unless `orderBy` says otherwise.",
      args: { ...t.arg.connectionArgs(), ...articleOrderArgs },
      resolve: (topic, args, context) =>
        articleConnection(
          args,
          { topicId: topic.id },
          args.orderBy ?? "PUBLISHED_AT_DESC",
          context,
        ),
    }),
  }),
});

builder.queryFields((t) => ({
  topic: t.loadable({
    type: Topic,
    nullable: true,
    description: "The topic with this slug, or null when there is none.",
    args: { slug: t.arg.string({ required: true, description: "The topic's slug." }) },
    load: (slugs: string[], context: Context) => context.store.topicsBySlugs(slugs).then(orNull),
    resolve: (_root, args) => args.slug,
  }),
  topics: t.connection(
    {
      type: Topic,
      description: "Topics in order of their slugs, optionally of one kind.",
      args: { kind: t.arg({ type: TopicKind, description: "Only topics of this kind." }) },
      resolve: (_root, args, context) =>
        keysetConnection(args, slugCursor<TopicRecord>(), async (window) => {
          const [page] = await context.store.topicPages([
            { ...window, kind: args.kind ?? undefined },
          ]);
          return page!;
        }),
    },
    { name: "TopicConnection", description: "A page of topics." },
    { name: "TopicEdge", description: "One topic of a page and its cursor." },
  ),
}));
