/** What mailcow's HTTP answers mean when they are not a plain success: pure mappings to typed errors. */
import { describeMessage, envelopeEntries } from "./envelope";
import { MailcowError } from "./errors";

export const NO_RETRY_NOTE =
  "Not retried: every 401 counts towards mailcow's fail2ban-style IP ban (about 10 failures in 10 minutes).";

/** Strips tags and whitespace so an HTML error page can be quoted in one short line. */
export function textSnippet(body: string, max = 160): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1];
  const text = (title ?? body)
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The `msg` of a single-object error reply, if any (401/403/404 bodies look like {"type":"error","msg":"..."}). */
function errorMessageOf(text: string): string {
  const parsed = parseJson(text);
  if (!parsed.ok) return "";
  return envelopeEntries(parsed.value)
    .map((entry) => describeMessage(entry.msg))
    .filter((msg) => msg !== "")
    .join("; ");
}

/**
 * Maps a non-200 HTTP answer to a typed error. `text` must already be scrubbed of secrets: it is quoted. `where`
 * names the mailcow URL and the operation, e.g. "saving the identity-provider settings at https://mail.example.org".
 */
export function errorForStatus(status: number, text: string, where: string, location?: string | null): MailcowError {
  const msg = errorMessageOf(text);
  if (status === 401) {
    if (/api access denied for ip/i.test(msg)) {
      return new MailcowError(
        "unauthorized",
        `mailcow refused ${where}: the API key is valid but this machine's IP address is not in mailcow's API allow ` +
          `list ("${msg}"). Add the IP (or its network) to the key's "allow API access from" list in the mailcow ` +
          `admin UI, or to API_ALLOW_FROM in mailcow.conf. ${NO_RETRY_NOTE}`,
        { status },
      );
    }
    return new MailcowError(
      "unauthorized",
      `mailcow refused ${where}: ${msg || "authentication failed"}. The API key is wrong or inactive; check the ` +
        `stack config mailcow.apiKey or MAILCOW_API_KEY. ${NO_RETRY_NOTE}`,
      { status },
    );
  }
  if (status === 403) {
    const reason =
      msg !== ""
        ? `"${msg}": the API key is read-only (mailcow's API_KEY_READ_ONLY). Writes need the read-write key (API_KEY).`
        : "HTTP 403 with an empty body, which mailcow sends when a Sec-Fetch-Dest header other than 'empty' " +
          "arrives; a proxy in front of mailcow may be adding it.";
    return new MailcowError("forbidden", `mailcow refused ${where}: ${reason}`, { status });
  }
  if (status === 404) {
    return new MailcowError(
      "notFound",
      `mailcow has no identity-provider API for ${where} (HTTP 404${msg ? `, "${msg}"` : ""}). The identity-provider ` +
        `routes exist from mailcow 2025-03 on (redirect_url_extra and login_provisioning need 2025-05): update ` +
        `mailcow, or check that the URL points at mailcow itself.`,
      { status },
    );
  }
  if (status >= 500) {
    const trimmed = text.trim();
    const body =
      trimmed === ""
        ? "an empty body (a PHP fatal error inside mailcow; see the php-fpm-mailcow logs)"
        : parseJson(trimmed).ok
          ? `"${textSnippet(msg || trimmed)}"`
          : `an HTML error page ("${textSnippet(trimmed)}"; mailcow usually cannot reach Redis, MariaDB or dockerapi)`;
    return new MailcowError("server", `mailcow failed while ${where}: HTTP ${status} with ${body}.`, {
      status,
      transient: true,
    });
  }
  if (status >= 300 && status < 400) {
    return new MailcowError(
      "protocol",
      `mailcow answered ${where} with a redirect (HTTP ${status}${location ? ` to ${location}` : ""}). Redirects ` +
        `are not followed so the API key is never sent elsewhere: set the mailcow URL to the final https address.`,
      { status },
    );
  }
  const quoted = msg ? ` ("${msg}")` : text.trim() ? ` ("${textSnippet(text)}")` : "";
  return new MailcowError("protocol", `mailcow answered ${where} with HTTP ${status}${quoted}.`, { status });
}
