import * as policySdk from "@pulumi/policy";
import { isSet, read, readBoolean, readList, readString, UNKNOWN, UNKNOWN_SENTINELS } from "../values";
import { engineProps, UNKNOWN_ARRAY, UNKNOWN_BOOLEAN, UNKNOWN_STRING } from "./harness";

describe("unknown sentinels", () => {
  test("match the placeholders @pulumi/policy uses", () => {
    // Internal module of @pulumi/policy: if an upgrade changes the sentinels, this fails first.
    const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
    const names = ["Boolean", "Number", "String", "Array", "Asset", "Archive", "Object"];
    expect(new Set(names.map((n) => proxy[`unknown${n}Value`]))).toEqual(UNKNOWN_SENTINELS);
  });

  test("the runtime exports this pack relies on exist", () => {
    const sdk = policySdk as unknown as Record<string, unknown>;
    expect(typeof sdk.unknownCheckingProxy).toBe("function");
    expect(typeof sdk.UnknownValueError).toBe("function");
  });
});

describe("read", () => {
  test.each<[string, unknown, string | number, unknown]>([
    ["plain value", { a: "x" }, "a", "x"],
    ["missing key", { a: "x" }, "b", undefined],
    ["null becomes undefined", { a: null }, "a", undefined],
    ["raw string sentinel", { a: UNKNOWN_STRING }, "a", UNKNOWN],
    ["raw boolean sentinel", { a: UNKNOWN_BOOLEAN }, "a", UNKNOWN],
    ["proxied sentinel does not throw", engineProps({ a: UNKNOWN_STRING }), "a", UNKNOWN],
    ["proxied known value", engineProps({ a: 3 }), "a", 3],
    ["array index", ["x", "y"], 1, "y"],
    ["from UNKNOWN", UNKNOWN, "a", UNKNOWN],
    ["from a non-object", "text", "length", undefined],
  ])("%s", (_label, obj, key, expected) => {
    expect(read(obj, key)).toBe(expected);
  });

  test("rethrows errors that are not about unknown values", () => {
    const obj = Object.defineProperty({}, "a", {
      get() {
        throw new TypeError("boom");
      },
    });
    expect(() => read(obj, "a")).toThrow("boom");
  });
});

describe("typed readers", () => {
  test.each<[string, Record<string, unknown>, unknown]>([
    ["string", { v: "s" }, "s"],
    ["number becomes a string (ids)", { v: 42 }, "42"],
    ["boolean is not a string", { v: true }, undefined],
    ["unknown", engineProps({ v: UNKNOWN_STRING }), UNKNOWN],
  ])("readString: %s", (_label, props, expected) => {
    expect(readString(props, "v")).toBe(expected);
  });

  test.each<[string, Record<string, unknown>, unknown]>([
    ["true", { v: true }, true],
    ["false", { v: false }, false],
    ["string is not a boolean", { v: "true" }, undefined],
    ["unknown", engineProps({ v: UNKNOWN_BOOLEAN }), UNKNOWN],
  ])("readBoolean: %s", (_label, props, expected) => {
    expect(readBoolean(props, "v")).toBe(expected);
  });

  test.each<[string, Record<string, unknown>, unknown]>([
    ["known elements", { v: ["a", "b"] }, ["a", "b"]],
    ["unknown element inside a proxied list", engineProps({ v: ["a", UNKNOWN_STRING] }), ["a", UNKNOWN]],
    ["unknown list", engineProps({ v: UNKNOWN_ARRAY }), UNKNOWN],
    ["not a list", { v: "a" }, undefined],
    ["missing", {}, undefined],
  ])("readList: %s", (_label, props, expected) => {
    expect(readList(props, "v")).toEqual(expected);
  });

  test.each<[unknown, boolean]>([
    ["x", true],
    [false, true],
    ["", false],
    [undefined, false],
    [UNKNOWN, false],
  ])("isSet(%p) is %p", (value, expected) => {
    expect(isSet(value)).toBe(expected);
  });
});
