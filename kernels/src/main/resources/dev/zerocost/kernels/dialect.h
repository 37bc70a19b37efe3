/*
 * The kernel dialect: a few macros so that the kernel sources in this folder are written once
 * and compile as OpenCL C 1.2 now and as CUDA C++ later. The host loader replaces the line
 * #include "dialect.h" of each source with this file, then compiles with these definitions:
 *
 *   T      the element type of the buffers (float, double or i64)
 *   T_INT  1 when T is i64 (stores then convert with Java's (long) cast rules)
 *   S      the source element type (cast kernel only)
 *   ACC    the accumulation type: double where the device has fp64, else float
 *   HAS_FP64  1 where the device has cl_khr_fp64
 *
 * Every kernel takes its element count and returns early past it, so launches may round up.
 * Helper functions are declared DEVICE_FN (inline in OpenCL, __device__ inline in CUDA), and only
 * dimension 0 of GLOBAL_ID exists in CUDA (1-d launches over blockIdx.x, threadIdx.x).
 *
 * a * b + c must round twice, as the CPU reference does, never fused into one multiply-add:
 * OpenCL gets "#pragma OPENCL FP_CONTRACT OFF" below; CUDA has no such pragma, so every CUDA
 * compilation of these sources MUST pass -fmad=false (nvcc) or --fmad=false (NVRTC).
 *
 * With nvcc, give T, S, ACC, T_INT and HAS_FP64 as #define lines at the top of the source, not
 * as -D flags: nvcc includes cuda_runtime.h before the source, and its templates use the
 * parameter names T and S, which -DT=float would rewrite (NVRTC includes no such header).
 */
#ifdef __OPENCL_VERSION__

#if HAS_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
/* a * b + c must round twice, as the CPU reference does: no fused multiply-add */
#pragma OPENCL FP_CONTRACT OFF

#define KERNEL __kernel
#define GLOBAL __global
#define GLOBAL_ID(i) ((i64) get_global_id(i))
#define LOCAL __local
#define LOCAL_BARRIER() barrier(CLK_LOCAL_MEM_FENCE)
typedef long i64;
typedef int i32;
/* Java's (long) of a floating value: toward zero, NaN to 0, saturating */
#define JAVA_LONG(v) convert_long_sat_rtz(v)
#define IS_SIGN_NEGATIVE(v) signbit(v)
#define DEVICE_FN inline

#else /* CUDA C++, compiled by nvcc or NVRTC with -fmad=false (see above) */

#define KERNEL extern "C" __global__
#define GLOBAL
#define GLOBAL_ID(i) ((i64) blockIdx.x * blockDim.x + threadIdx.x)
#define LOCAL __shared__
#define LOCAL_BARRIER() __syncthreads()
typedef long long i64;
typedef int i32;
static_assert(sizeof(i64) == 8, "i64 is 64-bit, as OpenCL's long");
__device__ inline i64 java_long(double v) {
    return v != v ? 0 : v >= 9.2233720368547758e18 ? 0x7fffffffffffffffLL
            : v <= -9.2233720368547758e18 ? (i64) 0x8000000000000000ULL : (i64) v;
}
#define JAVA_LONG(v) java_long(v)
#define IS_SIGN_NEGATIVE(v) signbit(v)
#define DEVICE_FN __device__ inline
/* OpenCL C defines these; nvcc gets them from math.h, NVRTC has no math.h */
#ifndef NAN
#define NAN __int_as_float(0x7fc00000)
#endif
#ifndef INFINITY
#define INFINITY __int_as_float(0x7f800000)
#endif

#endif

/* the value v (of type ACC or S) rounded to T as the reference backend's store does */
#if T_INT
#define TO_T(v) JAVA_LONG(v)
#else
#define TO_T(v) ((T) (v))
#endif
