// A zod issue of the stack config in words, with the command that fixes it. `pulumi config set --path` stores
// "true"/"false" as booleans and all-digit values as numbers, and everything else as text, which is where a typed
// setting most often goes wrong.
import type { z } from "zod";
import { typedSetCommand } from "./rules";

/** The first field to set when a whole section is missing. */
const REQUIRED_FIELD: Record<string, string> = { authentik: "authentik.url", mailcow: "mailcow.url" };

const quoted = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** `issue` at `path` (e.g. "mailcow.requestTimeoutSeconds") as the text after "mailcow-sso:<path>: ". */
export function describeIssue(issue: z.core.$ZodIssue, path: string): string {
  if (issue.code !== "invalid_type") return issue.message;
  const input: unknown = issue.input;
  if (input === undefined) {
    const field = REQUIRED_FIELD[path] ?? path;
    return `is required; set it with \`pulumi config set --path ${field} <value>\``;
  }
  if (typeof input !== "string") return issue.message;
  if (issue.expected === "number") {
    const text = input.trim();
    if (/^-?\d+(?:\.\d+)?$/.test(text)) {
      const type = text.includes(".") ? "float" : "int";
      return (
        `${issue.message}; it is stored as the text "${text}" (\`pulumi config set --path\` keeps only whole ` +
        `numbers as numbers): run \`${typedSetCommand(path, type, text)}\``
      );
    }
    return `${issue.message} (got the text ${quoted(input)}); run \`${typedSetCommand(path, "float", "<number>")}\``;
  }
  if (issue.expected === "boolean") {
    const lower = input.trim().toLowerCase();
    const value = lower === "true" || lower === "false" ? lower : "<true|false>";
    return `${issue.message} (got the text ${quoted(input)}); run \`${typedSetCommand(path, "bool", value)}\``;
  }
  return issue.message;
}
