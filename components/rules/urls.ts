/**
 * URL rules shared by the stack config, the mailcow provider's check, the mailcow client and the authentik
 * endpoints: one definition of an acceptable URL and of a base URL.
 */
import { z } from "zod";
import { hasControlCharacter } from "./text";
import { isUnknown } from "./unknown";

export interface UrlRules {
  /** Scheme, host and port only (a trailing "/" is fine): no path and no query. */
  base?: boolean;
}

/**
 * Why `value` is not an acceptable absolute http(s) URL, or undefined. Whether http is allowed is a separate rule
 * (`httpsUnlessAllowed`), because it depends on a sibling setting.
 */
export function urlProblem(value: string, rules: UrlRules = {}): string | undefined {
  // The URL parser would silently drop tabs and newlines; no other control character belongs in a URL either.
  if (/\s/.test(value) || hasControlCharacter(value)) return "must not contain spaces or control characters";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL; give an absolute URL such as https://host.example.org`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `must use https (got ${url.protocol}//)`;
  if (url.username !== "" || url.password !== "") return "must not contain a user name or password";
  if (url.port === "0") return "must not use port 0 (give the real port, or none for the default)";
  // authentik's strict matching compares the text, so "*" matches only itself; the host is never a pattern here.
  if (url.hostname.includes("*")) return "must not have a wildcard host (*); give the exact host name";
  if (value.includes("#")) return "must not have a fragment (#...): nothing after # reaches the server";
  if (rules.base && (url.pathname !== "/" || url.search !== "")) {
    return `must be a base URL without path or query; use ${baseUrlOf(url)}`;
  }
  return undefined;
}

function baseUrlOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/** "https://Mail.Example.org:8443/" → "https://mail.example.org:8443"; the text must pass `urlProblem(…, base)`. */
export function canonicalBaseUrl(value: string): string {
  return baseUrlOf(new URL(value.trim()));
}

const requiredString = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
  .trim()
  .min(1, { error: "must not be empty", abort: true });

/** An absolute http(s) URL, kept exactly as given apart from surrounding spaces (e.g. a registered redirect URI). */
export const url = requiredString.superRefine((value, ctx) => {
  const problem = urlProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
});

/** A base URL such as https://mail.example.org, returned in canonical form (lower-case host, no trailing "/"). */
export const baseUrl = requiredString
  .superRefine((value, ctx) => {
    const problem = urlProblem(value, { base: true });
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform(canonicalBaseUrl);

/** Why `value` may not be used when http is not allowed (`allowKeyName` names the setting that allows it). */
export function httpProblem(value: unknown, allowKeyName: string): string | undefined {
  if (typeof value !== "string" || !/^http:/i.test(value.trim())) return undefined;
  return `must use https (got http://); set ${allowKeyName}: true only for loopback or lab setups`;
}

/**
 * An object-level rule: every URL in `fields` (a URL or a list of URLs) must use https unless the object's
 * `allowKey` is true. `allowKeyName` is how messages name that setting. Runs even when other fields failed.
 */
export function httpsUnlessAllowed<K extends string>(fields: readonly K[], allowKey: string, allowKeyName = allowKey) {
  return [
    (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
      // With `when` it also runs when the object itself is missing or of the wrong type.
      if (value === null || typeof value !== "object") return;
      const allowed = value[allowKey];
      if (allowed === true || isUnknown(allowed)) return;
      for (const field of fields) {
        const given = value[field];
        const entries = Array.isArray(given)
          ? given.map((item, i) => [item, [field, i]] as const)
          : [[given, [field]] as const];
        for (const [item, path] of entries) {
          const problem = httpProblem(item, allowKeyName);
          if (problem !== undefined) ctx.addIssue({ code: "custom", path: [...path], message: problem });
        }
      }
    },
    { when: () => true },
  ] as const;
}
