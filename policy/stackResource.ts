// The part of a stack resource the stack policies read. PolicyResource fits it, and so do hand-built records.

export interface StackResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  /** The provider resource this resource uses, when the engine reports it. */
  provider?: { type: string; props: Record<string, unknown> };
  /** Resources each input depends on; the engine fills this, hand-built records usually do not. */
  propertyDependencies?: Record<string, readonly { urn: string }[]>;
}

export function ofType<R extends StackResource>(resources: readonly R[], type: string): R[] {
  return resources.filter((resource) => resource.type === type);
}
