// The fused kernels with their own gradients (fused_attention.cc, fused_xent.cc, fused_norm.cc,
// fused_act.cc): each N-API entry point takes typed arrays (views of the tfjs cpu backend's
// storage) and sizes, checks that every read and write stays in bounds, and returns 0 when done,
// nonzero for sizes it cannot take (runtime/kernels/native/fused-*.ts checks them first, so that
// is a bug, reported as an error). addon.cc registers them.
#pragma once
#include <node_api.h>

namespace archc {

/** attentionFwd(q, k, v, out, lse, blocks, R, T, S, dh, causal) */
napi_value AttentionFwd(napi_env env, napi_callback_info info);
/** attentionBwd(q, k, v, lse, dy, dq, dk, dv, blocks, R, T, S, dh, causal) */
napi_value AttentionBwd(napi_env env, napi_callback_info info);
/** attentionPackedFwd(qkv, out, lse, B, T, H, G, dh, causal, scale): the packed layout */
napi_value AttentionPackedFwd(napi_env env, napi_callback_info info);
/** attentionPackedBwd(qkv, lse, dy, dqkv, B, T, H, G, dh, causal, scale) */
napi_value AttentionPackedBwd(napi_env env, napi_callback_info info);

/** xentFwd(logits, targets, lse, loss) */
napi_value XentFwd(napi_env env, napi_callback_info info);
/** xentBwd(logits, targets, lse, dy, dlogits) */
napi_value XentBwd(napi_env env, napi_callback_info info);

/** normFwd(x, scale, bias (length 0: none), y, mean, rstd, eps, center) */
napi_value NormFwd(napi_env env, napi_callback_info info);
/** normBwd(x, scale, mean, rstd, dy, dx, dscale, dbias (length 0: none), center) */
napi_value NormBwd(napi_env env, napi_callback_info info);
/** addNormFwd(a, b, scale, bias (length 0: none), sum, y, mean, rstd, eps, center) */
napi_value AddNormFwd(napi_env env, napi_callback_info info);
/** addNormBwd(sum, scale, mean, rstd, dy, dsum (length 0: none), dx, dscale, dbias, center) */
napi_value AddNormBwd(napi_env env, napi_callback_info info);
/** actFwd(op, x, y) */
napi_value ActFwd(napi_env env, napi_callback_info info);
/** actBwd(op, x, dy, dx) */
napi_value ActBwd(napi_env env, napi_callback_info info);
/** biasActFwd(op, z (z += bias in place), bias (length 0: none), y, cols) */
napi_value BiasActFwd(napi_env env, napi_callback_info info);
/** biasActBwd(op, z, dy, dz, dbias (length 0: none), cols) */
napi_value BiasActBwd(napi_env env, napi_callback_info info);

}  // namespace archc
