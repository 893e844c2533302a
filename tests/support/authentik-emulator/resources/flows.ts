// flows/instances/ (authentik/flows/api/flows.py), read side: list by slug/designation and retrieve by slug.
import type { ApiRequest } from "../http-types";
import { invalidChoice } from "../pagination";
import { type ResourceSpec, resourceHandlers } from "../resource";
import type { FlowRow } from "../types";

export const DESIGNATIONS = [
  "authentication",
  "authorization",
  "invalidation",
  "enrollment",
  "unenrollment",
  "recovery",
  "stage_configuration",
];
const DENIED_ACTIONS = ["message_continue", "message", "continue"];

export const serializeFlow = (flow: FlowRow, _request?: ApiRequest) => ({
  pk: flow.pk,
  policybindingmodel_ptr_id: flow.policybindingmodel_ptr_id,
  name: flow.name,
  slug: flow.slug,
  title: flow.title,
  designation: flow.designation,
  background: flow.background,
  background_url: "/static/dist/assets/images/flow_background.jpg",
  background_themed_urls: null,
  stages: [],
  policies: [],
  cache_count: 0,
  policy_engine_mode: flow.policy_engine_mode,
  compatibility_mode: flow.compatibility_mode,
  export_url: `/api/v3/flows/instances/${flow.slug}/export/`,
  layout: flow.layout,
  denied_action: flow.denied_action,
  authentication: flow.authentication,
});

export const flowSpec: ResourceSpec<FlowRow> = {
  model: "Flow",
  rows: (store) => [...store.flows.values()],
  lookup: (store, slug) => store.flowBySlug(slug),
  serialize: serializeFlow,
  filter: (rows, { query }) => {
    for (const [name, choices] of [
      ["designation", DESIGNATIONS],
      ["denied_action", DENIED_ACTIONS],
    ] as const) {
      const value = query.get(name);
      if (value && !choices.includes(value)) return invalidChoice(name, value);
    }
    return rows.filter(
      (flow) =>
        (["slug", "designation", "name", "denied_action"] as const).every(
          (field) => !query.get(field) || flow[field] === query.get(field),
        ) &&
        (!query.get("flow_uuid") || flow.pk === query.get("flow_uuid")),
    );
  },
  searchFields: [(f) => f.slug, (f) => f.name, (f) => f.title],
  ordering: ["slug"],
};

export const flowHandlers = resourceHandlers(flowSpec, "slug");
