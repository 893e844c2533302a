import {
  confidentialClient,
  redirectUrisStrictHttps,
  signingKeySet,
  tokenValidityBounds,
  validityProblem,
  VALIDITY_SETTINGS,
} from "../oauth2Policies";
import { MAILCOW_IDP_TYPE, PROVIDER_OAUTH2_TYPE } from "../resourceTypes";
import { UNKNOWN } from "../values";
import { engineProps, runResourcePolicy, UNKNOWN_ARRAY, UNKNOWN_STRING } from "./harness";

const strict = { matching_mode: "strict", url: "https://mail.example.org", redirect_uri_type: "authorization" };

function provider(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "mailcow",
    clientId: "mailcow",
    clientType: "confidential",
    signingKey: "8d1e3c0a-1111-2222-3333-444455556666",
    allowedRedirectUris: [strict],
    ...overrides,
  };
}

describe("authentik-oauth2-redirect-uris-strict-https", () => {
  const run = (props: Record<string, unknown>) =>
    runResourcePolicy(redirectUrisStrictHttps, PROVIDER_OAUTH2_TYPE, props);

  test.each<[string, unknown[]]>([
    ["one strict https entry", [strict]],
    ["untyped entry (authentik before 2026.5)", [{ matching_mode: "strict", url: "https://mail.example.org" }]],
    [
      "strict https logout entry",
      [strict, { ...strict, redirect_uri_type: "logout", url: "https://mail.example.org/x" }],
    ],
  ])("accepts %s", async (_label, entries) => {
    expect(await run(provider({ allowedRedirectUris: entries }))).toEqual([]);
  });

  test.each<[string, unknown, RegExp]>([
    [
      "a regex entry",
      [{ matching_mode: "regex", url: "https://.*" }],
      /matching_mode "regex".*matching_mode: "strict"/,
    ],
    ["an http URL", [{ matching_mode: "strict", url: "http://mail.example.org" }], /not https.*https:\/\//],
    ["camelCase keys", [{ matchingMode: "strict", url: "https://mail.example.org" }], /snake_case.*matching_mode/],
    ["no matching_mode", [{ url: "https://mail.example.org" }], /no matching_mode; set matching_mode: "strict"/],
    ["no url", [{ matching_mode: "strict" }], /no url; set url/],
    ["a relative url", [{ matching_mode: "strict", url: "/sso" }], /not an absolute URL/],
    ["an entry that is not a map", ["https://mail.example.org"], /not a map/],
    ["an empty list", [], /authentik saves whatever redirect URI is used first/],
    ["no list at all", undefined, /list mailcow's redirect URL/],
  ])("rejects %s", async (_label, entries, message) => {
    const violations = await run(provider({ allowedRedirectUris: entries }));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(message);
  });

  test("reports each bad entry with its index", async () => {
    const entries = [
      strict,
      { matching_mode: "regex", url: "x" },
      { matching_mode: "strict", url: "http://a.example" },
    ];
    const violations = await run(provider({ allowedRedirectUris: entries }));
    expect(violations.map((v) => v.split(" ")[0])).toEqual(["allowedRedirectUris[1]", "allowedRedirectUris[2].url"]);
  });

  test.each<[string, Record<string, unknown>]>([
    ["the whole list is unknown", engineProps(provider({ allowedRedirectUris: UNKNOWN_ARRAY }))],
    ["an entry is unknown", engineProps(provider({ allowedRedirectUris: [UNKNOWN_STRING] }))],
    ["an entry's url is unknown", engineProps(provider({ allowedRedirectUris: [{ ...strict, url: UNKNOWN_STRING }] }))],
    [
      "an entry's mode is unknown",
      engineProps(provider({ allowedRedirectUris: [{ ...strict, matching_mode: UNKNOWN_STRING }] })),
    ],
  ])("stays quiet during preview when %s", async (_label, props) => {
    expect(await run(props)).toEqual([]);
  });

  test("still checks the known entries next to an unknown one", async () => {
    const props = engineProps(
      provider({ allowedRedirectUris: [UNKNOWN_STRING, { ...strict, url: "http://a.example" }] }),
    );
    expect(await run(props)).toEqual([expect.stringMatching(/^allowedRedirectUris\[1\]\.url .* is not https/)]);
  });

  test("ignores other resource types", async () => {
    expect(await runResourcePolicy(redirectUrisStrictHttps, MAILCOW_IDP_TYPE, { allowedRedirectUris: [] })).toEqual([]);
  });
});

describe("authentik-oauth2-confidential-client", () => {
  const run = (props: Record<string, unknown>) => runResourcePolicy(confidentialClient, PROVIDER_OAUTH2_TYPE, props);

  test.each<[string, Record<string, unknown>]>([
    ["confidential", provider()],
    ["unset (authentik's default is confidential)", provider({ clientType: undefined })],
    ["unknown during preview", engineProps(provider({ clientType: UNKNOWN_STRING }))],
  ])("accepts %s", async (_label, props) => {
    expect(await run(props)).toEqual([]);
  });

  test("rejects a public client and says what to set", async () => {
    expect(await run(provider({ clientType: "public" }))).toEqual([
      expect.stringMatching(/clientType is "public"; set clientType: "confidential"/),
    ]);
  });
});

describe("authentik-oauth2-signing-key", () => {
  const run = (props: Record<string, unknown>) => runResourcePolicy(signingKeySet, PROVIDER_OAUTH2_TYPE, props);

  test.each<[string, Record<string, unknown>]>([
    ["a key id", provider()],
    ["unknown during preview", engineProps(provider({ signingKey: UNKNOWN_STRING }))],
  ])("accepts %s", async (_label, props) => {
    expect(await run(props)).toEqual([]);
  });

  test.each<[string, Record<string, unknown>]>([
    ["unset", provider({ signingKey: undefined })],
    ["empty", provider({ signingKey: "" })],
  ])("rejects a signing key that is %s", async (_label, props) => {
    expect(await run(props)).toEqual([expect.stringMatching(/signingKey is not set.*set signingKey to a certificate/)]);
  });
});

describe("authentik-oauth2-token-validity", () => {
  const run = (props: Record<string, unknown>, config: Record<string, unknown> = {}) =>
    runResourcePolicy(tokenValidityBounds, PROVIDER_OAUTH2_TYPE, props, config);

  test("is advisory", () => {
    expect(tokenValidityBounds.enforcementLevel).toBe("advisory");
  });

  test.each<[string, Record<string, unknown>]>([
    ["authentik's defaults (all unset)", provider()],
    [
      "values at the bounds",
      provider({ accessCodeValidity: "minutes=10", accessTokenValidity: "days=1", refreshTokenValidity: "days=90" }),
    ],
    [
      "unknown values during preview",
      engineProps(provider({ accessCodeValidity: UNKNOWN_STRING, accessTokenValidity: UNKNOWN_STRING })),
    ],
  ])("accepts %s", async (_label, props) => {
    expect(await run(props)).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    [
      "a long access code",
      { accessCodeValidity: "minutes=11" },
      /^accessCodeValidity "minutes=11" exceeds .* minutes=10/,
    ],
    ["a long access token", { accessTokenValidity: "hours=25" }, /^accessTokenValidity "hours=25" exceeds .* days=1/],
    [
      "a long refresh token",
      { refreshTokenValidity: "weeks=13" },
      /^refreshTokenValidity "weeks=13" exceeds .* days=90/,
    ],
    ["a malformed duration", { accessTokenValidity: "1h" }, /is not an authentik duration; use .*hours=1;minutes=30/],
    ["a zero duration", { accessTokenValidity: "seconds=0" }, /is zero; set a positive duration/],
  ])("flags %s", async (_label, overrides, message) => {
    expect(await run(provider(overrides))).toEqual([expect.stringMatching(message)]);
  });

  test("uses the bounds from the policy config", async () => {
    const props = provider({ accessTokenValidity: "hours=2" });
    expect(await run(props, { maxAccessTokenSeconds: 7200 })).toEqual([]);
    expect(await run(props, { maxAccessTokenSeconds: 3600 })).toEqual([expect.stringMatching(/limit of hours=1/)]);
  });

  test("checks authentik's default when a bound is below it", async () => {
    expect(await run(provider(), { maxAccessCodeSeconds: 30 })).toEqual([
      expect.stringMatching(
        /^accessCodeValidity \(unset, authentik default "minutes=1"\) exceeds the limit of seconds=30/,
      ),
    ]);
  });

  test("refuses a config bound that is not a positive number", async () => {
    await expect(run(provider(), { maxRefreshTokenSeconds: "days=90" })).rejects.toThrow(/maxRefreshTokenSeconds/);
  });

  test.each(VALIDITY_SETTINGS.map((s) => [s.prop, s] as const))("validityProblem(%s) skips unknown values", (_p, s) => {
    expect(validityProblem(s, UNKNOWN, 1)).toBeUndefined();
    expect(validityProblem(s, "weeks=100", 1)).toMatch(new RegExp(`^${s.prop} .*${s.limit}`));
  });
});
