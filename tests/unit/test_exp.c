// test_exp.c — cg_attention.c's cg_exp_ir, the inline e^x of the GAT kernels, against libm's
// exp: built alone into `double f(double)` through the same builder, JIT-compiled with ORC
// LLJIT, then within 1 ulp of exp at 1e6 random x in [-708, 709.7] (and at both ends), and its
// edges: 0 at -inf and below -708.39 (where libm's result is subnormal), +inf above 709.78 and
// at +inf, NaN for NaN, exactly 1 at 0.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <llvm-c/Core.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>

#include "cg.h"
#include "check.h"

typedef double (*ExpFn)(double);

static ExpFn jit_fail(LLVMErrorRef e, const char *what) {
    char *msg = LLVMGetErrorMessage(e);
    fprintf(stderr, "test_exp: %s: %s\n", what, msg);
    LLVMDisposeErrorMessage(msg);
    return NULL;
}

// f(x) = cg_exp_ir(x) in a module of its own, JIT-compiled into *jit (the caller disposes of it,
// and with it the code, after the last call of f).
static ExpFn build_exp(LLVMOrcLLJITRef *jit) {
    LLVMInitializeNativeTarget();
    LLVMInitializeNativeAsmPrinter();
    LLVMOrcThreadSafeContextRef tsc = LLVMOrcCreateNewThreadSafeContext();
    Cg g;
    memset(&g, 0, sizeof g);
    g.ctx = LLVMOrcThreadSafeContextGetContext(tsc);
    g.mod = LLVMModuleCreateWithNameInContext("test_exp", g.ctx);
    g.i32 = LLVMInt32TypeInContext(g.ctx);
    g.i64 = LLVMInt64TypeInContext(g.ctx);
    g.f64 = LLVMDoubleTypeInContext(g.ctx);
    LLVMValueRef fn = LLVMAddFunction(g.mod, "exp_ir", LLVMFunctionType(g.f64, &g.f64, 1, 0));
    LLVMBuilderRef b = LLVMCreateBuilderInContext(g.ctx);
    LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(g.ctx, fn, "entry"));
    LLVMBuildRet(b, cg_exp_ir(&g, b, LLVMGetParam(fn, 0)));
    LLVMDisposeBuilder(b);

    LLVMOrcLLJITRef j;
    LLVMErrorRef e = LLVMOrcCreateLLJIT(&j, LLVMOrcCreateLLJITBuilder());
    if (e) {
        LLVMDisposeModule(g.mod);
        LLVMOrcDisposeThreadSafeContext(tsc);
        return jit_fail(e, "cannot create LLJIT");
    }
    *jit = j;
    LLVMSetDataLayout(g.mod, LLVMOrcLLJITGetDataLayoutStr(j));
    LLVMSetTarget(g.mod, LLVMOrcLLJITGetTripleString(j));
    // fma may be a libm call where the JIT's target has no fma instruction
    LLVMOrcDefinitionGeneratorRef gen;
    e = LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(&gen, LLVMOrcLLJITGetGlobalPrefix(j),
                                                              NULL, NULL);
    if (e)
        return jit_fail(e, "cannot search the process for symbols");
    LLVMOrcJITDylibAddGenerator(LLVMOrcLLJITGetMainJITDylib(j), gen);
    e = LLVMOrcLLJITAddLLVMIRModule(j, LLVMOrcLLJITGetMainJITDylib(j),
                                    LLVMOrcCreateNewThreadSafeModule(g.mod, tsc));
    LLVMOrcDisposeThreadSafeContext(tsc);
    if (e)
        return jit_fail(e, "cannot add the module");
    LLVMOrcExecutorAddress addr = 0;
    e = LLVMOrcLLJITLookup(j, &addr, "exp_ir");
    if (e)
        return jit_fail(e, "cannot look up exp_ir");
    return (ExpFn)(uintptr_t)addr;
}

// Distance in units in the last place between two finite doubles of the same sign.
static uint64_t ulps(double a, double b) {
    int64_t x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    return x > y ? (uint64_t)(x - y) : (uint64_t)(y - x);
}

// splitmix64: a fixed stream, so a failure reproduces.
static uint64_t next(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

int main(void) {
    LLVMOrcLLJITRef jit = NULL;
    ExpFn f = build_exp(&jit);
    CHECK(f != NULL);
    if (!f) {
        if (jit)
            LLVMOrcDisposeLLJIT(jit);
        return check_done("test_exp");
    }

    // Random x over the range where exp is normal and finite, and both ends of it.
    const double lo = -708, hi = 709.7;
    uint64_t s = 20261206, worst = 0;
    double worst_x = 0;
    for (int i = 0; i < 1000000 + 2; i++) {
        double x = i == 0 ? lo : i == 1 ? hi
                 : lo + (hi - lo) * ((double)(next(&s) >> 11) * 0x1p-53);
        uint64_t d = ulps(f(x), exp(x));
        if (d > worst)
            worst = d, worst_x = x;
    }
    printf("test_exp: 1000002 x in [%g, %g]: at most %llu ulp from libm (x = %.17g)\n", lo, hi,
           (unsigned long long)worst, worst_x);
    CHECK(worst <= 1);
    // Small arguments, where the polynomial alone decides (k = 0), to the same bound.
    for (int i = 0; i < 100000; i++) {
        double x = ((double)(next(&s) >> 11) * 0x1p-53 - 0.5) * 0.02;
        CHECK(ulps(f(x), exp(x)) <= 1);
    }

    CHECK(f(0) == 1);
    CHECK(f(-INFINITY) == 0);
    CHECK(f(-708.4) == 0);
    CHECK(f(-745.2) == 0);
    CHECK(f(-1e300) == 0);
    CHECK(f(-708.39) > 0);  // above the cut, still normal
    CHECK(f(709.79) == INFINITY);
    CHECK(f(1000) == INFINITY);
    CHECK(f(INFINITY) == INFINITY);
    CHECK(isnan(f(NAN)));
    CHECK(isnan(f(-NAN)));
    CHECK(f(709.78) == exp(709.78) || ulps(f(709.78), exp(709.78)) <= 1);
    LLVMErrorRef e = LLVMOrcDisposeLLJIT(jit);
    if (e)
        jit_fail(e, "cannot dispose of the LLJIT");
    CHECK(e == NULL);
    return check_done("test_exp");
}
