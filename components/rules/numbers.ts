/**
 * Numbers in stack config. `pulumi config set --path` stores only all-digit values as numbers ("7.5" stays text), so
 * a plain number given as text is read as the number, and anything else gets the command that stores a number.
 */
import { z } from "zod";

const PLAIN_NUMBER = /^\s*-?\d+(?:\.\d+)?\s*$/;

/** "7.5" → 7.5; every other value is passed on unchanged for `schema` to judge. */
export function numberFromText<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) => (typeof value === "string" && PLAIN_NUMBER.test(value) ? Number(value) : value),
    schema,
  );
}

/** The command that stores `value` at `path` with the type the setting needs, for messages. */
export function typedSetCommand(path: string, type: "int" | "float" | "bool", value: string): string {
  return `pulumi config set --path --type ${type} ${path} ${value}`;
}
