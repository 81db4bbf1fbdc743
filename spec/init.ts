// How a parameter is initialised: the vocabulary of the IR's ParamSpec.init and of the runtime's
// ParamInit.init (the generated program hands the one to the other unchanged).

export type InitSpec =
  | { readonly kind: "normal"; readonly std: number }
  | { readonly kind: "uniform"; readonly limit: number }
  | { readonly kind: "zeros" }
  | { readonly kind: "ones" }
  | { readonly kind: "xavierNormal"; readonly gain: number }
  /** A DWA weight vector [n]: 1 at the last entry, 0 elsewhere (identity at init). */
  | { readonly kind: "oneHotLast" };
