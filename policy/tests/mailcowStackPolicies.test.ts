import {
  authentikHosts,
  endpointsMatchAuthentikUrl,
  redirectRegistered,
  registeredRedirects,
} from "../mailcowStackPolicies";
import { APPLICATION_TYPE, AUTHENTIK_PROVIDER_TYPE, MAILCOW_IDP_TYPE, PROVIDER_OAUTH2_TYPE } from "../resourceTypes";
import type { StackResource } from "../stackResource";
import { UNKNOWN } from "../values";
import {
  compliantIdpProps,
  engineProps,
  runStackPolicy,
  type TestResource,
  UNKNOWN_ARRAY,
  UNKNOWN_STRING,
  urnOf,
} from "./harness";

const strict = (url: string, type?: string) => ({
  matching_mode: "strict",
  url,
  ...(type && { redirect_uri_type: type }),
});

function oauth2(entries: unknown, extra: Record<string, unknown> = {}, name = "provider"): TestResource {
  return { type: PROVIDER_OAUTH2_TYPE, name, props: { clientId: "mailcow", allowedRedirectUris: entries, ...extra } };
}

function idp(overrides: Record<string, unknown> = {}): TestResource {
  return {
    type: MAILCOW_IDP_TYPE,
    name: "idp",
    props: compliantIdpProps(overrides),
  };
}

const idpUrn = urnOf(MAILCOW_IDP_TYPE, "idp");

describe("mailcow-idp-redirect-registered", () => {
  const run = (resources: TestResource[]) => runStackPolicy(redirectRegistered, resources);

  test.each<[string, TestResource[]]>([
    ["the exact URL registered", [oauth2([strict("https://mail.example.org", "authorization")]), idp()]],
    ["an untyped strict entry", [oauth2([strict("https://mail.example.org")]), idp()]],
    [
      "extra URLs registered too",
      [
        oauth2([strict("https://mail.example.org"), strict("https://webmail.example.org")]),
        idp({ redirectUrlExtra: ["https://webmail.example.org"] }),
      ],
    ],
    ["no mailcow identity provider in the stack", [oauth2([])]],
  ])("passes with %s", async (_label, resources) => {
    expect(await run(resources)).toEqual([]);
  });

  test.each<[string, TestResource[], RegExp]>([
    [
      "a different URL",
      [oauth2([strict("https://mx.example.org")]), idp()],
      /^mailcow redirectUrl "https:\/\/mail\.example\.org\/…" is not a strict redirect URI of authentik provider provider; .*matching_mode: "strict"/,
    ],
    [
      "a trailing-slash difference",
      [oauth2([strict("https://mail.example.org/")]), idp()],
      /differ only by a trailing slash/,
    ],
    [
      "only a logout entry",
      [oauth2([strict("https://mail.example.org", "logout")]), idp()],
      /not a strict redirect URI/,
    ],
    [
      "only a regex entry",
      [oauth2([{ matching_mode: "regex", url: "https://mail.example.org" }]), idp()],
      /not a strict/,
    ],
    [
      "an unregistered extra URL",
      [oauth2([strict("https://mail.example.org")]), idp({ redirectUrlExtra: ["https://webmail.example.org"] })],
      /^mailcow redirectUrlExtra\[0\] "https:\/\/webmail\.example\.org\/…"/,
    ],
    ["no authentik provider in the stack", [idp()], /no authentik ProviderOauth2 in this stack/],
    [
      "no provider with mailcow's clientId",
      [oauth2([strict("https://mail.example.org")], { clientId: "other" }), idp()],
      /has mailcow's clientId; set both from the same value/,
    ],
  ])("flags %s", async (_label, resources, message) => {
    expect(await run(resources)).toEqual([{ message: expect.stringMatching(message), urn: idpUrn }]);
  });

  test("matches against the provider with the same clientId", async () => {
    const resources = [
      oauth2([strict("https://other.example.org")], { clientId: "other" }, "other"),
      oauth2([strict("https://mail.example.org")], {}, "mailcow"),
      idp(),
    ];
    expect(await run(resources)).toEqual([]);
    const swapped = [
      oauth2([strict("https://mail.example.org")], { clientId: "other" }, "other"),
      oauth2([], {}, "mailcow"),
      idp(),
    ];
    expect(await run(swapped)).toEqual([
      { message: expect.stringMatching(/authentik provider mailcow;/), urn: idpUrn },
    ]);
  });

  test.each<[string, TestResource[]]>([
    ["the redirect list is unknown", [oauth2(UNKNOWN_ARRAY), idp()]],
    ["an entry is unknown", [oauth2([UNKNOWN_STRING]), idp()]],
    ["an entry's url is unknown", [oauth2([strict(UNKNOWN_STRING)]), idp()]],
    ["the redirect URL is unknown", [oauth2([strict("https://x.example.org")]), idp({ redirectUrl: UNKNOWN_STRING })]],
    ["the client ids are unknown", [oauth2([strict("https://mail.example.org")], { clientId: UNKNOWN_STRING }), idp()]],
  ])("stays quiet during preview when %s", async (_label, resources) => {
    expect(await run(resources.map((r) => ({ ...r, props: engineProps(r.props) })))).toEqual([]);
  });

  test.each<[string, unknown, string[] | typeof UNKNOWN]>([
    [
      "strict entries",
      [strict("https://a.example"), strict("https://b.example", "authorization")],
      ["https://a.example", "https://b.example"],
    ],
    ["logout entries left out", [strict("https://a.example", "logout")], []],
    ["no list", undefined, []],
    ["unknown entry", [UNKNOWN_STRING], UNKNOWN],
  ])("registeredRedirects: %s", (_label, entries, expected) => {
    const provider: StackResource = {
      type: PROVIDER_OAUTH2_TYPE,
      name: "p",
      urn: "urn:p",
      props: engineProps({ allowedRedirectUris: entries }),
    };
    expect(registeredRedirects(provider)).toEqual(expected);
  });
});

describe("mailcow-idp-endpoints-match-authentik-url", () => {
  const run = (resources: TestResource[]) => runStackPolicy(endpointsMatchAuthentikUrl, resources);
  const authentik = (url: unknown): TestResource => ({
    type: AUTHENTIK_PROVIDER_TYPE,
    name: "authentik",
    props: { url, token: "tok-secret-value" },
  });
  const application: TestResource = { type: APPLICATION_TYPE, name: "app", props: { slug: "mailcow" } };

  test("passes when the endpoints are on the authentik provider's host", async () => {
    expect(await run([authentik("https://auth.example.org"), idp()])).toEqual([]);
    expect(await run([authentik("https://auth.example.org/api/v3"), idp()])).toEqual([]);
  });

  test("flags each endpoint on another host, naming the issuer and the URL to use", async () => {
    const guide = idp({
      authorizeUrl: "https://mail.example.org/application/o/authorize/",
      tokenUrl: "https://mail.example.org/application/o/token/",
      userinfoUrl: "https://auth.example.org/application/o/userinfo/",
    });
    const violations = await run([authentik("https://auth.example.org"), application, guide]);
    expect(violations).toEqual([
      {
        message: expect.stringMatching(
          /^mailcow authorizeUrl is on host mail\.example\.org, .*auth\.example\.org \(issuer https:\/\/auth\.example\.org\/application\/o\/mailcow\/\); set authorizeUrl to https:\/\/auth\.example\.org\/application\/o\/authorize\/\.$/,
        ),
        urn: idpUrn,
      },
      {
        message: expect.stringMatching(/^mailcow tokenUrl .* https:\/\/auth\.example\.org\/application\/o\/token\/\.$/),
        urn: idpUrn,
      },
    ]);
    expect(violations.map((v) => v.message).join()).not.toContain("tok-secret-value");
  });

  test("reads the authentik URL from the provider of authentik resources", async () => {
    const provider = { type: AUTHENTIK_PROVIDER_TYPE, props: { url: "https://sso.example.net" } };
    const withProvider: TestResource = { ...oauth2([]), provider };
    expect(await run([withProvider, idp()])).toHaveLength(3);
    expect(authentikHosts([{ ...withProvider, urn: "urn:x" }])).toEqual(new Set(["sso.example.net"]));
  });

  test.each<[string, TestResource[]]>([
    ["no authentik provider resource (URL only in stack config)", [idp()]],
    ["the provider URL is unknown", [authentik(UNKNOWN_STRING), idp()]],
    [
      "the endpoints are unknown",
      [
        authentik("https://sso.example.net"),
        idp({ authorizeUrl: UNKNOWN_STRING, tokenUrl: UNKNOWN_STRING, userinfoUrl: UNKNOWN_STRING }),
      ],
    ],
  ])("stays quiet when %s", async (_label, resources) => {
    expect(await run(resources.map((r) => ({ ...r, props: engineProps(r.props) })))).toEqual([]);
  });
});
