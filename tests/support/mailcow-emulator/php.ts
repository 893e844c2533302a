// A small model of PHP values and the PHP 8 conversions mailcow's identity_provider() relies on.
// PHP ints are modelled as bigint (64-bit, never confused with floats), PHP floats as number, so
// values keep the int/float distinction that json_decode makes and that storage and echoes expose.

export type PhpKey = bigint | string;
export type PhpScalar = null | boolean | bigint | number | string;
export type PhpValue = PhpScalar | PhpArray | PhpObject;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Thrown where PHP would throw an uncaught Error (e.g. a TypeError); mailcow's exception_handler then ends the
 * request with HTTP 200 and an empty body. */
export class PhpUncaughtError extends Error {}

/** PHP's ordered array: int or string keys, insertion order kept, numeric-string keys become ints. */
export class PhpArray {
  private readonly map = new Map<PhpKey, PhpValue>();
  private nextIndex = 0n;

  static list(values: readonly PhpValue[]): PhpArray {
    const array = new PhpArray();
    for (const value of values) array.push(value);
    return array;
  }

  static assoc(entries: readonly (readonly [string, PhpValue])[]): PhpArray {
    const array = new PhpArray();
    for (const [key, value] of entries) array.set(key, value);
    return array;
  }

  get size(): number {
    return this.map.size;
  }

  get(key: PhpKey): PhpValue | undefined {
    return this.map.get(normalizeKey(key));
  }

  has(key: PhpKey): boolean {
    return this.map.has(normalizeKey(key));
  }

  set(key: PhpKey, value: PhpValue): void {
    const normalized = normalizeKey(key);
    this.map.set(normalized, value);
    if (typeof normalized === "bigint" && normalized >= this.nextIndex) this.nextIndex = normalized + 1n;
  }

  push(value: PhpValue): void {
    this.set(this.nextIndex, value);
  }

  delete(key: PhpKey): void {
    this.map.delete(normalizeKey(key));
  }

  entries(): IterableIterator<[PhpKey, PhpValue]> {
    return this.map.entries();
  }

  values(): PhpValue[] {
    return [...this.map.values()];
  }

  /** PHP arrays are values: assignment copies them. Nested arrays are never mutated here, so shallow is enough. */
  clone(): PhpArray {
    const copy = new PhpArray();
    for (const [key, value] of this.map) copy.set(key, value);
    return copy;
  }

  /** json_encode writes a JSON array only for keys 0..n-1 in order; anything else becomes an object. */
  isList(): boolean {
    let expected = 0n;
    for (const key of this.map.keys()) {
      if (key !== expected) return false;
      expected++;
    }
    return true;
  }
}

/** A stdClass instance, as json_decode() without the associative flag returns for JSON objects. */
export class PhpObject {
  readonly props = new Map<string, PhpValue>();
}

/** PHP turns canonical decimal integer strings ("7", "-3", not "07" or "-0") into int keys. */
export function normalizeKey(key: PhpKey): PhpKey {
  if (typeof key === "bigint" || !/^(0|-?[1-9][0-9]*)$/.test(key)) return key;
  const asInt = BigInt(key);
  return asInt >= INT64_MIN && asInt <= INT64_MAX ? asInt : key;
}

/** isset($array[$key]): the key exists and its value is not null. */
export function isset(array: PhpArray, key: string): boolean {
  const value = array.get(key);
  return value !== undefined && value !== null;
}

/** PHP truthiness, as used by boolval(), empty(), `!$x` and array_filter(). */
export function toBool(value: PhpValue | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "boolean") return value;
  if (typeof value === "bigint") return value !== 0n;
  if (typeof value === "number") return value !== 0; // NAN is truthy in PHP, and NaN !== 0
  if (typeof value === "string") return value !== "" && value !== "0";
  if (value instanceof PhpArray) return value.size > 0;
  return true;
}

/** empty($array[$key]): missing or falsy. */
export function isEmpty(value: PhpValue | undefined): boolean {
  return !toBool(value);
}

// A leading-numeric string prefix, as PHP 8 reads it for (int) casts and numeric comparisons.
const NUMERIC_PREFIX = /^[ \t\n\r\v\f]*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)/;
const NUMERIC_STRING = /^[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\v\f]*$/;

function capInt(value: bigint): bigint {
  if (value < INT64_MIN) return INT64_MIN;
  return value > INT64_MAX ? INT64_MAX : value;
}

// zend_dval_to_lval: NaN/Inf become 0, out-of-range floats wrap modulo 2^64.
function floatToInt(value: number): bigint {
  if (!Number.isFinite(value)) return 0n;
  return BigInt.asIntN(64, BigInt(Math.trunc(value)));
}

/** intval() / (int): leading-numeric strings are read up to the first non-numeric character. */
export function toInt(value: PhpValue | undefined): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === "boolean") return value ? 1n : 0n;
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return floatToInt(value);
  if (typeof value === "string") {
    const match = NUMERIC_PREFIX.exec(value);
    if (!match) return 0n;
    const text = match[1];
    if (/^[+-]?[0-9]+$/.test(text)) return capInt(BigInt(text));
    const parsed = Number(text);
    // Strings that overflow are capped (zend_dval_to_lval_cap), unlike float casts.
    if (!Number.isFinite(parsed)) return 0n;
    if (parsed >= 2 ** 63) return INT64_MAX;
    if (parsed < -(2 ** 63)) return INT64_MIN;
    return BigInt(Math.trunc(parsed));
  }
  return value instanceof PhpArray ? (value.size > 0 ? 1n : 0n) : 1n;
}

/** Digits and decimal-point position of a positive finite float, as zend_dtoa returns them. */
function floatDigits(value: number, significant: number | undefined): { digits: string; decpt: number } {
  const [mantissa, exponent] = (
    significant === undefined ? value.toExponential() : value.toExponential(significant - 1)
  )
    .split("e")
    .map((part, index) => (index === 0 ? part.replace(".", "") : part));
  return { digits: mantissa.replace(/0+$/, "") || "0", decpt: Number(exponent) + 1 };
}

/** php_gcvt(): PHP's %G-like float formatting; ndigit decides when to switch to exponential notation. */
export function phpGcvt(value: number, precision: number, expChar: "e" | "E"): string {
  if (Number.isNaN(value)) return "NAN";
  if (!Number.isFinite(value)) return value > 0 ? "INF" : "-INF";
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  const magnitude = Math.abs(value);
  if (magnitude === 0) return `${sign}0`;
  const mode0 = precision < 0;
  const ndigit = mode0 ? 17 : precision === 0 ? 1 : precision;
  const { digits, decpt } = floatDigits(magnitude, mode0 ? undefined : ndigit);
  if (decpt < 0 ? decpt < -3 : decpt > ndigit) {
    const exponent = decpt - 1;
    const fraction = digits.length > 1 ? digits.slice(1) : "0";
    return `${sign}${digits[0]}.${fraction}${expChar}${exponent < 0 ? "-" : "+"}${Math.abs(exponent)}`;
  }
  if (decpt <= 0) return `${sign}0.${"0".repeat(-decpt)}${digits}`;
  const whole = digits.slice(0, decpt).padEnd(decpt, "0");
  const fraction = digits.slice(decpt);
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** (string)$float with PHP's default `precision` ini of 14. */
export function floatToString(value: number): string {
  return phpGcvt(value, 14, "E");
}

/** (string)$value, as PDO's PARAM_STR binding and string interpolation convert values. Arrays become "Array". */
export function toPhpString(value: PhpValue | undefined): string {
  if (value === undefined || value === null || value === false) return "";
  if (value === true) return "1";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return floatToString(value);
  if (typeof value === "string") return value;
  if (value instanceof PhpArray) return "Array";
  throw new PhpUncaughtError("Object of class stdClass could not be converted to string");
}

/** A `string` parameter of a PHP 8 internal function in coercive mode: scalars convert, arrays throw a TypeError. */
export function stringArgument(value: PhpValue | undefined, functionName: string): string {
  if (value instanceof PhpArray || value instanceof PhpObject) {
    throw new PhpUncaughtError(`${functionName}(): Argument #1 must be of type string, array given`);
  }
  return toPhpString(value);
}

/** strtolower() is ASCII-only since PHP 8.2. */
export function strtolower(value: PhpValue | undefined): string {
  return stringArgument(value, "strtolower").replace(/[A-Z]/g, (char) => char.toLowerCase());
}

/** rtrim($value, $chars) for a set of single characters. */
export function rtrim(value: PhpValue | undefined, chars: string): string {
  let text = stringArgument(value, "rtrim");
  while (text.length > 0 && chars.includes(text[text.length - 1])) text = text.slice(0, -1);
  return text;
}

/** array_filter($array) without a callback: drops falsy values ("", "0", 0, null, false, []) and keeps keys. */
export function arrayFilter(array: PhpArray): PhpArray {
  const result = new PhpArray();
  for (const [key, value] of array.entries()) if (toBool(value)) result.set(key, value);
  return result;
}

/** `is_array($x) ? $x : array($x)`. */
export function wrapInArray(value: PhpValue): PhpArray {
  return value instanceof PhpArray ? value : PhpArray.list([value]);
}

/** (array)$value. */
export function castToArray(value: PhpValue): PhpArray {
  if (value instanceof PhpArray) return value;
  if (value === null) return new PhpArray();
  if (value instanceof PhpObject) {
    const array = new PhpArray();
    for (const [key, prop] of value.props) array.set(key, prop);
    return array;
  }
  return PhpArray.list([value]);
}

function isNumericString(value: string): boolean {
  return NUMERIC_STRING.test(value);
}

function compareNumericStrings(left: string, right: string): boolean {
  const integer = /^\s*[+-]?[0-9]+\s*$/;
  if (integer.test(left) && integer.test(right)) {
    const [a, b] = [BigInt(left.trim()), BigInt(right.trim())];
    if (a >= INT64_MIN && a <= INT64_MAX && b >= INT64_MIN && b <= INT64_MAX) return a === b;
  }
  return Number(left.trim()) === Number(right.trim());
}

/** `$value == "literal"` under PHP 8 rules, as `switch` and `==` compare against a string. */
export function looseEqualsString(value: PhpValue | undefined, literal: string): boolean {
  if (value === undefined || value === null) return literal === "";
  if (typeof value === "boolean") return value === toBool(literal);
  if (typeof value === "string") {
    return isNumericString(value) && isNumericString(literal)
      ? compareNumericStrings(value, literal)
      : value === literal;
  }
  if (typeof value === "bigint" || typeof value === "number") {
    if (!isNumericString(literal)) return toPhpString(value) === literal;
    if (typeof value === "bigint" && /^\s*[+-]?[0-9]+\s*$/.test(literal)) return value === BigInt(literal.trim());
    return Number(value) === Number(literal.trim());
  }
  return false;
}
