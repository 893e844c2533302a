// Pins the authentik emulator's request handling (a stand-in) to schema.yml's ...Request models, with the
// cases generated from the schema: POST/PUT demand exactly the required fields, PATCH demands none; every
// request property is accepted and read back as written; values the schema rules out get DRF's message; and
// read-only response fields sent as input change nothing.
import { API_ROUTES, type AuthentikEmulator, startAuthentikEmulator } from "./support/authentik-emulator";
import {
  conformance,
  loadSchema,
  modelName,
  operation,
  requestSchema,
  resolve,
  responseSchema,
} from "./support/authentik-emulator/openapi";
import { type SampleContext, invalidValues, sampleBody } from "./support/authentik-emulator/schema-samples";
import { type HandMadeSetup, api, handMadeSetup } from "./support/authentik-emulator/test-client";

const doc = loadSchema();
let emulator: AuthentikEmulator;
let setup: HandMadeSetup;

beforeAll(async () => {
  emulator = await startAuthentikEmulator();
  setup = await handMadeSetup(emulator);
});
afterAll(() => emulator?.stop());
afterEach(() => expect(emulator.internalErrors).toEqual([]));

/** The writable collections: POST on the list path, PUT/PATCH/DELETE on the detail path. */
const WRITABLE = API_ROUTES.filter((route) => route.method === "POST").map((route) => {
  const detail = API_ROUTES.find((r) => r.method === "PUT" && r.template.startsWith(route.template))!.template;
  return { list: route.template, detail };
});

let variant = 0;
/** A fresh provider for every sample, since an application's provider is one-to-one. */
async function sampleContext(): Promise<SampleContext> {
  variant += 1;
  const flow = (slug: string) => emulator.store.flowBySlug(slug)!.pk;
  const provider = await api(emulator, "POST", "/providers/oauth2/", {
    name: `free-${variant}`,
    authorization_flow: flow("default-provider-authorization-implicit-consent"),
    invalidation_flow: flow("default-provider-invalidation-flow"),
    redirect_uris: [],
  });
  return { emulator, setup, variant, freeProviderPk: provider.body.pk };
}

const requestModel = (template: string, method: string): string =>
  modelName(requestSchema(operation(doc, template, method)!)!)!;

/** Where the created object lives: its lookup field's value in the detail path. */
function detailPath(detail: string, created: Record<string, unknown>): string {
  return detail.replace(/\{(\w+)\}/, (_, name: string) => String(name === "slug" ? created.slug : created.pk));
}

/** What a written value reads back as: ids normalised, redirect URI entries with their defaulted type. */
function expectEcho(sent: Record<string, unknown>, got: Record<string, unknown>, responseModel: string): void {
  const properties = resolve(doc, doc.components.schemas[responseModel]).properties ?? {};
  for (const [field, value] of Object.entries(sent)) {
    if (!(field in properties) || properties[field].readOnly) continue;
    expect({ field, value: got[field] }).toEqual({ field, value });
  }
}

describe.each(WRITABLE)("$list", ({ list, detail }) => {
  const createModel = requestModel(list, "POST");
  const required = [...(doc.components.schemas[createModel].required ?? [])].sort();
  const responseModel = () => modelName(responseSchema(doc, operation(doc, list, "POST")!, "201")!)!;

  test(`POST {} names exactly the required fields of ${createModel}`, async () => {
    const reply = await api(emulator, "POST", list, {});
    expect(reply.status).toBe(400);
    expect(Object.keys(reply.body).sort()).toEqual(required);
    for (const field of required) expect(reply.body[field]).toEqual(["This field is required."]);
  });

  test("a body with only the required fields creates the object; the server fills in the rest", async () => {
    const full = sampleBody(doc, createModel, await sampleContext());
    const minimal = Object.fromEntries(required.map((field) => [field, full[field]]));
    if (createModel === "PolicyBindingRequest") minimal.group = full.group;
    const reply = await api(emulator, "POST", list, minimal);
    expect(reply.status).toBe(201);
    expect(conformance(doc, reply.body, { $ref: `#/components/schemas/${responseModel()}` })).toEqual([]);
    const read = await api(emulator, "GET", detailPath(detail, reply.body));
    expect(read.body).toEqual(reply.body);
  });

  test("every request property is accepted on create, PUT and PATCH and reads back as written", async () => {
    const sent = sampleBody(doc, createModel, await sampleContext());
    const created = await api(emulator, "POST", list, sent);
    expect(created.status).toBe(201);
    expectEcho(sent, created.body, responseModel());
    const path = detailPath(detail, created.body);
    expect((await api(emulator, "GET", path)).body).toEqual(created.body);

    const replaced = sampleBody(doc, requestModel(detail, "PUT"), await sampleContext());
    const put = await api(emulator, "PUT", path, replaced);
    expect(put.status).toBe(200);
    expectEcho(replaced, put.body, responseModel());
    const after = detailPath(detail, put.body);
    expect((await api(emulator, "GET", after)).body).toEqual(put.body);

    const patchModel = requestModel(detail, "PATCH");
    expect(doc.components.schemas[patchModel].required ?? []).toEqual([]);
    const patch = sampleBody(doc, patchModel, await sampleContext());
    for (const [field, value] of Object.entries(patch)) {
      const body = createModel === "PolicyBindingRequest" ? { [field]: value, group: patch.group } : { [field]: value };
      if (createModel === "PolicyBindingRequest" && ["policy", "user"].includes(field)) continue;
      const reply = await api(emulator, "PATCH", detailPath(detail, (await api(emulator, "GET", after)).body), body);
      if (reply.status !== 200) console.log(JSON.stringify({ field, body, reply: reply.body }));
      expect({ field, status: reply.status }).toEqual({ field, status: 200 });
      expectEcho(body, reply.body, responseModel());
      if (field === "slug") await api(emulator, "PATCH", detailPath(detail, reply.body), { slug: put.body.slug });
    }

    const deleted = await api(emulator, "DELETE", after);
    expect(deleted.status).toBe(204);
    expect(Object.keys(operation(doc, detail, "DELETE")!.responses)).toContain("204");
    expect((await api(emulator, "GET", after)).status).toBe(404);
  });

  test("PUT {} names exactly the required fields; PATCH {} requires nothing", async () => {
    const created = await api(emulator, "POST", list, sampleBody(doc, createModel, await sampleContext()));
    const path = detailPath(detail, created.body);
    const put = await api(emulator, "PUT", path, {});
    expect(put.status).toBe(400);
    expect(Object.keys(put.body).sort()).toEqual(
      [...(doc.components.schemas[requestModel(detail, "PUT")].required ?? [])].sort(),
    );
    const patch = await api(emulator, "PATCH", path, {});
    expect(JSON.stringify(patch.body)).not.toContain("This field is required.");
    // PolicyBindingSerializer.validate only sees the fields sent, so an empty PATCH fails its one-of rule.
    if (createModel === "PolicyBindingRequest") {
      expect(patch.body).toEqual({ non_field_errors: ["One of 'policy', 'group' or 'user' must be set."] });
    } else expect(patch.status).toBe(200);
  });

  test("values the schema rules out are refused with DRF's message for that rule", async () => {
    const valid = sampleBody(doc, createModel, await sampleContext());
    const properties = doc.components.schemas[createModel].properties ?? {};
    const cases = Object.entries(properties).flatMap(([field, schema]) =>
      invalidValues(doc, schema).map(([value, message]) => ({ field, value, message })),
    );
    expect(cases.length).toBeGreaterThan(3);
    for (const { field, value, message } of cases) {
      const reply = await api(emulator, "POST", list, { ...valid, [field]: value });
      const messages = JSON.stringify(reply.body?.[field] ?? null).match(/"[^"\\]*(?:\\.[^"\\]*)*"/g) ?? [];
      const texts = messages.map((m) => JSON.parse(m) as string);
      expect({ field, value, status: reply.status, matched: texts.some((t) => message.test(t)), texts }).toMatchObject({
        field,
        status: 400,
        matched: true,
      });
    }
  });

  test("read-only response fields sent as input are ignored", async () => {
    const model = doc.components.schemas[responseModel()];
    const bogus: Record<string, unknown> = {};
    for (const [field, schema] of Object.entries(model.properties ?? {})) {
      if (!schema.readOnly) continue;
      const s = resolve(doc, schema);
      bogus[field] =
        s.type === "integer"
          ? 987654
          : s.format === "uuid"
            ? "00000000-0000-4000-8000-000000000000"
            : s.type === "string"
              ? "bogus"
              : s.type === "array"
                ? []
                : null;
    }
    expect(Object.keys(bogus).length).toBeGreaterThan(0);
    const created = await api(emulator, "POST", list, {
      ...sampleBody(doc, createModel, await sampleContext()),
      ...bogus,
    });
    expect(created.status).toBe(201);
    for (const [field, value] of Object.entries(bogus)) {
      if (value === null || (Array.isArray(value) && value.length === 0)) continue;
      expect({ field, value: created.body[field] }).not.toEqual({ field, value });
    }
  });
});
