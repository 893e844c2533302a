// Pins the authentik emulator (a stand-in) to authentik 2026.5's OpenAPI schema (@goauthentik/api's
// schema.yml): every route it serves is an operation there with the same method and security, and every answer
// it gives (success bodies, 400/403/404 bodies, pagination envelopes) conforms to the response model.
import { API_PREFIX, API_ROUTES, type AuthentikEmulator, startAuthentikEmulator } from "./support/authentik-emulator";
import {
  conformance,
  loadSchema,
  operation,
  parameters,
  resolve,
  responseSchema,
} from "./support/authentik-emulator/openapi";
import { type HandMadeSetup, api, call, handMadeSetup } from "./support/authentik-emulator/test-client";

const doc = loadSchema();
let emulator: AuthentikEmulator;
let setup: HandMadeSetup;

beforeAll(async () => {
  emulator = await startAuthentikEmulator({ token: "schema-test-token" });
  setup = await handMadeSetup(emulator);
});
afterAll(() => emulator?.stop());
afterEach(() => expect(emulator.internalErrors).toEqual([]));

/** A path parameter value naming an object the setup created or authentik seeded. */
function fill(template: string): string {
  const values: Record<string, () => string> = {
    "/core/applications/{slug}/": () => "mailcow",
    "/flows/instances/{slug}/": () => "default-authentication-flow",
  };
  const params: Record<string, () => string> = {
    group_uuid: () => setup.groupPk,
    id: () => (template.startsWith("/core/users/") ? "1" : String(setup.providerPk)),
    policy_binding_uuid: () => setup.bindingPk,
    pm_uuid: () => setup.templateMappingPk,
    policy_uuid: () => setup.policyPk,
    kp_uuid: () => emulator.store.certificateByName("authentik Self-signed Certificate")!.pk,
  };
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (values[template] ?? params[name])());
}

describe("every route the emulator serves is an operation of schema.yml", () => {
  test.each(API_ROUTES.map((route) => [route.method, route.template, route.auth] as const))(
    "%s %s exists, with the same security",
    (method, template, auth) => {
      const op = operation(doc, template, method);
      expect(op).toBeDefined();
      // `{}` in the security list means anonymous access is allowed.
      const anonymous = (op!.security ?? []).some((entry) => Object.keys(entry).length === 0);
      expect(auth).toBe(anonymous ? "optional" : "token");
    },
  );

  test("the route table covers the operations the Terraform provider and lookups call", () => {
    const served = new Set(API_ROUTES.map((r) => `${r.method} ${r.template}`));
    const called = [
      "GET /root/config/",
      "POST /providers/oauth2/",
      "GET /providers/oauth2/{id}/",
      "PUT /providers/oauth2/{id}/",
      "DELETE /providers/oauth2/{id}/",
      "GET /providers/oauth2/",
      "GET /providers/oauth2/{id}/setup_urls/",
      "POST /core/applications/",
      "GET /core/applications/{slug}/",
      "PUT /core/applications/{slug}/",
      "DELETE /core/applications/{slug}/",
      "POST /policies/bindings/",
      "GET /policies/bindings/{policy_binding_uuid}/",
      "PUT /policies/bindings/{policy_binding_uuid}/",
      "DELETE /policies/bindings/{policy_binding_uuid}/",
      "POST /propertymappings/provider/scope/",
      "GET /propertymappings/provider/scope/{pm_uuid}/",
      "PUT /propertymappings/provider/scope/{pm_uuid}/",
      "DELETE /propertymappings/provider/scope/{pm_uuid}/",
      "GET /propertymappings/provider/scope/",
      "POST /core/groups/",
      "GET /core/groups/{group_uuid}/",
      "PUT /core/groups/{group_uuid}/",
      "DELETE /core/groups/{group_uuid}/",
      "GET /core/groups/",
      "GET /core/users/",
      "GET /core/users/{id}/",
      "GET /flows/instances/",
      "GET /crypto/certificatekeypairs/",
      "GET /crypto/certificatekeypairs/{kp_uuid}/view_certificate/",
      "GET /crypto/certificatekeypairs/{kp_uuid}/view_private_key/",
    ];
    expect(called.filter((operationKey) => !served.has(operationKey))).toEqual([]);
  });
});

describe("success answers conform to the schema's response models", () => {
  // policies/all/ departs from the schema on purpose; see the test below.
  const reads = API_ROUTES.filter((route) => route.method === "GET")
    .map((route) => route.template)
    .filter((template) => template !== "/policies/all/{policy_uuid}/");
  test.each(reads)("GET %s", async (template) => {
    const op = operation(doc, template, "GET")!;
    const reply = await api(emulator, "GET", fill(template));
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("application/json");
    const schema = responseSchema(doc, op, "200")!;
    expect(conformance(doc, reply.body, schema)).toEqual([]);
    if (resolve(doc, schema).properties?.results) {
      expect(reply.body.results.length).toBeGreaterThan(0);
    }
  });

  test.each([
    ["/core/groups/", "include_users=false&include_parents=true&include_children=true&include_inherited_roles=true"],
    [`/core/groups/{group_uuid}/`, "include_users=false"],
    ["/core/users/", "include_groups=false&include_roles=false"],
    ["/core/applications/", "superuser_full_list=true"],
    ["/providers/all/", "application__isnull=true"],
  ])("GET %s?%s (the other shape of the nullable fields)", async (template, query) => {
    const reply = await api(emulator, "GET", `${fill(template)}?${query}`);
    expect(reply.status).toBe(200);
    expect(conformance(doc, reply.body, responseSchema(doc, operation(doc, template, "GET")!, "200")!)).toEqual([]);
  });

  test("setup_urls of a provider no application uses conforms except where authentik itself departs", async () => {
    const created = await api(emulator, "POST", "/providers/oauth2/", {
      name: "unbound",
      authorization_flow: emulator.store.flowBySlug("default-provider-authorization-implicit-consent")!.pk,
      invalidation_flow: emulator.store.flowBySlug("default-provider-invalidation-flow")!.pk,
      redirect_uris: [],
    });
    const reply = await api(emulator, "GET", `/providers/oauth2/${created.body.pk}/setup_urls/`);
    const op = operation(doc, "/providers/oauth2/{id}/setup_urls/", "GET")!;
    // authentik answers 200 with nulls and without "jwks" until an application is bound (the generated Go
    // client rejects that body; terraform-provider-authentik #705 is this state).
    expect(conformance(doc, reply.body, responseSchema(doc, op, "200")!).sort()).toEqual([
      "$.issuer: null, but the schema does not allow null",
      "$.logout: null, but the schema does not allow null",
      "$.provider_info: null, but the schema does not allow null",
      '$: missing required "jwks"',
    ]);
  });

  test("policies/all/ answers with the policy's own serializer, as authentik does: expression beyond the schema", async () => {
    const reply = await api(emulator, "GET", `/policies/all/${setup.policyPk}/`);
    expect(reply.status).toBe(200);
    // PolicySerializer.to_representation resolves the subclass; drf-spectacular documents the base model only.
    const op = operation(doc, "/policies/all/{policy_uuid}/", "GET")!;
    expect(conformance(doc, reply.body, responseSchema(doc, op, "200")!)).toEqual([
      '$: "expression" is not in the schema',
    ]);
    const own = operation(doc, "/policies/expression/{policy_uuid}/", "GET")!;
    expect(conformance(doc, reply.body, responseSchema(doc, own, "200")!)).toEqual([]);
  });

  test("list endpoints take every query parameter the schema declares without failing", async () => {
    for (const route of API_ROUTES.filter((r) => r.method === "GET" && !r.template.includes("{"))) {
      const op = operation(doc, route.template, "GET")!;
      for (const parameter of parameters(doc, op)) {
        const type = parameter.schema?.type;
        const value = type === "boolean" ? "true" : type === "integer" ? "1" : "x";
        const reply = await api(emulator, "GET", `${route.template}?${parameter.name}=${value}`);
        // A choice filter given "x" answers django-filter's 400; anything else a page (maybe an empty one).
        expect([200, 400]).toContain(reply.status);
        const schema = responseSchema(doc, op, String(reply.status))!;
        expect(conformance(doc, reply.body, schema)).toEqual([]);
      }
    }
  });
});

describe("error answers conform to the schema's error models", () => {
  const validationError = { $ref: "#/components/schemas/ValidationError" };
  const genericError = { $ref: "#/components/schemas/GenericError" };

  test.each(API_ROUTES.map((r) => [r.method, r.template, r.auth] as const).filter(([, , auth]) => auth === "token"))(
    "%s %s without a token: 403 GenericError",
    async (method, template) => {
      const reply = await call(emulator, method, API_PREFIX + fill(template), method === "GET" ? undefined : {}, {
        token: null,
      });
      expect(reply.status).toBe(403);
      expect(responseSchema(doc, operation(doc, template, method)!, "403")).toEqual(genericError);
      expect(conformance(doc, reply.body, genericError)).toEqual([]);
    },
  );

  test.each(API_ROUTES.filter((r) => ["POST", "PUT"].includes(r.method)).map((r) => [r.method, r.template] as const))(
    "%s %s with an empty body: 400 ValidationError",
    async (method, template) => {
      const reply = await api(emulator, method, fill(template), {});
      expect(reply.status).toBe(400);
      expect(responseSchema(doc, operation(doc, template, method)!, "400")).toEqual(validationError);
      expect(conformance(doc, reply.body, validationError)).toEqual([]);
    },
  );

  test.each(API_ROUTES.filter((r) => r.template.includes("{")).map((r) => [r.method, r.template] as const))(
    "%s %s for an object that does not exist: 404 with a GenericError body",
    async (method, template) => {
      const missing = template.replace(/\{(\w+)\}/, (_, name: string) =>
        ["id"].includes(name) ? "987654" : name === "slug" ? "no-such-slug" : "00000000-0000-4000-8000-000000000000",
      );
      const reply = await api(emulator, method, missing, method === "GET" || method === "DELETE" ? undefined : {});
      expect(reply.status).toBe(404);
      expect(conformance(doc, reply.body, genericError)).toEqual([]);
      expect(reply.body.detail).toMatch(/^No \w+ matches the given query\.$/);
    },
  );
});
