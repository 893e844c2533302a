// json_decode() and json_encode() with PHP's semantics, which JSON.parse/JSON.stringify do not share:
// ints vs floats, numeric-string keys, escaped slashes and unicode, 4-space pretty printing, a 512 depth limit,
// and `false` (echoed as an empty body) when encoding fails.
import { PhpArray, PhpObject, type PhpValue, phpGcvt } from "./php";

const MAX_DEPTH = 512;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

class JsonSyntaxError extends Error {}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly assoc: boolean,
  ) {}

  parseDocument(): PhpValue {
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.pos !== this.text.length) throw new JsonSyntaxError("trailing data");
    return value;
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && " \t\n\r".includes(this.text[this.pos])) this.pos++;
  }

  private parseValue(): PhpValue {
    this.skipWhitespace();
    const char = this.text[this.pos];
    if (char === "{") return this.parseObject();
    if (char === "[") return this.parseArray();
    if (char === '"') return this.parseString();
    for (const [literal, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.text.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return value;
      }
    }
    return this.parseNumber();
  }

  private enter(): void {
    if (this.depth++ >= MAX_DEPTH) throw new JsonSyntaxError("maximum stack depth exceeded");
  }

  private parseArray(): PhpArray {
    this.enter();
    this.pos++;
    const array = new PhpArray();
    this.skipWhitespace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      this.depth--;
      return array;
    }
    for (;;) {
      array.push(this.parseValue());
      this.skipWhitespace();
      const char = this.text[this.pos++];
      if (char === "]") break;
      if (char !== ",") throw new JsonSyntaxError("expected , or ]");
    }
    this.depth--;
    return array;
  }

  private parseObject(): PhpArray | PhpObject {
    this.enter();
    this.pos++;
    const array = new PhpArray();
    const object = new PhpObject();
    this.skipWhitespace();
    if (this.text[this.pos] === "}") {
      this.pos++;
    } else {
      for (;;) {
        this.skipWhitespace();
        if (this.text[this.pos] !== '"') throw new JsonSyntaxError("expected a key");
        const key = this.parseString();
        this.skipWhitespace();
        if (this.text[this.pos++] !== ":") throw new JsonSyntaxError("expected :");
        const value = this.parseValue();
        if (this.assoc) {
          array.set(key, value);
        } else {
          if (key.startsWith("\0")) throw new JsonSyntaxError("invalid property name");
          object.props.set(key, value);
        }
        this.skipWhitespace();
        const char = this.text[this.pos++];
        if (char === "}") break;
        if (char !== ",") throw new JsonSyntaxError("expected , or }");
      }
    }
    this.depth--;
    return this.assoc ? array : object;
  }

  private parseString(): string {
    this.pos++;
    let result = "";
    for (;;) {
      if (this.pos >= this.text.length) throw new JsonSyntaxError("unterminated string");
      const char = this.text[this.pos++];
      if (char === '"') return result;
      if (char.charCodeAt(0) < 0x20) throw new JsonSyntaxError("control character");
      if (char !== "\\") {
        result += char;
        continue;
      }
      const escape = this.text[this.pos++];
      const simple: Record<string, string> = {
        '"': '"',
        "\\": "\\",
        "/": "/",
        b: "\b",
        f: "\f",
        n: "\n",
        r: "\r",
        t: "\t",
      };
      if (escape in simple) {
        result += simple[escape];
      } else if (escape === "u") {
        result += this.parseUnicodeEscape();
      } else {
        throw new JsonSyntaxError("bad escape");
      }
    }
  }

  // PHP rejects unpaired UTF-16 surrogates (JSON_ERROR_UTF16).
  private parseUnicodeEscape(): string {
    const unit = this.readHex4();
    if (unit >= 0xdc00 && unit <= 0xdfff) throw new JsonSyntaxError("lone low surrogate");
    if (unit < 0xd800 || unit > 0xdbff) return String.fromCharCode(unit);
    if (this.text.slice(this.pos, this.pos + 2) !== "\\u") throw new JsonSyntaxError("lone high surrogate");
    this.pos += 2;
    const low = this.readHex4();
    if (low < 0xdc00 || low > 0xdfff) throw new JsonSyntaxError("lone high surrogate");
    return String.fromCharCode(unit, low);
  }

  private readHex4(): number {
    const hex = this.text.slice(this.pos, this.pos + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError("bad \\u escape");
    this.pos += 4;
    return parseInt(hex, 16);
  }

  private parseNumber(): bigint | number {
    const pattern = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    pattern.lastIndex = this.pos;
    const match = pattern.exec(this.text);
    if (!match) throw new JsonSyntaxError("unexpected character");
    this.pos += match[0].length;
    if (match[1] === undefined && match[2] === undefined) {
      const asInt = BigInt(match[0]);
      // Integers beyond 64 bits become floats, as PHP does without JSON_BIGINT_AS_STRING.
      if (asInt >= INT64_MIN && asInt <= INT64_MAX) return asInt;
    }
    return Number(match[0]);
  }
}

/** json_decode($text, $assoc): null both for the JSON literal null and for any error, exactly like PHP. */
export function phpJsonDecode(text: string, assoc: boolean): PhpValue {
  try {
    return new Parser(text, assoc).parseDocument();
  } catch (error) {
    if (error instanceof JsonSyntaxError) return null;
    throw error;
  }
}

/** UTF-8 decoding that fails like PHP's JSON_ERROR_UTF8 (and keeps a BOM, which PHP rejects as syntax). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export interface PhpJsonEncodeOptions {
  /** JSON_PRETTY_PRINT: 4-space indentation. */
  pretty?: boolean;
  /** JSON_UNESCAPED_UNICODE: keep non-ASCII as is (U+2028/U+2029 stay escaped). */
  unescapedUnicode?: boolean;
}

class JsonEncodeError extends Error {}

function hex4(code: number): string {
  return `\\u${code.toString(16).padStart(4, "0")}`;
}

function encodeString(value: string, unescapedUnicode: boolean): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      const low = value.charCodeAt(i + 1);
      // A lone surrogate is invalid UTF-8 in PHP terms, so json_encode fails.
      if (code > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) throw new JsonEncodeError("malformed UTF-8");
      out += unescapedUnicode ? value.slice(i, i + 2) : hex4(code) + hex4(low);
      i++;
      continue;
    }
    const char = value[i];
    const named: Record<string, string> = {
      '"': '\\"',
      "\\": "\\\\",
      "/": "\\/",
      "\b": "\\b",
      "\f": "\\f",
      "\n": "\\n",
      "\r": "\\r",
      "\t": "\\t",
    };
    if (char in named) out += named[char];
    else if (code < 0x20) out += hex4(code);
    else if (code < 0x80) out += char;
    else if (!unescapedUnicode || code === 0x2028 || code === 0x2029) out += hex4(code);
    else out += char;
  }
  return `${out}"`;
}

function encodeValue(value: PhpValue, options: PhpJsonEncodeOptions, depth: number): string {
  if (value === null) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new JsonEncodeError("Inf and NaN cannot be JSON encoded");
    return phpGcvt(value, -1, "e");
  }
  if (typeof value === "string") return encodeString(value, options.unescapedUnicode ?? false);
  if (depth + 1 > MAX_DEPTH) throw new JsonEncodeError("maximum stack depth exceeded");
  const asList = value instanceof PhpArray && value.isList();
  const entries: [string, PhpValue][] =
    value instanceof PhpArray
      ? [...value.entries()].map(([key, item]) => [String(key), item])
      : [...value.props.entries()];
  const [open, close] = asList ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) return open + close;
  const indent = options.pretty ? "\n" + "    ".repeat(depth + 1) : "";
  const items = entries.map(([key, item]) => {
    const encoded = encodeValue(item, options, depth + 1);
    if (asList) return encoded;
    return `${encodeString(key, options.unescapedUnicode ?? false)}:${options.pretty ? " " : ""}${encoded}`;
  });
  const closing = options.pretty ? "\n" + "    ".repeat(depth) : "";
  return open + indent + items.join("," + indent) + closing + close;
}

/** json_encode($value, $flags): the encoded text, or false when PHP's json_encode would return false. */
export function phpJsonEncode(value: PhpValue, options: PhpJsonEncodeOptions = {}): string | false {
  try {
    return encodeValue(value, options, 0);
  } catch (error) {
    if (error instanceof JsonEncodeError) return false;
    throw error;
  }
}

/** `echo json_encode(...)`: PHP echoes false as an empty string. */
export function echoJson(value: PhpValue, options: PhpJsonEncodeOptions = {}): string {
  const encoded = phpJsonEncode(value, options);
  return encoded === false ? "" : encoded;
}
