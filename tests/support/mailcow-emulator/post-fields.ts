// PHP's $_POST for the API routes: form fields of a POST with `application/x-www-form-urlencoded`
// (what mailcow's UI sends), then json_api.php's overrides for JSON bodies.
// Values stay raw bytes because json_decode() later fails on invalid UTF-8 as PHP's does.
import { PhpArray } from "./php";

/** A $_POST value: a raw string, or an array for bracketed names such as `attr[]`. */
export type PostValue = Buffer | PhpArray;

function urldecodeBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const hex = text.slice(i + 1, i + 3);
    if (char === "+") {
      bytes.push(0x20);
    } else if (char === "%" && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(char.charCodeAt(0)); // `text` is latin1-decoded, so each char is one byte
    }
  }
  return Buffer.from(bytes);
}

/** PHP mangles variable names: leading spaces go, spaces and dots become underscores; `a[...]` makes an array. */
function variableName(rawName: string): { name: string; isArray: boolean } {
  const trimmed = rawName.replace(/^ +/, "");
  const bracket = trimmed.indexOf("[");
  const base = bracket > 0 ? trimmed.slice(0, bracket) : trimmed;
  return { name: base.replace(/[ .]/g, "_"), isArray: bracket > 0 };
}

/** $_POST as PHP fills it before any script runs: only for POST with a form-urlencoded media type. */
export function parseFormFields(method: string, contentType: string | undefined, body: Buffer): Map<string, PostValue> {
  const fields = new Map<string, PostValue>();
  const mediaType = (contentType ?? "").split(/[;,]/)[0].trim().toLowerCase();
  if (method !== "POST" || mediaType !== "application/x-www-form-urlencoded") return fields;
  for (const pair of body.toString("latin1").split("&")) {
    if (pair === "") continue;
    const separator = pair.indexOf("=");
    const rawName = urldecodeBytes(separator === -1 ? pair : pair.slice(0, separator)).toString("utf8");
    const value = urldecodeBytes(separator === -1 ? "" : pair.slice(separator + 1));
    const { name, isArray } = variableName(rawName);
    if (name === "") continue;
    if (isArray) {
      const existing = fields.get(name);
      const array = existing instanceof PhpArray ? existing : new PhpArray();
      array.push(value.toString("utf8"));
      fields.set(name, array);
    } else {
      fields.set(name, value);
    }
  }
  return fields;
}
