// Argument helpers for the addon's N-API functions: typed-array pointers, numbers, and the thrown
// error for a wrong call. Every exported function takes its tensors as typed arrays (views of the
// tfjs cpu backend's storage, never copied) and plain numbers for shapes and options.
#pragma once
#include <node_api.h>
#include <cstddef>
#include <cstdint>

namespace archc {

struct Args {
  napi_env env;
  size_t argc = 16;
  napi_value argv[16];
  bool ok = true;

  Args(napi_env e, napi_callback_info info) : env(e) {
    napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  }

  /** The data pointer (offset applied) and element count of argument i, a typed array. */
  void* array(size_t i, size_t* length = nullptr) {
    napi_typedarray_type type;
    size_t len = 0;
    void* data = nullptr;
    napi_value buf;
    size_t off = 0;
    if (!ok || i >= argc ||
        napi_get_typedarray_info(env, argv[i], &type, &len, &data, &buf, &off) != napi_ok) {
      fail("expected a typed array");
      return nullptr;
    }
    if (length != nullptr) *length = len;
    return data;
  }

  float* f32(size_t i, size_t* length = nullptr) { return static_cast<float*>(array(i, length)); }
  int32_t* i32(size_t i, size_t* length = nullptr) {
    return static_cast<int32_t*>(array(i, length));
  }

  int64_t integer(size_t i) {
    int64_t v = 0;
    if (!ok || i >= argc || napi_get_value_int64(env, argv[i], &v) != napi_ok)
      fail("expected a number");
    return v;
  }

  double number(size_t i) {
    double v = 0;
    if (!ok || i >= argc || napi_get_value_double(env, argv[i], &v) != napi_ok)
      fail("expected a number");
    return v;
  }

  void fail(const char* msg) {
    if (ok) napi_throw_type_error(env, nullptr, msg);
    ok = false;
  }

  /** The JS return value: a number (0 = done, nonzero = declined, the caller falls back). */
  napi_value result(int32_t code) {
    napi_value v;
    napi_create_int32(env, ok ? code : -1, &v);
    return v;
  }
};

}  // namespace archc
