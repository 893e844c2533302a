// nginx's part of the routing: only /api/v1/<rest> reaches json_api.php, as ?query=<rest>, which PHP splits on "/"
// into action and category. nginx decodes %XX, merges slashes and resolves dot segments before matching.

export type RequestTarget =
  { kind: "api"; action: string; category: string } | { kind: "not-found" } | { kind: "bad-request" };

function normalisePath(rawPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  const segments: string[] = [];
  for (const segment of decoded.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) return undefined;
      segments.pop();
    } else {
      segments.push(segment);
    }
  }
  const trailing = decoded.endsWith("/") && segments.length > 0 ? "/" : "";
  return `/${segments.join("/")}${trailing}`;
}

/** Maps a request target ("/api/v1/get/identity-provider?x=1") to json_api.php's action and category. */
export function parseRequestTarget(rawUrl: string): RequestTarget {
  let target = rawUrl;
  // Absolute-form targets (proxies) carry scheme and authority in front of the path.
  const absolute = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/.exec(target);
  if (absolute) target = target.slice(absolute[0].length) || "/";
  const queryStart = target.indexOf("?");
  const path = normalisePath(queryStart === -1 ? target : target.slice(0, queryStart));
  if (path === undefined) return { kind: "bad-request" };
  if (!path.startsWith("/api/v1/")) return { kind: "not-found" };
  let query = path.slice("/api/v1/".length);
  // The original arguments are appended after query=..., and PHP keeps the last value of a repeated name.
  if (queryStart !== -1) {
    const overrides = new URLSearchParams(target.slice(queryStart + 1)).getAll("query");
    if (overrides.length > 0) query = overrides[overrides.length - 1];
  }
  const [action = "", category = ""] = query.split("/");
  return { kind: "api", action, category };
}

/** The HTML page nginx sends for its own errors. */
export function nginxErrorPage(status: 400 | 404): string {
  const title = status === 400 ? "400 Bad Request" : "404 Not Found";
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
