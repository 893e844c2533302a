// A DRF ModelViewSet in miniature: list (filters, search, ordering, pagination), create, retrieve, update (PUT),
// partial_update (PATCH) and destroy over one store table, driven by a per-resource spec.
import {
  type ApiRequest,
  type ApiResponse,
  type Handler,
  json,
  noContent,
  notFound,
  parseJsonBody,
} from "./http-types";
import { order, paginate, search } from "./pagination";
import type { Store } from "./store";
import { type Context, type ErrorDetail, type FieldSpec, validateBody } from "./validation";

export interface ResourceSpec<Row extends object> {
  /** The model's class name, as get_object_or_404's message shows it. */
  model: string;
  rows: (store: Store) => Row[];
  /** The object a path parameter names (DRF's lookup_field), if any. */
  lookup: (store: Store, param: string) => Row | undefined;
  serialize: (row: Row, request: ApiRequest) => unknown;
  /** django-filter: narrows the rows, or answers 400 for a bad filter value. */
  filter?: (rows: Row[], request: ApiRequest) => Row[] | ApiResponse;
  searchFields?: ((row: Row) => string)[];
  ordering: string[];
  /** Writable fields in serializer order; a read-only viewset has none. */
  fields?: readonly FieldSpec[];
  /** Serializer.validate(): sees only the validated input; returns non_field_errors or a field->error map. */
  validateObject?: (values: Record<string, unknown>, ctx: Context) => string | Record<string, ErrorDetail> | undefined;
  /** Creates and stores the row from validated values (model defaults already filled in). */
  insert?: (values: Record<string, unknown>, store: Store) => Row;
  /** Applies validated values to a stored row; Object.assign when unset. */
  apply?: (row: Row, values: Record<string, unknown>, store: Store) => void;
  /** Deletes the row and what cascades from it. */
  remove?: (row: Row, store: Store) => void;
}

function validationError(errors: string | Record<string, ErrorDetail>): ApiResponse {
  return json(400, typeof errors === "string" ? { non_field_errors: [errors] } : errors);
}

function validate<Row extends object>(
  spec: ResourceSpec<Row>,
  request: ApiRequest,
  partial: boolean,
  existing?: Row,
): { values: Record<string, unknown> } | { error: ApiResponse } {
  const parsed = parseJsonBody(request);
  if ("error" in parsed) return { error: parsed.error };
  const ctx: Context = { store: request.store, partial, existing: existing as Record<string, unknown> | undefined };
  const result = validateBody(spec.fields ?? [], parsed.body, ctx);
  if ("errors" in result) return { error: validationError(result.errors) };
  const objectErrors = spec.validateObject?.(result.values, ctx);
  if (objectErrors) return { error: validationError(objectErrors) };
  return { values: result.values };
}

export interface ResourceHandlers {
  list: Handler;
  create: Handler;
  retrieve: Handler;
  update: Handler;
  partialUpdate: Handler;
  destroy: Handler;
}

/** The six ModelViewSet actions for a spec; `param` names the path parameter of the detail routes. */
export function resourceHandlers<Row extends object>(spec: ResourceSpec<Row>, param: string): ResourceHandlers {
  const find = (request: ApiRequest): Row | undefined => spec.lookup(request.store, request.params[param]);
  const write = (request: ApiRequest, partial: boolean): ApiResponse => {
    const row = find(request);
    if (!row) return notFound(spec.model);
    const result = validate(spec, request, partial, row);
    if ("error" in result) return result.error;
    if (spec.apply) spec.apply(row, result.values, request.store);
    else Object.assign(row, result.values);
    return json(200, spec.serialize(row, request));
  };
  return {
    list: (request) => {
      let rows = spec.rows(request.store);
      if (spec.filter) {
        const filtered = spec.filter(rows, request);
        if (!Array.isArray(filtered)) return filtered;
        rows = filtered;
      }
      rows = search(rows, request.query.get("search"), spec.searchFields ?? []);
      rows = order(rows, request.query.get("ordering"), spec.ordering);
      return paginate(
        rows.map((row) => spec.serialize(row, request)),
        request.query,
      );
    },
    create: (request) => {
      const result = validate(spec, request, false);
      if ("error" in result) return result.error;
      const row = spec.insert!(result.values, request.store);
      return json(201, spec.serialize(row, request));
    },
    retrieve: (request) => {
      const row = find(request);
      return row ? json(200, spec.serialize(row, request)) : notFound(spec.model);
    },
    update: (request) => write(request, false),
    partialUpdate: (request) => write(request, true),
    destroy: (request) => {
      const row = find(request);
      if (!row) return notFound(spec.model);
      spec.remove!(row, request.store);
      return noContent();
    },
  };
}
