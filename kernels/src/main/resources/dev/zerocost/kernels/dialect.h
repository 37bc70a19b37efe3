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

#else /* CUDA, compiled by NVRTC as C++ */

#define KERNEL extern "C" __global__
#define GLOBAL
#define GLOBAL_ID(i) ((i64) blockIdx.x * blockDim.x + threadIdx.x)
#define LOCAL __shared__
#define LOCAL_BARRIER() __syncthreads()
typedef long long i64;
typedef int i32;
__device__ inline i64 java_long(double v) {
    return v != v ? 0 : v >= 9.2233720368547758e18 ? 0x7fffffffffffffffLL
            : v <= -9.2233720368547758e18 ? (i64) 0x8000000000000000ULL : (i64) v;
}
#define JAVA_LONG(v) java_long(v)
#define IS_SIGN_NEGATIVE(v) signbit(v)

#endif

/* the value v (of type ACC or S) rounded to T as the reference backend's store does */
#if T_INT
#define TO_T(v) JAVA_LONG(v)
#else
#define TO_T(v) ((T) (v))
#endif
