// The resources and functions in this subset take no nested object inputs; the module exists so that
// `types.input` keeps the generated SDK's shape.
export {};
