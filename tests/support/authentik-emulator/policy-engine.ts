// authentik's PolicyEngine for the bindings this emulator can evaluate: group and user bindings. An expression
// policy is never run, so its binding counts as failed (failure_result, what authentik uses when a policy raises).
// No enabled binding means access; "any"/"all" combine the rest; negate flips one.
import type { Store } from "./store";

export function passes(store: Store, target: string, mode: "all" | "any", userPk: number): boolean {
  const bindings = [...store.bindings.values()].filter((binding) => binding.target === target && binding.enabled);
  if (bindings.length === 0) return true;
  const results = bindings.map((binding) => {
    let result: boolean;
    if (binding.group !== null) result = store.groups.get(binding.group)?.users.includes(userPk) ?? false;
    else if (binding.user !== null) result = binding.user === userPk;
    else result = binding.failure_result;
    return binding.negate ? !result : result;
  });
  return mode === "all" ? results.every(Boolean) : results.some(Boolean);
}
