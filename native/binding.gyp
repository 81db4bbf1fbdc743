# The native backend's N-API addon (runtime/kernels/native/). Built by native/install.mjs at
# `npm install`; `blas` is "openblas" (link the system OpenBLAS, cblas_sgemm) or "none" (the
# bundled blocked GEMM in src/gemm.cc). -fno-trapping-math (no code here reads FP exception flags)
# lets gcc if-convert, so vectorise, the clamps and selects in src/vmath.h's loops; -fno-math-errno
# lets it vectorise sqrt. `march` is the -march value: install.mjs passes "native" (the addon is
# built on the machine that runs it: AVX2/AVX-512 where the CPU has them) or ARCHC_NATIVE_MARCH,
# and retries with "" (the compiler's default target) when the compiler rejects it.
{
  "variables": { "blas%": "openblas", "march%": "" },
  "targets": [
    {
      "target_name": "archc_native",
      "sources": [
        "src/addon.cc",
        "src/gemm.cc",
        "src/elementwise.cc",
        "src/reduce.cc",
        "src/layout.cc",
        "src/optim.cc",
        "src/fused_attention.cc",
        "src/fused_xent.cc",
        "src/fused_norm.cc",
        "src/fused_act.cc",
        "src/fused_linear_act.cc"
      ],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-exceptions", "-fno-trapping-math", "-fno-math-errno"],
      "cflags_cc!": ["-fno-rtti"],
      "conditions": [
        [
          "blas=='openblas'",
          { "defines": ["ARCHC_OPENBLAS"], "libraries": ["-lopenblas"] }
        ],
        ["march!=''", { "cflags_cc": ["-march=<(march)"] }]
      ]
    }
  ]
}
