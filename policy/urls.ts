// URL helpers for policy checks and for messages that must not echo credentials.

/** Parses an absolute URL; undefined when the text is not one. */
export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Lower-cased host (with any non-default port) of an absolute URL; undefined when the text is not one. */
export function hostOf(text: string): string | undefined {
  return parseUrl(text)?.host || undefined;
}

/**
 * A URL as it may appear in a violation message: scheme and host only. Policies see secrets unwrapped, and user
 * info, path or query can carry credentials, so the rest is left out; text that is not a URL is not echoed at all.
 */
export function describeUrl(text: string): string {
  const url = parseUrl(text);
  return url ? `"${url.protocol}//${url.host}/…"` : "(not an absolute URL)";
}
