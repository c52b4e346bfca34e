// Shared by the kernels: exports and tiny helpers. No static data anywhere (see gemm.c).
#pragma once
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

typedef float f32;

