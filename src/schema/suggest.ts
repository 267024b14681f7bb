import type { Context } from "../context.js";
import { badUserInput } from "../errors.js";
import type { SuggestHit } from "../store/store.js";
import { Article } from "./article.js";
import { builder } from "./builder.js";
import { Person } from "./person.js";
import { Topic } from "./topic.js";

/** Bounds of a typeahead request: a prefix is what a search box holds, a list what it shows. */
const MAX_PREFIX_LENGTH = 50;
const MAX_SUGGESTIONS = 20;
const DEFAULT_SUGGESTIONS = 8;

const REFS = { person: Person, topic: Topic, article: Article } as const;
const TYPENAMES = { person: "Person", topic: "Topic", article: "Article" } as const;

/** The suggested object, loaded through its type's per-request loader and marked with its type. */
async function nodeOf({ kind, id }: SuggestHit, context: Context) {
  const record = await REFS[kind].getDataloader(context).load(id);
  return { ...record, __typename: TYPENAMES[kind] };
}

const Suggestion = builder.objectRef<SuggestHit>("Suggestion").implement({
  description: "One typeahead suggestion: what to show, and the person, topic or article it opens.",
  fields: (t) => ({
    label: t.exposeString("label", {
      description:
        "The name (in English when the prefix was typed in Latin letters and the name has an English form) or the headline.",
    }),
    node: t.field({
      type: builder.nodeInterfaceRef(),
      description: "The Person, Topic or Article suggested.",
      resolve: (hit, _args, context) => nodeOf(hit, context),
    }),
  }),
});

builder.queryField("suggest", (t) =>
  t.field({
    type: [Suggestion],
    description:
      "Typeahead for a search box: people and topics whose name (Arabic, English, or another outlet's spelling) has a word starting with the prefix, those in more stories first, then articles whose headline starts with it, newest first.",
    args: {
      prefix: t.arg.string({
        required: true,
        description: `What the reader has typed so far, 1 to ${MAX_PREFIX_LENGTH} characters.`,
      }),
      first: t.arg.int({
        defaultValue: DEFAULT_SUGGESTIONS,
        description: `How many suggestions at most, 1 to ${MAX_SUGGESTIONS}.`,
      }),
    },
    resolve: async (_root, { prefix, first: asked }, context) => {
      const first = asked ?? DEFAULT_SUGGESTIONS;
      if (prefix.length < 1 || prefix.length > MAX_PREFIX_LENGTH) {
        throw badUserInput(
          `"prefix" must have 1 to ${MAX_PREFIX_LENGTH} characters; it had ${prefix.length}.`,
        );
      }
      if (first < 1 || first > MAX_SUGGESTIONS) {
        throw badUserInput(`"first" must be between 1 and ${MAX_SUGGESTIONS}; it was ${first}.`);
      }
      const [hits] = await context.store.suggest([{ prefix, first }]);
      return hits!;
    },
  }),
);
