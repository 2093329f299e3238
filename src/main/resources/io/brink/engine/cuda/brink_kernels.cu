// Brink's CUDA kernels: the element-wise passes of the engine's recurrent cells, dense head and batched vector
// algebra. Compiled at run time by NVRTC (io.brink.engine.cuda.KernelCompiler) once per precision, with
// -DBRINK_REAL=float or -DBRINK_REAL=double, to a cubin for the GPU's architecture, and cached; the matrix products
// are cuBLAS calls made from Java. Layouts and formulas are those of the CPU kernels (io.brink.engine.cpu):
// time-major caches, index (t * rows + r) * width + k; a row map names the primal (forward) row of each
// reverse or tangent row, 0 meaning the identity. Every kernel is a grid-stride loop over its elements.
//
// No includes: NVRTC compiles this without the CUDA headers.

typedef BRINK_REAL real;

#define LOOP(i, n) for (long i = (long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (long) blockDim.x * gridDim.x)

__device__ __forceinline__ double dexp(double x) { return exp(x); }
__device__ __forceinline__ float dexp(float x) { return expf(x); }
__device__ __forceinline__ double dtanh(double x) { return tanh(x); }
__device__ __forceinline__ float dtanh(float x) { return tanhf(x); }
__device__ __forceinline__ real sigm(real x) { return (real) 1 / ((real) 1 + dexp(-x)); }
__device__ __forceinline__ int primal(const int* map, int r) { return map ? map[r] : r; }

// ---------------------------------------------------------------------------------------------------------------
// Layout and batched vector algebra (Device). Blocks are batch-first: row r of width w at r * w.

// Batch-first rows x (rows × steps × d) to time-major (steps × rows × d).
extern "C" __global__ void to_time_major(const real* src, real* dst, int rows, int steps, int d) {
    long n = (long) rows * steps * d;
    LOOP(i, n) {
        int k = (int) (i % d);
        long rest = i / d;
        int t = (int) (rest % steps);
        int r = (int) (rest / steps);
        dst[((long) t * rows + r) * d + k] = src[i];
    }
}

// Time-major (steps × rows × d) to batch-first rows, written at dst (rows × steps × d); accumulate adds into dst.
extern "C" __global__ void to_batch_first(const real* src, real* dst, int rows, int steps, int d, int accumulate) {
    long n = (long) rows * steps * d;
    LOOP(i, n) {
        int k = (int) (i % d);
        long rest = i / d;
        int t = (int) (rest % steps);
        int r = (int) (rest / steps);
        real v = src[((long) t * rows + r) * d + k];
        dst[i] = accumulate ? dst[i] + v : v;
    }
}

// One thread block per output row: out[i] = a[ra[i]] · b[rb[i]], accumulated in double. blockDim.x must be 256.
extern "C" __global__ void row_dot(const real* a, const int* ra, const real* b, const int* rb, int width, int n,
                                   double* out) {
    __shared__ double part[256];
    for (int i = blockIdx.x; i < n; i += gridDim.x) {
        const real* x = a + (long) ra[i] * width;
        const real* y = b + (long) rb[i] * width;
        double s = 0;
        for (int k = threadIdx.x; k < width; k += blockDim.x) {
            s += (double) x[k] * (double) y[k];
        }
        part[threadIdx.x] = s;
        __syncthreads();
        for (int half = blockDim.x / 2; half > 0; half >>= 1) {
            if (threadIdx.x < half) {
                part[threadIdx.x] += part[threadIdx.x + half];
            }
            __syncthreads();
        }
        if (threadIdx.x == 0) {
            out[i] = part[0];
        }
        __syncthreads();
    }
}

// y[ry[i]] += alpha[i] · x[rx[i]]
extern "C" __global__ void row_axpy(const double* alpha, const real* x, const int* rx, real* y, const int* ry,
                                    int width, int n) {
    LOOP(e, (long) n * width) {
        int i = (int) (e / width), k = (int) (e % width);
        y[(long) ry[i] * width + k] += (real) alpha[i] * x[(long) rx[i] * width + k];
    }
}

// x[rows[i]] *= factor[i] (divide != 0: x[rows[i]] /= factor[i])
extern "C" __global__ void row_scale(real* x, const int* rows, const double* factor, int width, int n, int divide) {
    LOOP(e, (long) n * width) {
        int i = (int) (e / width), k = (int) (e % width);
        long o = (long) rows[i] * width + k;
        x[o] = divide ? x[o] / (real) factor[i] : x[o] * (real) factor[i];
    }
}

// dst[rd[i]] = src[rs[i]]
extern "C" __global__ void row_copy(const real* src, const int* rs, real* dst, const int* rd, int width, int n) {
    LOOP(e, (long) n * width) {
        int i = (int) (e / width), k = (int) (e % width);
        dst[(long) rd[i] * width + k] = src[(long) rs[i] * width + k];
    }
}

// out[i] = x[rx[i]] + scale[i] · d[rd[i]]
extern "C" __global__ void row_shifted(const real* x, const int* rx, const real* d, const int* rd,
                                       const double* scale, real* out, int width, int n) {
    LOOP(e, (long) n * width) {
        int i = (int) (e / width), k = (int) (e % width);
        out[e] = x[(long) rx[i] * width + k] + (real) scale[i] * d[(long) rd[i] * width + k];
    }
}

// y[i] += x[i]
extern "C" __global__ void add_into(real* y, const real* x, long n) {
    LOOP(i, n) { y[i] += x[i]; }
}

// Inverted dropout: y[i] = x[i] · mask[i] / (1 − rate), mask 0 or 1 drawn on the host.
extern "C" __global__ void dropout_apply(const real* x, const unsigned char* mask, real* y, double keepScale, long n) {
    LOOP(i, n) { y[i] = mask[i] ? x[i] * (real) keepScale : (real) 0; }
}

// ---------------------------------------------------------------------------------------------------------------
// LSTM (PyTorch semantics: gates i, f, g, o; c' = f c + i g; h' = o tanh c'). act holds pre-activations on entry.

extern "C" __global__ void lstm_forward_step(real* act, real* c, real* tc, real* h, const real* bias, int t, int R,
                                             int H) {
    const int W = 4 * H;
    LOOP(e, (long) R * H) {
        int r = (int) (e / H), k = (int) (e % H);
        long g0 = ((long) t * R + r) * W, s0 = ((long) t * R + r) * H;
        real i = sigm(act[g0 + k] + bias[k]);
        real f = sigm(act[g0 + H + k] + bias[H + k]);
        real g = dtanh(act[g0 + 2 * H + k] + bias[2 * H + k]);
        real o = sigm(act[g0 + 3 * H + k] + bias[3 * H + k]);
        real cp = t > 0 ? c[((long) (t - 1) * R + r) * H + k] : (real) 0;
        real cc = f * cp + i * g;
        real tcc = dtanh(cc);
        act[g0 + k] = i;
        act[g0 + H + k] = f;
        act[g0 + 2 * H + k] = g;
        act[g0 + 3 * H + k] = o;
        c[s0 + k] = cc;
        tc[s0 + k] = tcc;
        h[s0 + k] = o * tcc;
    }
}

// rec: the recurrent adjoint W_hhᵀ-product of the step after (rb × H; zero at t = T−1); crec carried in place.
extern "C" __global__ void lstm_backward_step(const real* hbarExt, const real* rec, real* crec, const real* act,
                                              const real* c, const real* tc, real* zbar, real* hbarKept,
                                              real* cbarKept, const int* map, int keep, int t, int R, int rb, int H) {
    const int W = 4 * H;
    LOOP(e, (long) rb * H) {
        int r = (int) (e / H), k = (int) (e % H);
        int p = primal(map, r);
        long g0 = ((long) t * R + p) * W, s0 = ((long) t * R + p) * H;
        long e0 = ((long) t * rb + r) * H, z0 = ((long) t * rb + r) * W, q0 = (long) r * H;
        real i = act[g0 + k], f = act[g0 + H + k], g = act[g0 + 2 * H + k], o = act[g0 + 3 * H + k];
        real tcv = tc[s0 + k];
        real cp = t > 0 ? c[((long) (t - 1) * R + p) * H + k] : (real) 0;
        real hb = hbarExt[e0 + k] + rec[q0 + k];
        real cbt = crec[q0 + k] + hb * o * (1 - tcv * tcv);
        zbar[z0 + k] = cbt * g * i * (1 - i);
        zbar[z0 + H + k] = cbt * cp * f * (1 - f);
        zbar[z0 + 2 * H + k] = cbt * i * (1 - g * g);
        zbar[z0 + 3 * H + k] = hb * tcv * o * (1 - o);
        crec[q0 + k] = cbt * f;
        if (keep) {
            hbarKept[e0 + k] = hb;
            cbarKept[e0 + k] = cbt;
        }
    }
}

extern "C" __global__ void lstm_tangent_forward_step(real* dact, real* dc, real* hdot, const real* act, const real* c,
                                                     const real* tc, const int* map, int t, int R, int rt, int H) {
    const int W = 4 * H;
    LOOP(e, (long) rt * H) {
        int r = (int) (e / H), k = (int) (e % H);
        int p = primal(map, r);
        long g0 = ((long) t * R + p) * W, s0 = ((long) t * R + p) * H;
        long d0 = ((long) t * rt + r) * W, e0 = ((long) t * rt + r) * H;
        real i = act[g0 + k], f = act[g0 + H + k], g = act[g0 + 2 * H + k], o = act[g0 + 3 * H + k];
        real tcv = tc[s0 + k];
        real cp = t > 0 ? c[((long) (t - 1) * R + p) * H + k] : (real) 0;
        real dcp = t > 0 ? dc[((long) (t - 1) * rt + r) * H + k] : (real) 0;
        real di = i * (1 - i) * dact[d0 + k];
        real df = f * (1 - f) * dact[d0 + H + k];
        real dg = (1 - g * g) * dact[d0 + 2 * H + k];
        real dout = o * (1 - o) * dact[d0 + 3 * H + k];
        real dcc = df * cp + f * dcp + di * g + i * dg;
        real dtc = (1 - tcv * tcv) * dcc;
        dact[d0 + k] = di;
        dact[d0 + H + k] = df;
        dact[d0 + 2 * H + k] = dg;
        dact[d0 + 3 * H + k] = dout;
        dc[e0 + k] = dcc;
        hdot[e0 + k] = dout * tcv + o * dtc;
    }
}

extern "C" __global__ void lstm_tangent_backward_step(const real* hbarExtDot, const real* rec, real* crec,
                                                      const real* act, const real* c, const real* tc,
                                                      const real* dact, const real* dc, const real* hbarKept,
                                                      const real* cbarKept, real* zbar, const int* map, int t, int R,
                                                      int rt, int H) {
    const int W = 4 * H;
    LOOP(e, (long) rt * H) {
        int r = (int) (e / H), k = (int) (e % H);
        int p = primal(map, r);
        long g0 = ((long) t * R + p) * W, s0 = ((long) t * R + p) * H;
        long d0 = ((long) t * rt + r) * W, e0 = ((long) t * rt + r) * H, a0 = (long) r * H;
        real i = act[g0 + k], f = act[g0 + H + k], g = act[g0 + 2 * H + k], o = act[g0 + 3 * H + k];
        real tcv = tc[s0 + k];
        real cp = t > 0 ? c[((long) (t - 1) * R + p) * H + k] : (real) 0;
        real dcp = t > 0 ? dc[((long) (t - 1) * rt + r) * H + k] : (real) 0;
        real hb = hbarKept[s0 + k];
        real cbt = cbarKept[s0 + k];
        real di = dact[d0 + k], df = dact[d0 + H + k], dg = dact[d0 + 2 * H + k], dout = dact[d0 + 3 * H + k];
        real s = 1 - tcv * tcv;
        real dtc = s * dc[e0 + k];
        real hbd = hbarExtDot[e0 + k] + rec[a0 + k];
        real cbtd = crec[a0 + k] + hbd * o * s + hb * dout * s - 2 * hb * o * tcv * dtc;
        real ib = cbt * g, fb = cbt * cp, gb = cbt * i, ob = hb * tcv;
        real ibd = cbtd * g + cbt * dg;
        real fbd = cbtd * cp + cbt * dcp;
        real gbd = cbtd * i + cbt * di;
        real obd = hbd * tcv + hb * dtc;
        zbar[d0 + k] = ibd * i * (1 - i) + ib * (1 - 2 * i) * di;
        zbar[d0 + H + k] = fbd * f * (1 - f) + fb * (1 - 2 * f) * df;
        zbar[d0 + 2 * H + k] = gbd * (1 - g * g) - 2 * gb * g * dg;
        zbar[d0 + 3 * H + k] = obd * o * (1 - o) + ob * (1 - 2 * o) * dout;
        crec[a0 + k] = cbtd * f + cbt * df;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// GRU (PyTorch semantics: r, z, n; n = tanh(a_n + r (W_hn h + b_hn)); h' = (1 − z) n + z h). ax: input projections
// (T × R × 3H, without bias); bh: this step's recurrent products (R × 3H, without bias; ignored at t = 0).
// cache: r, z, n, b_n per step (T × R × 4H).

extern "C" __global__ void gru_forward_step(const real* ax, const real* bh, const real* biasIh, const real* biasHh,
                                            real* cache, real* h, int t, int R, int H) {
    const int W = 3 * H;
    LOOP(e, (long) R * H) {
        int r = (int) (e / H), k = (int) (e % H);
        long a0 = ((long) t * R + r) * W, b0 = (long) r * W, c0 = ((long) t * R + r) * 4 * H;
        long s0 = ((long) t * R + r) * H;
        real bR = (t > 0 ? bh[b0 + k] : (real) 0) + biasHh[k];
        real bZ = (t > 0 ? bh[b0 + H + k] : (real) 0) + biasHh[H + k];
        real bN = (t > 0 ? bh[b0 + 2 * H + k] : (real) 0) + biasHh[2 * H + k];
        real rr = sigm(ax[a0 + k] + biasIh[k] + bR);
        real z = sigm(ax[a0 + H + k] + biasIh[H + k] + bZ);
        real n = dtanh(ax[a0 + 2 * H + k] + biasIh[2 * H + k] + rr * bN);
        real hp = t > 0 ? h[((long) (t - 1) * R + r) * H + k] : (real) 0;
        cache[c0 + k] = rr;
        cache[c0 + H + k] = z;
        cache[c0 + 2 * H + k] = n;
        cache[c0 + 3 * H + k] = bN;
        h[s0 + k] = (1 - z) * n + z * hp;
    }
}

// rec: the carried adjoint of h from the step after (rb × H: W_hhᵀ product plus the direct term; zero at T−1).
extern "C" __global__ void gru_backward_step(const real* hbarExt, const real* rec, const real* cache, const real* h,
                                             real* abar, real* bbar, real* direct, real* hbarKept, const int* map,
                                             int keep, int t, int R, int rb, int H) {
    const int W = 3 * H;
    LOOP(e, (long) rb * H) {
        int r = (int) (e / H), k = (int) (e % H);
        int p = primal(map, r);
        long c0 = ((long) t * R + p) * 4 * H, e0 = ((long) t * rb + r) * H, a0 = ((long) t * rb + r) * W;
        long b0 = (long) r * W, q0 = (long) r * H;
        real rr = cache[c0 + k], z = cache[c0 + H + k], n = cache[c0 + 2 * H + k], bN = cache[c0 + 3 * H + k];
        real hp = t > 0 ? h[((long) (t - 1) * R + p) * H + k] : (real) 0;
        real hb = hbarExt[e0 + k] + rec[q0 + k];
        real nb = hb * (1 - z);
        real zb = hb * (hp - n);
        real an = nb * (1 - n * n);
        real rb2 = an * bN;
        real ar = rb2 * rr * (1 - rr);
        real az = zb * z * (1 - z);
        abar[a0 + k] = ar;
        abar[a0 + H + k] = az;
        abar[a0 + 2 * H + k] = an;
        bbar[b0 + k] = ar;
        bbar[b0 + H + k] = az;
        bbar[b0 + 2 * H + k] = an * rr;
        direct[q0 + k] = hb * z;
        if (keep) {
            hbarKept[e0 + k] = hb;
        }
    }
}

// dax: input-projection tangents (T × rt × 3H); bh: this step's recurrent tangent products (rt × 3H).
extern "C" __global__ void gru_tangent_forward_step(const real* dax, const real* bh, const real* cache, const real* h,
                                                    real* dcache, real* hdot, const int* map, int t, int R, int rt,
                                                    int H) {
    const int W = 3 * H;
    LOOP(e, (long) rt * H) {
        int r = (int) (e / H), k = (int) (e % H);
        int p = primal(map, r);
        long c0 = ((long) t * R + p) * 4 * H, a0 = ((long) t * rt + r) * W, b0 = (long) r * W;
        long d0 = ((long) t * rt + r) * 4 * H, e0 = ((long) t * rt + r) * H;
        real rr = cache[c0 + k], z = cache[c0 + H + k], n = cache[c0 + 2 * H + k], bN = cache[c0 + 3 * H + k];
        real hp = t > 0 ? h[((long) (t - 1) * R + p) * H + k] : (real) 0;
        real dhp = t > 0 ? hdot[((long) (t - 1) * rt + r) * H + k] : (real) 0;
        real dbR = t > 0 ? bh[b0 + k] : (real) 0;
        real dbZ = t > 0 ? bh[b0 + H + k] : (real) 0;
        real dbN = t > 0 ? bh[b0 + 2 * H + k] : (real) 0;
        real dr = rr * (1 - rr) * (dax[a0 + k] + dbR);
        real dz = z * (1 - z) * (dax[a0 + H + k] + dbZ);
        real dn = (1 - n * n) * (dax[a0 + 2 * H + k] + dr * bN + rr * dbN);
        dcache[d0 + k] = dr;
        dcache[d0 + H + k] = dz;
        dcache[d0 + 2 * H + k] = dn;
        dcache[d0 + 3 * H + k] = dbN;
        hdot[e0 + k] = -dz * n + (1 - z) * dn + dz * hp + z * dhp;
    }
}

extern "C" __global__ void gru_tangent_backward_step(const real* hbarExtDot, const real* rec, const real* cache,
                                                     const real* h, const real* dcache, const real* hdot,
                                                     const real* hbarKept, real* abar, real* bbar, real* direct,
                                                     const int* map, int t, int R, int rt, int H) {
    const int W = 3 * H;
    LOOP(e, (long) rt * H) {
        int r = (int) (e / H), k = (int) (e % H);
        int p = primal(map, r);
        long c0 = ((long) t * R + p) * 4 * H, s0 = ((long) t * R + p) * H, d0 = ((long) t * rt + r) * 4 * H;
        long e0 = ((long) t * rt + r) * H, a0 = ((long) t * rt + r) * W, b0 = (long) r * W, o0 = (long) r * H;
        real rr = cache[c0 + k], z = cache[c0 + H + k], n = cache[c0 + 2 * H + k], bN = cache[c0 + 3 * H + k];
        real dr = dcache[d0 + k], dz = dcache[d0 + H + k], dn = dcache[d0 + 2 * H + k], dbN = dcache[d0 + 3 * H + k];
        real hp = t > 0 ? h[((long) (t - 1) * R + p) * H + k] : (real) 0;
        real dhp = t > 0 ? hdot[((long) (t - 1) * rt + r) * H + k] : (real) 0;
        real hb = hbarKept[s0 + k];
        real hbd = hbarExtDot[e0 + k] + rec[o0 + k];
        real nb = hb * (1 - z);
        real zb = hb * (hp - n);
        real an = nb * (1 - n * n);
        real rb2 = an * bN;
        real nbd = hbd * (1 - z) - hb * dz;
        real zbd = hbd * (hp - n) + hb * (dhp - dn);
        real and_ = nbd * (1 - n * n) - 2 * nb * n * dn;
        real rbd = and_ * bN + an * dbN;
        real ard = rbd * rr * (1 - rr) + rb2 * (1 - 2 * rr) * dr;
        real azd = zbd * z * (1 - z) + zb * (1 - 2 * z) * dz;
        abar[a0 + k] = ard;
        abar[a0 + H + k] = azd;
        abar[a0 + 2 * H + k] = and_;
        bbar[b0 + k] = ard;
        bbar[b0 + H + k] = azd;
        bbar[b0 + 2 * H + k] = and_ * rr + an * dr;
        direct[o0 + k] = hbd * z + hb * dz;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Elman RNN (tanh): h' = tanh(W_ih x + b_ih + W_hh h + b_hh). pre holds the step's pre-activations (T × R × H).

extern "C" __global__ void elman_forward_step(const real* pre, const real* bias, real* h, int t, int R, int H) {
    LOOP(e, (long) R * H) {
        long s0 = (long) t * R * H;
        h[s0 + e] = dtanh(pre[s0 + e] + bias[e % H]);
    }
}

extern "C" __global__ void elman_backward_step(const real* hbarExt, const real* rec, const real* h, real* abar,
                                               real* hbarKept, const int* map, int keep, int t, int R, int rb, int H) {
    LOOP(e, (long) rb * H) {
        int r = (int) (e / H), k = (int) (e % H);
        long s0 = ((long) t * R + primal(map, r)) * H, e0 = ((long) t * rb + r) * H;
        real hv = h[s0 + k];
        real hb = hbarExt[e0 + k] + rec[(long) r * H + k];
        abar[e0 + k] = hb * (1 - hv * hv);
        if (keep) {
            hbarKept[e0 + k] = hb;
        }
    }
}

extern "C" __global__ void elman_tangent_forward_step(const real* dpre, const real* h, real* hdot, const int* map,
                                                      int t, int R, int rt, int H) {
    LOOP(e, (long) rt * H) {
        int r = (int) (e / H), k = (int) (e % H);
        long s0 = ((long) t * R + primal(map, r)) * H, e0 = ((long) t * rt + r) * H;
        real hv = h[s0 + k];
        hdot[e0 + k] = (1 - hv * hv) * dpre[e0 + k];
    }
}

extern "C" __global__ void elman_tangent_backward_step(const real* hbarExtDot, const real* rec, const real* h,
                                                       const real* hdot, const real* hbarKept, real* abar,
                                                       const int* map, int t, int R, int rt, int H) {
    LOOP(e, (long) rt * H) {
        int r = (int) (e / H), k = (int) (e % H);
        long s0 = ((long) t * R + primal(map, r)) * H, e0 = ((long) t * rt + r) * H;
        real hv = h[s0 + k];
        real hb = hbarKept[s0 + k];
        real hbd = hbarExtDot[e0 + k] + rec[(long) r * H + k];
        abar[e0 + k] = hbd * (1 - hv * hv) - 2 * hb * hv * hdot[e0 + k];
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Dense head. act: 0 identity, 1 ReLU, 2 tanh (io.brink.model.Activation's ordinal).

__device__ __forceinline__ real act_first(int act, real u, real a) {
    return act == 0 ? (real) 1 : act == 1 ? (u > 0 ? (real) 1 : (real) 0) : (real) 1 - a * a;
}

__device__ __forceinline__ real act_second(int act, real u, real a) {
    return act == 2 ? (real) -2 * a * ((real) 1 - a * a) : (real) 0;
}

// u += bias; a = act(u)   (rows × n)
extern "C" __global__ void dense_forward(real* u, const real* bias, real* a, int rows, int n, int act) {
    LOOP(e, (long) rows * n) {
        real v = u[e] + bias[e % n];
        u[e] = v;
        a[e] = act == 0 ? v : act == 1 ? (v > 0 ? v : (real) 0) : dtanh(v);
    }
}

// ubar = abar · act'(u) at the mapped primal rows
extern "C" __global__ void dense_backward(const real* abar, const real* u, const real* a, real* ubar, const int* map,
                                          int rows, int n, int act) {
    LOOP(e, (long) rows * n) {
        int r = (int) (e / n), j = (int) (e % n);
        long q = (long) primal(map, r) * n + j;
        ubar[e] = abar[e] * act_first(act, u[q], a[q]);
    }
}

// adot = act'(u) · udot
extern "C" __global__ void dense_tangent_forward(const real* udot, const real* u, const real* a, real* adot,
                                                 const int* map, int rows, int n, int act) {
    LOOP(e, (long) rows * n) {
        int r = (int) (e / n), j = (int) (e % n);
        long q = (long) primal(map, r) * n + j;
        adot[e] = act_first(act, u[q], a[q]) * udot[e];
    }
}

// ubarDot = abarDot · act'(u) + abarKept · act''(u) · udot   (abarDot may be null: a constant seed)
extern "C" __global__ void dense_tangent_backward(const real* abarDot, const real* abarKept, const real* u,
                                                  const real* a, const real* udot, real* ubarDot, const int* map,
                                                  int rows, int n, int act) {
    LOOP(e, (long) rows * n) {
        int r = (int) (e / n), j = (int) (e % n);
        long q = (long) primal(map, r) * n + j;
        real ad = abarDot ? abarDot[e] : (real) 0;
        ubarDot[e] = ad * act_first(act, u[q], a[q]) + abarKept[q] * act_second(act, u[q], a[q]) * udot[e];
    }
}
