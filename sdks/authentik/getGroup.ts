import * as pulumi from "@pulumi/pulumi";
import * as outputs from "./types/output";
import * as utilities from "./utilities";

export function getGroup(args?: GetGroupArgs, opts?: pulumi.InvokeOptions): Promise<GetGroupResult> {
  args = args || {};
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invoke(
    "authentik:index/getGroup:getGroup",
    {
      id: args.id,
      includeUsers: args.includeUsers,
      name: args.name,
      pk: args.pk,
    },
    opts,
    utilities.getPackage(),
  );
}

/**
 * A collection of arguments for invoking getGroup.
 */
export interface GetGroupArgs {
  id?: string;
  /**
   * Whether to include group members. Note that depending on group size, this can make the query take a lot longer. Defaults to `true`.
   */
  includeUsers?: boolean;
  name?: string;
  pk?: string;
}

/**
 * A collection of values returned by getGroup.
 */
export interface GetGroupResult {
  readonly attributes: string;
  readonly id: string;
  readonly includeUsers?: boolean;
  readonly isSuperuser: boolean;
  readonly name?: string;
  readonly numPk: number;
  readonly parentName: string;
  readonly parents: string[];
  readonly pk?: string;
  readonly users: number[];
  readonly usersObjs: outputs.GetGroupUsersObj[];
}

export function getGroupOutput(
  args?: GetGroupOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetGroupResult> {
  args = args || {};
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invokeOutput(
    "authentik:index/getGroup:getGroup",
    {
      id: args.id,
      includeUsers: args.includeUsers,
      name: args.name,
      pk: args.pk,
    },
    opts,
    utilities.getPackage(),
  );
}

/**
 * A collection of arguments for invoking getGroup.
 */
export interface GetGroupOutputArgs {
  id?: pulumi.Input<string>;
  /**
   * Whether to include group members. Note that depending on group size, this can make the query take a lot longer. Defaults to `true`.
   */
  includeUsers?: pulumi.Input<boolean>;
  name?: pulumi.Input<string>;
  pk?: pulumi.Input<string>;
}
