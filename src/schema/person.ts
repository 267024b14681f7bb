import type { Context } from "../context.js";
import type { PersonRecord } from "../store/records.js";
import { found, orNull } from "../store/store.js";
import { ArticleConnection, articleConnection, articleOrderArgs } from "./article.js";
import { builder } from "./builder.js";
import { keysetConnection, slugCursor } from "./paging.js";

export const Person = builder.loadableNodeRef("Person", {
  id: { resolve: (person) => person.id },
  load: (ids: string[], context: Context) => context.store.peopleByIds(ids).then(found),
  sort: (person) => person.id,
});

Person.implement({
  description: "A person that articles mention.",
  fields: (t) => ({
    slug: t.exposeString("slug", {
      description: "URL-safe name of the person, unique among people.",
    }),
    name: t.exposeString("name", {
      description: "The person's full name in Arabic, as articles write it.",
    }),
    nameEn: t.exposeString("nameEn", { description: "The person's name in English." }),
    aliases: t.exposeStringList("aliases", {
      description: 'Shorter forms of the name that articles use, e.g. "بوتين" for Vladimir Putin.',
    }),
    description: t.exposeString("description", {
      nullable: true,
      description:
        'Who the person is, in the words of the articles, e.g. "الرئيس الروسي"; null when none says.',
    }),
    articles: t.field({
      type: ArticleConnection,
      description:
        "Articles that mention this person, newest first unless `orderBy` says otherwise.",
      args: { ...t.arg.connectionArgs(), ...articleOrderArgs },
      resolve: (person, args, context) =>
        articleConnection(
          args,
          { personId: person.id },
          args.orderBy ?? "PUBLISHED_AT_DESC",
          context,
        ),
    }),
  }),
});

builder.queryFields((t) => ({
  person: t.loadable({
    type: Person,
    nullable: true,
    description: "The person with this slug, or null when there is none.",
    args: { slug: t.arg.string({ required: true, description: "The person's slug." }) },
    load: (slugs: string[], context: Context) => context.store.peopleBySlugs(slugs).then(orNull),
    resolve: (_root, args) => args.slug,
  }),
  people: t.connection(
    {
      type: Person,
      description: "People in order of their slugs.",
      resolve: (_root, args, context) =>
        keysetConnection(args, slugCursor<PersonRecord>(), async (window) => {
          const [page] = await context.store.personPages([window]);
          return page!;
        }),
    },
    { name: "PersonConnection", description: "A page of people." },
    { name: "PersonEdge", description: "One person of a page and its cursor." },
  ),
}));
