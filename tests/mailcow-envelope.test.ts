// mailcow's reply envelopes: one object or an array of entries, message keys in words.
import { describeMessage, envelopeEntries, envelopeSucceeded, failureMessages } from "../components/mailcow/envelope";

describe("envelopes", () => {
  test.each<[string, unknown, boolean, string[]]>([
    [
      "array success",
      [{ type: "success", log: ["identity_provider", "edit", {}], msg: ["object_modified", ""] }],
      true,
      [],
    ],
    ["object success", { type: "success", msg: "Task completed" }, true, []],
    [
      "array danger with a field",
      [{ type: "danger", log: [], msg: ["required_data_missing", "token_url"] }],
      false,
      ["required_data_missing token_url"],
    ],
    ["danger with null argument", [{ type: "danger", msg: ["authsource_in_use", null] }], false, ["authsource_in_use"]],
    ["plain string message", [{ type: "danger", msg: "access_denied" }], false, ["access_denied"]],
    ["object error", { type: "error", msg: "Cannot edit item" }, false, ["Cannot edit item"]],
    [
      "mixed success and danger",
      [
        { type: "success", msg: ["object_modified", ""] },
        { type: "danger", msg: ["invalid_authsource", null] },
      ],
      false,
      ["invalid_authsource"],
    ],
    ["warning counts as failure", [{ type: "warning", msg: "careful" }], false, ["careful"]],
    ["empty array", [], false, []],
    ["null", null, false, []],
    ["string", "ok", false, []],
  ])("%s", (_name, body, succeeded, failures) => {
    const entries = envelopeEntries(body);
    expect(envelopeSucceeded(entries)).toBe(succeeded);
    expect(failureMessages(entries)).toEqual(failures);
  });

  test.each([
    ["access_denied", "access_denied"],
    [["required_data_missing", "token_url"], "required_data_missing token_url"],
    [["item_deleted", ""], "item_deleted"],
    [["authsource_in_use", null], "authsource_in_use"],
    [["x", 5], "x 5"],
    [null, ""],
    [{ a: 1 }, '{"a":1}'],
  ])("describeMessage(%p) = %p", (msg, expected) => {
    expect(describeMessage(msg)).toBe(expected);
  });
});
