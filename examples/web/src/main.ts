import { createNewsClient, NewsClientError } from "@news-graph/client";
import { el } from "./dom.js";
import { articlePage, homePage, searchPage, topicPage, type Page } from "./pages.js";
import { attachTypeahead } from "./typeahead.js";

// APQ: each page's query is a short GET by hash (the text goes once per server).
const news = createNewsClient({ url: new URL("/graphql", location.href).href, persisted: "apq" });

/** Routes in the URL's fragment, so any static host serves the app. */
function route(hash: string): { page: Page; parameter: string } {
  const [path = "", search = ""] = hash.replace(/^#/, "").split("?");
  const [, kind = "", slug = ""] = path.split("/");
  if (kind === "article") return { page: articlePage, parameter: decodeURIComponent(slug) };
  if (kind === "topic") return { page: topicPage, parameter: decodeURIComponent(slug) };
  if (kind === "search")
    return { page: searchPage, parameter: new URLSearchParams(search).get("q") ?? "" };
  return { page: homePage, parameter: "" };
}

const main = document.querySelector<HTMLElement>("#page")!;
let current: AbortController | undefined;

/** Renders the page the URL names; a newer navigation cancels the older one's request. */
async function render(): Promise<void> {
  current?.abort();
  const controller = (current = new AbortController());
  const { page, parameter } = route(location.hash);
  main.setAttribute("aria-busy", "true");
  try {
    main.replaceChildren(...(await page(news, parameter, controller.signal)));
  } catch (error) {
    if (controller.signal.aborted) return;
    const message =
      error instanceof NewsClientError ? `${error.status} ${error.codes.join(" ")}` : String(error);
    main.replaceChildren(
      el("p", { class: "error", role: "alert" }, `تعذّر تحميل الصفحة (${message})`),
    );
  } finally {
    if (current === controller) main.removeAttribute("aria-busy");
  }
  window.scrollTo(0, 0);
}

// The search form navigates by fragment, so results have a URL of their own.
const searchForm = document.querySelector<HTMLFormElement>(".search-form")!;
attachTypeahead(searchForm, news);
searchForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = new FormData(event.currentTarget as HTMLFormElement).get("q");
  location.hash = `#/search?${new URLSearchParams({ q: String(query ?? "") })}`;
});
window.addEventListener("hashchange", () => void render());
void render();
