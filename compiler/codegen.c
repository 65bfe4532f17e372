// codegen.c — LLVM code generation through the LLVM C API (with cg_*.c and jit.c, the only
// llvm-c users). Takes an IrModule after pass_hetero (and pass_grad for training) and its plan
// (pass_plan.c); yields an LLVM module with the HgnnModel ABI: workspace_floats(dims),
// run(mode, ...), rows(mode, ...), embed, score, the constant tables (schema, parameters, defaults:
// cg_tables.c) and the one exported entry, hgnn_model_entry; optimised for the host CPU and
// emitted as an object file (link.c makes it a shared object).
#include "codegen.h"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "cg.h"
#include "pass_plan.h"

// Each op becomes a call to a kernel (cg_kernels.c). Values live in the caller's workspace, one
// slot per value, reusing the slot of a dead value of the same shape; scores, loss and parameter
// gradients are written straight into the caller's buffers. Three plans (pass_plan.c) shape the
// code: row extents (each layer only on the rows the next one or the classifier reads, counted
// per batch), fusion (a bias and a second product accumulate into one output) and slot reuse.
// run_forward executes only what scores and loss need.


static void set_err(char *err, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t len, const char *fmt, ...) {
    if (!err || !len)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, len, fmt, ap);
    va_end(ap);
}

// ---- the module --------------------------------------------------------------------------------

static bool native_ready(char *err, size_t err_len) {
    static bool ready;
    if (!ready) {
        if (LLVMInitializeNativeTarget() || LLVMInitializeNativeAsmPrinter()) {
            set_err(err, err_len, "LLVM has no code generator for this machine");
            return false;
        }
        ready = true;
    }
    return true;
}

bool codegen_host_has_bf16(void) {
    char *features = LLVMGetHostCPUFeatures();
    bool has = features && strstr(features, "+avx512bf16") != NULL;
    LLVMDisposeMessage(features);
    return has;
}

static LLVMTargetMachineRef host_machine(const CodegenOptions *opt, char *err, size_t err_len) {
    if (!native_ready(err, err_len))
        return NULL;
    if (opt->precision == HGNN_PRECISION_BF16 && !codegen_host_has_bf16()) {
        set_err(err, err_len, "precision bf16 needs a CPU with avx512_bf16 (vdpbf16ps), and "
                "this one has none; use precision fp32");
        return NULL;
    }
    int opt_level = opt->opt_level;
    char *triple = LLVMGetDefaultTargetTriple(), *msg = NULL;
    LLVMTargetRef target;
    if (LLVMGetTargetFromTriple(triple, &target, &msg)) {
        set_err(err, err_len, "no LLVM target for '%s': %s", triple, msg ? msg : "?");
        LLVMDisposeMessage(msg);
        LLVMDisposeMessage(triple);
        return NULL;
    }
    char *cpu = LLVMGetHostCPUName(), *features = LLVMGetHostCPUFeatures();
    LLVMCodeGenOptLevel level = opt_level <= 0   ? LLVMCodeGenLevelNone
                                : opt_level == 1 ? LLVMCodeGenLevelLess
                                : opt_level == 2 ? LLVMCodeGenLevelDefault
                                                 : LLVMCodeGenLevelAggressive;
    LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, triple, cpu, features, level,
                                                      LLVMRelocPIC, LLVMCodeModelDefault);
    LLVMDisposeMessage(triple);
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(features);
    if (!tm)
        set_err(err, err_len, "cannot create an LLVM target machine for the host");
    return tm;
}

static bool check_module(const IrModule *m, char *err, size_t err_len) {
    if (m->stage < IR_STAGE_HETERO) {
        set_err(err, err_len, "code generation needs the module after to_hetero");
        return false;
    }
    for (const IrNode *x = m->head; x; x = x->next) {
        if (!plan_is_leaf(x->op) && x->op != IR_ZEROS && x->op != IR_ONE && !cg_kernel_sig(x->op)) {
            set_err(err, err_len, "internal error: no code generation for op '%s'",
                    ir_op_name(x->op));
            return false;
        }
        if (((x->op >= IR_AGG_SUM && x->op <= IR_AGG_MAX_GRAD) ||
             (x->op >= IR_GAT_AGG && x->op <= IR_GAT_GRAD_DST)) &&
            (x->etype < 0 || x->etype >= m->n_edge_types)) {
            set_err(err, err_len, "internal error: aggregation without an edge type");
            return false;
        }
    }
    return true;
}

// serial_for(pool, fn, ctx, n, grain): parallel_for for a host that lends none.
static void build_serial_for(Cg *g) {
    LLVMValueRef fn = LLVMAddFunction(g->mod, "serial_for", g->par_ty);
    LLVMSetLinkage(fn, LLVMInternalLinkage);
    LLVMBuilderRef b = g->kb;
    LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(g->ctx, fn, "entry");
    LLVMBasicBlockRef call = LLVMAppendBasicBlockInContext(g->ctx, fn, "call");
    LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(g->ctx, fn, "done");
    LLVMPositionBuilderAtEnd(b, entry);
    LLVMValueRef n = LLVMGetParam(fn, 3);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSGT, n, ci64(g, 0), ""), call, done);
    LLVMPositionBuilderAtEnd(b, call);
    LLVMValueRef args[3] = {LLVMGetParam(fn, 2), ci64(g, 0), n};
    LLVMBuildCall2(b, g->task_ty, LLVMGetParam(fn, 1), args, 3, "");
    LLVMBuildBr(b, done);
    LLVMPositionBuilderAtEnd(b, done);
    LLVMBuildRetVoid(b);
    g->serial_for = fn;
}

// Builds the LLVM module for m into a fresh context. tm fixes the triple and data layout.
static bool build(Cg *g, IrModule *m, const CodegenOptions *opt, LLVMTargetMachineRef tm,
                  char *err, size_t err_len) {
    memset(g, 0, sizeof *g);
    if (!check_module(m, err, err_len))
        return false;
    unsigned off = opt->off;
    g->m = m;
    g->off = off;
    g->bf16 = opt->precision == HGNN_PRECISION_BF16;
    g->ctx = LLVMContextCreate();
    g->mod = LLVMModuleCreateWithNameInContext(m->name ? m->name : "model", g->ctx);
    char *triple = LLVMGetTargetMachineTriple(tm);
    LLVMSetTarget(g->mod, triple);
    LLVMDisposeMessage(triple);
    LLVMTargetDataRef td = LLVMCreateTargetDataLayout(tm);
    char *dl = LLVMCopyStringRepOfTargetData(td);
    LLVMSetDataLayout(g->mod, dl);
    LLVMDisposeMessage(dl);
    LLVMDisposeTargetData(td);

    g->b = LLVMCreateBuilderInContext(g->ctx);
    g->kb = LLVMCreateBuilderInContext(g->ctx);
    g->vd = LLVMVoidTypeInContext(g->ctx);
    g->i8 = LLVMInt8TypeInContext(g->ctx);
    g->i32 = LLVMInt32TypeInContext(g->ctx);
    g->i64 = LLVMInt64TypeInContext(g->ctx);
    g->f32 = LLVMFloatTypeInContext(g->ctx);
    g->f64 = LLVMDoubleTypeInContext(g->ctx);
    g->ptr = LLVMPointerTypeInContext(g->ctx, 0);
    LLVMTypeRef bf[11] = {g->ptr,
                          LLVMArrayType2(g->ptr, HGNN_MAX_NODE_TYPES),
                          LLVMArrayType2(g->ptr, HGNN_MAX_NODE_TYPES),
                          LLVMArrayType2(g->ptr, HGNN_MAX_EDGE_TYPES),
                          LLVMArrayType2(g->ptr, HGNN_MAX_EDGE_TYPES),
                          LLVMArrayType2(g->ptr, HGNN_MAX_EDGE_TYPES),
                          g->ptr,
                          g->ptr,
                          g->ptr,
                          g->i64,
                          LLVMArrayType2(g->ptr, HGNN_MAX_EDGE_TYPES)};
    g->batch_ty = named_struct(g, "HgnnBatch", bf, 11);
    LLVMTypeRef hf[4] = {g->ptr, g->i32, g->ptr, g->ptr};
    g->host_ty = named_struct(g, "HgnnHost", hf, 4);
    LLVMTypeRef tf[3] = {g->ptr, g->i64, g->i64};
    g->task_ty = LLVMFunctionType(g->vd, tf, 3, 0);
    LLVMTypeRef pfa[5] = {g->ptr, g->ptr, g->ptr, g->i64, g->i64};
    g->par_ty = LLVMFunctionType(g->vd, pfa, 5, 0);
    build_serial_for(g);
    LLVMTypeRef sg[13] = {g->i32, g->i32, g->i64, g->i64, g->i64, g->f32, g->ptr,
                          g->i64, g->ptr, g->i64, g->f32, g->ptr, g->i64};
    g->sgemm_ty = LLVMFunctionType(g->vd, sg, 13, 0);

    // The pipeline planned m already (hgnnc, the JIT); tests may hand over an unplanned module.
    if (!m->plan || m->plan->off != off)
        pass_plan(m, off);
    g->p = m->plan;
    g->dimv = arena_alloc(m->arena, (HGNN_NUM_DIMS(IR_MAX_NODE_TYPES, IR_MAX_EDGE_TYPES) + 1) *
                                        sizeof *g->dimv);
    g->val = arena_alloc(m->arena, (size_t)(g->p->n_nodes + 1) * sizeof *g->val);
    g->alias = arena_alloc(m->arena, (size_t)(g->p->n_nodes + 1) * sizeof *g->alias);
    g->extv = arena_alloc(m->arena, (size_t)(g->p->n_ext + 1) * sizeof *g->extv);

    LLVMValueRef wfn, run, rows, embed_fns[3];
    cg_build_entries(g, &wfn, &run, &rows, embed_fns);
    LLVMValueRef model = cg_build_model(g, wfn, run, rows, embed_fns);
    LLVMTypeRef ety = LLVMFunctionType(g->ptr, NULL, 0, 0);
    LLVMValueRef entry_fn = LLVMAddFunction(g->mod, HGNN_ENTRY_SYMBOL, ety);
    LLVMPositionBuilderAtEnd(g->b, LLVMAppendBasicBlockInContext(g->ctx, entry_fn, "entry"));
    LLVMBuildRet(g->b, model);

    char *msg = NULL;
    if (LLVMVerifyModule(g->mod, LLVMReturnStatusAction, &msg)) {
        set_err(err, err_len, "internal error: generated LLVM module is invalid: %s", msg);
        LLVMDisposeMessage(msg);
        return false;
    }
    LLVMDisposeMessage(msg);
    return true;
}

static void dispose(Cg *g) {
    if (g->b)
        LLVMDisposeBuilder(g->b);
    if (g->kb)
        LLVMDisposeBuilder(g->kb);
    if (g->mod)
        LLVMDisposeModule(g->mod);
    if (g->ctx)
        LLVMContextDispose(g->ctx);
}

static bool optimize(Cg *g, LLVMTargetMachineRef tm, int opt_level, char *err, size_t err_len) {
    char passes[32];
    int level = opt_level < 0 ? 0 : opt_level > 3 ? 3 : opt_level;
    snprintf(passes, sizeof passes, "default<O%d>", level);
    LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
    LLVMPassBuilderOptionsSetLoopVectorization(opts, opt_level >= 2);
    LLVMPassBuilderOptionsSetSLPVectorization(opts, opt_level >= 2);
    LLVMErrorRef e = LLVMRunPasses(g->mod, passes, tm, opts);
    LLVMDisposePassBuilderOptions(opts);
    if (e) {
        char *msg = LLVMGetErrorMessage(e);
        set_err(err, err_len, "internal error: LLVM passes failed: %s", msg);
        LLVMDisposeErrorMessage(msg);
        return false;
    }
    return true;
}

int codegen_print_llvm(FILE *f, IrModule *m, const CodegenOptions *opt, int optimized, char *err,
                       size_t err_len) {
    LLVMTargetMachineRef tm = host_machine(opt, err, err_len);
    if (!tm)
        return -1;
    Cg g;
    bool ok = build(&g, m, opt, tm, err, err_len);
    if (ok && optimized)
        ok = optimize(&g, tm, opt->opt_level, err, err_len);
    if (ok) {
        char *s = LLVMPrintModuleToString(g.mod);
        fputs(s, f);
        LLVMDisposeMessage(s);
    }
    dispose(&g);
    LLVMDisposeTargetMachine(tm);
    return ok ? 0 : -1;
}

int codegen_object(IrModule *m, const CodegenOptions *opt, char **obj, size_t *obj_len,
                   char *err, size_t err_len) {
    *obj = NULL;
    *obj_len = 0;
    LLVMTargetMachineRef tm = host_machine(opt, err, err_len);
    if (!tm)
        return -1;
    Cg g;
    bool ok = build(&g, m, opt, tm, err, err_len) &&
              optimize(&g, tm, opt->opt_level, err, err_len);
    if (ok) {
        char *msg = NULL;
        LLVMMemoryBufferRef buf = NULL;
        if (LLVMTargetMachineEmitToMemoryBuffer(tm, g.mod, LLVMObjectFile, &msg, &buf)) {
            set_err(err, err_len, "internal error: LLVM cannot emit an object: %s",
                    msg ? msg : "?");
            ok = false;
        } else {
            size_t n = LLVMGetBufferSize(buf);
            *obj = malloc(n ? n : 1);
            if (!*obj) {
                set_err(err, err_len, "out of memory");
                ok = false;
            } else {
                memcpy(*obj, LLVMGetBufferStart(buf), n);
                *obj_len = n;
            }
            LLVMDisposeMemoryBuffer(buf);
        }
        LLVMDisposeMessage(msg);
    }
    dispose(&g);
    LLVMDisposeTargetMachine(tm);
    return ok ? 0 : -1;
}

const char *codegen_llvm_version(char *buf, size_t len) {
    unsigned major, minor, patch;
    LLVMGetVersion(&major, &minor, &patch);
    snprintf(buf, len, "%u.%u.%u", major, minor, patch);
    return buf;
}
