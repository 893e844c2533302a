// Requests and answers as the route handlers see them, and the answer bodies Django REST framework gives.
import type { IncomingHttpHeaders } from "node:http";
import type { Store } from "./store";
import type { UserRow } from "./types";

export interface ApiRequest {
  method: string;
  /** The path without the query string, e.g. /api/v3/core/applications/mailcow/. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** scheme://host[:port] as the client addressed us (Django's build_absolute_uri uses the Host header). */
  origin: string;
  /** Path parameters of the matched route, e.g. { slug: "mailcow" }. */
  params: Record<string, string>;
  /** The authenticated user; undefined on routes that need none. */
  user?: UserRow;
  store: Store;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON when set. */
  json?: unknown;
  /** Sent as-is (with headers naming its type) when json is not set. */
  text?: string;
}

export type Handler = (request: ApiRequest) => ApiResponse;

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse => ({
  status,
  json: body,
  headers,
});

/** DRF's error body for exceptions other than validation: {"detail": "..."}. */
export const detail = (status: number, message: string): ApiResponse => json(status, { detail: message });

/** get_object_or_404: Django's Http404 message, which DRF passes through. */
export const notFound = (model: string): ApiResponse => detail(404, `No ${model} matches the given query.`);

export const noContent = (): ApiResponse => ({ status: 204 });

/** Django's plain 404 page for URLs no route matches. */
export const pageNotFound = (): ApiResponse => ({
  status: 404,
  headers: { "Content-Type": "text/html; charset=utf-8" },
  text: '<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n',
});

/** Parses the JSON request body the way DRF's JSONParser does, or returns the error answer. */
export function parseJsonBody(request: ApiRequest): { body: unknown } | { error: ApiResponse } {
  const contentType = String(request.headers["content-type"] ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();
  if (request.rawBody.length === 0) return { body: {} };
  if (contentType !== "application/json" && !contentType.endsWith("+json")) {
    const shown = String(request.headers["content-type"] ?? "");
    return { error: detail(415, `Unsupported media type "${shown}" in request.`) };
  }
  try {
    return { body: JSON.parse(request.rawBody.toString("utf8")) };
  } catch (error) {
    return { error: detail(400, `JSON parse error - ${(error as Error).message}`) };
  }
}
