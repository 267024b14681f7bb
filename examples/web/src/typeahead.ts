/**
 * The search box's typeahead, an ARIA 1.2 combobox with a listbox popup: focus stays in the
 * input; ↓/↑ move the active option (aria-activedescendant), Enter opens it, Escape closes the
 * list, and a click opens an option too. Suggestions come from the SDK's SearchSuggest, one
 * request at a time: a newer keystroke aborts the older request.
 */
import {
  SearchSuggestDocument,
  type NewsClient,
  type SearchSuggestQuery,
} from "@news-graph/client";
import { articleLink, el, topicLink } from "./dom.js";

type Suggestion = SearchSuggestQuery["suggest"][number];

/** The API refuses longer prefixes (BAD_USER_INPUT); longer text is a search, not a prefix. */
const MAX_PREFIX = 50;
/** Waits this long after a keystroke, so a fast typist sends one request, not one per letter. */
const DEBOUNCE_MS = 120;

/** Where a suggestion leads: its story, its topic page, or a search for the person's name. */
function linkOf({ label, node }: Suggestion): string {
  if (node.__typename === "Article") return articleLink(node.slug);
  if (node.__typename === "Topic") return topicLink(node.slug);
  return `#/search?${new URLSearchParams({ q: label })}`;
}

const KIND_LABELS: Record<Suggestion["node"]["__typename"], string> = {
  Person: "شخص",
  Topic: "موضوع",
  Article: "خبر",
};

/** Turns the form's input into a combobox over a listbox of suggestions. */
export function attachTypeahead(form: HTMLFormElement, news: NewsClient): void {
  const input = form.querySelector<HTMLInputElement>("input[name=q]")!;
  const listbox = el("ul", { id: "search-suggestions", role: "listbox", "aria-label": "اقتراحات" });
  listbox.hidden = true;
  form.append(listbox);
  for (const [name, value] of Object.entries({
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-controls": listbox.id,
    "aria-expanded": "false",
    autocomplete: "off",
  })) {
    input.setAttribute(name, value);
  }

  let suggestions: Suggestion[] = [];
  let active = -1;
  let pending: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const optionId = (i: number) => `search-suggestion-${i}`;

  function show(list: Suggestion[]): void {
    suggestions = list;
    active = -1;
    listbox.replaceChildren(
      ...list.map((suggestion, i) => {
        const option = el(
          "li",
          { id: optionId(i), role: "option", "aria-selected": "false" },
          el("span", { class: "suggestion-label" }, suggestion.label),
          el("span", { class: "suggestion-kind" }, KIND_LABELS[suggestion.node.__typename]),
        );
        // mousedown, not click: the input keeps focus, so blur does not close the list first.
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(i);
        });
        return option;
      }),
    );
    setOpen(list.length > 0);
  }

  function setOpen(open: boolean): void {
    listbox.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    if (!open) setActive(-1);
  }

  function setActive(i: number): void {
    listbox.children[active]?.setAttribute("aria-selected", "false");
    active = i;
    const option = listbox.children[i];
    if (!option) return input.removeAttribute("aria-activedescendant");
    option.setAttribute("aria-selected", "true");
    option.scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", option.id);
  }

  function choose(i: number): void {
    const suggestion = suggestions[i];
    if (!suggestion) return;
    setOpen(false);
    location.hash = linkOf(suggestion);
  }

  async function fetchSuggestions(prefix: string): Promise<void> {
    pending?.abort();
    const controller = (pending = new AbortController());
    try {
      const { suggest } = await news.request(
        SearchSuggestDocument,
        { prefix, first: 8 },
        { signal: controller.signal },
      );
      if (pending === controller) show(suggest);
    } catch {
      // An aborted or failed suggestion is no error for the reader: the search still works.
      if (pending === controller) show([]);
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const prefix = input.value;
    if (!prefix.trim() || prefix.length > MAX_PREFIX) {
      pending?.abort();
      return show([]);
    }
    timer = setTimeout(() => void fetchSuggestions(prefix), DEBOUNCE_MS);
  });

  input.addEventListener("keydown", (event) => {
    const open = !listbox.hidden;
    const count = suggestions.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (count === 0) return;
      event.preventDefault();
      if (!open) setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive(active < 0 && step < 0 ? count - 1 : (active + step + count) % count);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
    }
  });

  input.addEventListener("blur", () => setOpen(false));
  form.addEventListener("submit", () => {
    pending?.abort();
    clearTimeout(timer);
    setOpen(false);
  });
}
