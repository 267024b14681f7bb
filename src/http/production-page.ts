import type { Plugin } from "graphql-yoga";

/**
 * What a browser opening the endpoint in production reads instead of a bare "Must provide query
 * string." error: that GraphiQL is off here, how to turn introspection on, and where the SDK is.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>News graph API</title></head>
<body>
<h1>News graph GraphQL API</h1>
<p>This is the API's endpoint. GraphiQL is off in production, and so is introspection.</p>
<ul>
<li>Explore the schema on a development server (<code>npm start</code> without <code>NODE_ENV=production</code>), or start this one with <code>INTROSPECTION=1</code> to let tools read the schema.</li>
<li>Send queries as <code>POST</code> with <code>Content-Type: application/json</code>, or as <code>GET ?query=…</code>.</li>
<li>Frontend code uses the typed SDK, <code>@news-graph/client</code>; the printed schema is <code>schema/schema.graphql</code> in the repository.</li>
</ul>
</body>
</html>
`;

/** Answers a browser's plain visit (HTML wanted, no query) to the endpoint with the page above. */
export function useProductionPage(graphqlEndpoint: string): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      const wantsHtml = request.headers.get("accept")?.includes("text/html");
      if (request.method !== "GET" || url.pathname !== graphqlEndpoint || !wantsHtml) return;
      if (url.searchParams.has("query") || url.searchParams.has("extensions")) return;
      endResponse(
        new fetchAPI.Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8" } }),
      );
    },
  };
}
