// STAND-IN for the `random` resource plugin 4.21.2 (pulumi-random, which bridges hashicorp/terraform-provider-random).
// The Go module github.com/pulumi/pulumi-random/provider/v4 is not served by the Go module proxy here, so the engine
// suite runs this instead. It covers exactly RandomString and RandomPassword as the bridged provider behaves:
// every input forces replacement (keepers included), Check fills Terraform's defaults, Read keeps state, Delete does
// nothing, RandomString's id is its result and RandomPassword's id is "none". Not covered: bcryptHash (left empty)
// and every other random resource. Fidelity against @pulumi/random's declared properties: tests/engine-standins.
import { randomInt } from "node:crypto";
import { changedKeys, containsUnknown, reveal, type Wire } from "./wire";

export const RANDOM_STRING = "random:index/randomString:RandomString";
export const RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword";

/** The inputs of both resources (terraform-provider-random's random_string/random_password arguments). */
export const RANDOM_INPUTS = [
  "keepers",
  "length",
  "lower",
  "minLower",
  "minNumeric",
  "minSpecial",
  "minUpper",
  "number",
  "numeric",
  "overrideSpecial",
  "special",
  "upper",
] as const;

const DEFAULTS = {
  lower: true,
  upper: true,
  numeric: true,
  number: true,
  special: true,
  minLower: 0,
  minUpper: 0,
  minNumeric: 0,
  minSpecial: 0,
};

const CHARSETS = {
  lower: "abcdefghijklmnopqrstuvwxyz",
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  numeric: "0123456789",
  special: "!@#$%&*()-_=+[]{}<>:?",
};

type Props = Record<string, Wire>;

interface CheckFailure {
  property: string;
  reason: string;
}

function typeOf(urn: string): string {
  return urn.split("::")[2]?.split("$").pop() ?? "";
}

function check(news: Props): { inputs: Props; failures: CheckFailure[] } {
  const inputs: Props = { ...DEFAULTS, ...news };
  // terraform-provider-random keeps the deprecated `number` and `numeric` equal.
  if (news.numeric === undefined && news.number !== undefined) inputs.numeric = news.number;
  if (news.number === undefined && news.numeric !== undefined) inputs.number = news.numeric;
  const failures: CheckFailure[] = [];
  if (containsUnknown(inputs)) return { inputs, failures };
  const plain = reveal(inputs) as Record<string, unknown>;
  const length = plain.length;
  if (typeof length !== "number" || !Number.isInteger(length) || length < 1) {
    failures.push({ property: "length", reason: "length must be an integer of at least 1" });
  } else {
    const minimums = ["minUpper", "minLower", "minNumeric", "minSpecial"].reduce(
      (sum, key) => sum + Number(plain[key]),
      0,
    );
    if (length < minimums) {
      failures.push({
        property: "length",
        reason: `length (${length}) must be >= min_upper + min_lower + min_numeric + min_special (${minimums})`,
      });
    }
  }
  return { inputs, failures };
}

/** A string of `length` characters with at least the minimum of each enabled class, in random order. */
export function generate(plain: Record<string, unknown>): string {
  const special = typeof plain.overrideSpecial === "string" ? plain.overrideSpecial : CHARSETS.special;
  const classes: [string, number][] = [
    [plain.lower ? CHARSETS.lower : "", Number(plain.minLower ?? 0)],
    [plain.upper ? CHARSETS.upper : "", Number(plain.minUpper ?? 0)],
    [plain.numeric ? CHARSETS.numeric : "", Number(plain.minNumeric ?? 0)],
    [plain.special ? special : "", Number(plain.minSpecial ?? 0)],
  ];
  const all = classes.map(([chars]) => chars).join("");
  if (all === "") throw new Error("at least one of lower, upper, numeric or special must be enabled");
  const pick = (chars: string) => chars[randomInt(chars.length)];
  const chars = classes.flatMap(([set, min]) => Array.from({ length: set ? min : 0 }, () => pick(set)));
  while (chars.length < Number(plain.length)) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
}

export const randomProvider = {
  version: "4.21.2",

  async check(_urn: string, _olds: Props, news: Props) {
    return check(news);
  },

  async diff(_id: string, _urn: string, olds: Props, news: Props) {
    const replaces = changedKeys(olds, news, RANDOM_INPUTS);
    return { changes: replaces.length > 0, replaces };
  },

  async create(urn: string, inputs: Props) {
    const type = typeOf(urn);
    if (type !== RANDOM_STRING && type !== RANDOM_PASSWORD)
      throw new Error(`the random stand-in does not implement ${type}`);
    const result = generate(reveal(inputs) as Record<string, unknown>);
    const outs = { ...inputs, result, ...(type === RANDOM_PASSWORD ? { bcryptHash: "" } : {}) };
    return { id: type === RANDOM_STRING ? result : "none", outs };
  },

  async read(id: string, _urn: string, props: Props) {
    return { id, props };
  },

  async delete() {},
};
