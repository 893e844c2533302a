/**
 * mailcow answers edit/delete calls with either one object or an array of entries (see the API fact sheet §1.5).
 * These helpers turn both into a list and put mailcow's message keys into words.
 */
export interface MailcowEntry {
  type: string;
  msg: unknown;
}

/** Object → [object], array → array; anything else (null, string, number) → []. */
export function envelopeEntries(body: unknown): MailcowEntry[] {
  const items = Array.isArray(body) ? body : body !== null && typeof body === "object" ? [body] : [];
  return items.map((item) => {
    const record = item !== null && typeof item === "object" ? (item as Record<string, unknown>) : {};
    return { type: typeof record.type === "string" ? record.type : "", msg: record.msg };
  });
}

/** A call succeeded only if there is at least one entry and every entry is "success". */
export function envelopeSucceeded(entries: readonly MailcowEntry[]): boolean {
  return entries.length > 0 && entries.every((entry) => entry.type === "success");
}

/** `"access_denied"` → "access_denied"; `["required_data_missing","token_url"]` → "required_data_missing token_url". */
export function describeMessage(msg: unknown): string {
  if (typeof msg === "string") return msg;
  if (Array.isArray(msg)) {
    return msg
      .filter((part) => part !== null && part !== undefined && part !== "")
      .map((part) => (typeof part === "string" ? part : JSON.stringify(part)))
      .join(" ");
  }
  if (msg === null || msg === undefined) return "";
  return JSON.stringify(msg);
}

/** The message keys (first element) of every entry that is not a success. */
export function failureMessages(entries: readonly MailcowEntry[]): string[] {
  return entries.filter((entry) => entry.type !== "success").map((entry) => describeMessage(entry.msg) || entry.type);
}
