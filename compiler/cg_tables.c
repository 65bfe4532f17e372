// cg_tables.c — the HgnnModel constant (hgnn/abi.h) and the tables it points to: node and edge
// types, parameters, training defaults, the data declaration (HgnnDataDecl) and the embedding
// widths. Takes the module, its plan's sparse-gradient flags and the functions codegen.c built;
// yields the internal global `model` that hgnn_model_entry returns.
#include "cg.h"

#include <stdbool.h>
#include <string.h>

// A private constant C string, or a null pointer for NULL.
static LLVMValueRef cstr(Cg *g, const char *s) {
    if (!s)
        return LLVMConstPointerNull(g->ptr);
    LLVMValueRef init = LLVMConstStringInContext(g->ctx, s, (unsigned)strlen(s), 0);
    LLVMValueRef gv = LLVMAddGlobal(g->mod, LLVMTypeOf(init), ".str");
    LLVMSetInitializer(gv, init);
    LLVMSetGlobalConstant(gv, 1);
    LLVMSetLinkage(gv, LLVMPrivateLinkage);
    LLVMSetUnnamedAddress(gv, LLVMGlobalUnnamedAddr);
    return gv;
}

// An internal constant array of n elem, or a null pointer when n is 0.
static LLVMValueRef const_table(Cg *g, const char *name, LLVMTypeRef elem, LLVMValueRef *v,
                                int n) {
    if (n == 0)
        return LLVMConstPointerNull(g->ptr);
    LLVMValueRef init = LLVMConstArray2(elem, v, (uint64_t)n);
    LLVMValueRef gv = LLVMAddGlobal(g->mod, LLVMTypeOf(init), name);
    LLVMSetInitializer(gv, init);
    LLVMSetGlobalConstant(gv, 1);
    LLVMSetLinkage(gv, LLVMInternalLinkage);
    return gv;
}

// The HgnnDataDecl constant (ABI 5) and its tables of node data, edge data and encoders, or a
// null pointer when the model declares no data. Reverse edge types are all zero (path NULL).
static LLVMValueRef build_data(Cg *g) {
    const IrModule *m = g->m;
    const HgnnDataDecl *d = m->data;
    if (!d)
        return LLVMConstPointerNull(g->ptr);
    LLVMTypeRef tb_f[4] = {g->ptr, g->ptr, g->i32, g->i32};
    LLVMTypeRef tb_ty = named_struct(g, "HgnnTableDecl", tb_f, 4);
    LLVMTypeRef en_f[3] = {g->i32, g->ptr, g->ptr};
    LLVMTypeRef en_ty = named_struct(g, "HgnnEncoderDecl", en_f, 3);
    LLVMTypeRef nd_f[5] = {tb_ty, g->ptr, g->ptr, g->i32, g->ptr};
    LLVMTypeRef nd_ty = named_struct(g, "HgnnNodeData", nd_f, 5);
    LLVMTypeRef ed_f[6] = {tb_ty, g->ptr, g->ptr, g->ptr, g->ptr, g->ptr};
    LLVMTypeRef ed_ty = named_struct(g, "HgnnEdgeData", ed_f, 6);
    LLVMTypeRef dd_f[2] = {g->ptr, g->ptr};
    LLVMTypeRef dd_ty = named_struct(g, "HgnnDataDecl", dd_f, 2);

    LLVMValueRef nds[IR_MAX_NODE_TYPES], eds[IR_MAX_EDGE_TYPES];
    for (int t = 0; t < m->n_node_types; t++) {
        const HgnnNodeData *nd = &d->nodes[t];
        const HgnnTableDecl *tb = &nd->table;
        LLVMValueRef tf[4] = {cstr(g, tb->path), cstr(g, tb->sep), ci32(g, tb->no_header),
                              ci32(g, tb->encoding)};
        LLVMValueRef *ens = arena_alloc(m->arena, (size_t)(nd->n_encoders + 1) * sizeof *ens);
        for (int i = 0; i < nd->n_encoders; i++) {
            const HgnnEncoderDecl *e = &nd->encoders[i];
            LLVMValueRef ef[3] = {ci32(g, e->kind), cstr(g, e->column), cstr(g, e->list_sep)};
            ens[i] = LLVMConstNamedStruct(en_ty, ef, 3);
        }
        LLVMValueRef f[5] = {LLVMConstNamedStruct(tb_ty, tf, 4), cstr(g, nd->key),
                             cstr(g, nd->display), ci32(g, nd->n_encoders),
                             const_table(g, "encoders", en_ty, ens, nd->n_encoders)};
        nds[t] = LLVMConstNamedStruct(nd_ty, f, 5);
    }
    for (int e = 0; e < m->n_edge_types; e++) {
        const HgnnEdgeData *ed = &d->edges[e];
        const HgnnTableDecl *tb = &ed->table;
        LLVMValueRef tf[4] = {cstr(g, tb->path), cstr(g, tb->sep), ci32(g, tb->no_header),
                              ci32(g, tb->encoding)};
        LLVMValueRef f[6] = {LLVMConstNamedStruct(tb_ty, tf, 4), cstr(g, ed->src_key),
                             cstr(g, ed->dst_key), cstr(g, ed->src_list_sep),
                             cstr(g, ed->dst_list_sep), cstr(g, ed->label)};
        eds[e] = LLVMConstNamedStruct(ed_ty, f, 6);
    }
    LLVMValueRef df[2] = {const_table(g, "node_data", nd_ty, nds, m->n_node_types),
                          const_table(g, "edge_data", ed_ty, eds, m->n_edge_types)};
    LLVMValueRef data = LLVMAddGlobal(g->mod, dd_ty, "data");
    LLVMSetInitializer(data, LLVMConstNamedStruct(dd_ty, df, 2));
    LLVMSetGlobalConstant(data, 1);
    LLVMSetLinkage(data, LLVMInternalLinkage);
    return data;
}

// HgnnDefaults' LLVM type and value, field by field from hgnn/abi.h's HGNN_DEFAULTS_FIELDS.
#define DEFAULTS_LLVM_TYPE(g, type) _Generic((type)0, int32_t: (g)->i32, float: (g)->f32)
#define DEFAULTS_COUNT(type, name) +1
#define DEFAULTS_ARRAY_COUNT(type, name, n) +1
enum { N_DEFAULTS = 0 HGNN_DEFAULTS_FIELDS(DEFAULTS_COUNT, DEFAULTS_ARRAY_COUNT) };

// A scalar field's constant: int32_t and float are exact in a double.
static LLVMValueRef defaults_scalar(Cg *g, LLVMTypeRef ty, double v) {
    return ty == g->i32 ? ci32(g, (int32_t)v) : cf32(g, v);
}

static LLVMTypeRef defaults_type(Cg *g) {
    LLVMTypeRef f[N_DEFAULTS];
    int n = 0;
#define FIELD(type, name) f[n++] = DEFAULTS_LLVM_TYPE(g, type);
#define ARRAY(type, name, len) f[n++] = LLVMArrayType2(DEFAULTS_LLVM_TYPE(g, type), len);
    HGNN_DEFAULTS_FIELDS(FIELD, ARRAY)
#undef FIELD
#undef ARRAY
    return named_struct(g, "HgnnDefaults", f, n);
}

static LLVMValueRef defaults_value(Cg *g, LLVMTypeRef ty, const HgnnDefaults *d) {
    LLVMValueRef f[N_DEFAULTS];
    int n = 0;
#define FIELD(type, name) f[n++] = defaults_scalar(g, DEFAULTS_LLVM_TYPE(g, type), d->name);
#define ARRAY(type, name, len)                                                                     \
    {                                                                                              \
        LLVMValueRef e[len];                                                                       \
        for (int i = 0; i < (len); i++)                                                            \
            e[i] = defaults_scalar(g, DEFAULTS_LLVM_TYPE(g, type), d->name[i]);                    \
        f[n++] = LLVMConstArray2(DEFAULTS_LLVM_TYPE(g, type), e, len);                             \
    }
    HGNN_DEFAULTS_FIELDS(FIELD, ARRAY)
#undef FIELD
#undef ARRAY
    return LLVMConstNamedStruct(ty, f, (unsigned)n);
}

// The HgnnModel constant and its tables, laid out as the C compiler lays out hgnn/abi.h's
// structs (natural alignment, which LLVM's default struct layout reproduces on x86-64).
LLVMValueRef cg_build_model(Cg *g, LLVMValueRef ws_fn, LLVMValueRef run_fn, LLVMValueRef rows_fn,
                            LLVMValueRef *embed_fns) {
    IrModule *m = g->m;
    LLVMTypeRef nt_f[2] = {g->ptr, g->i32};
    LLVMTypeRef nt_ty = named_struct(g, "HgnnNodeType", nt_f, 2);
    LLVMTypeRef et_f[5] = {g->ptr, g->ptr, g->i32, g->i32, g->i32};
    LLVMTypeRef et_ty = named_struct(g, "HgnnEdgeType", et_f, 5);
    LLVMTypeRef pa_f[8] = {g->ptr, g->i32, g->i32, g->i64, g->i64, g->f32, g->i32, g->ptr};
    LLVMTypeRef pa_ty = named_struct(g, "HgnnParam", pa_f, 8);
    LLVMTypeRef df_ty = defaults_type(g);
    LLVMTypeRef mo_f[23] = {g->i32, g->i32, g->ptr, g->ptr, g->i32, g->i32, g->ptr, g->ptr,
                            g->i32, g->i32, g->ptr, df_ty,  g->ptr, g->ptr, g->ptr, g->ptr,
                            g->ptr, g->ptr, g->ptr, g->ptr, g->i32, g->i32, g->i32};
    LLVMTypeRef mo_ty = named_struct(g, "HgnnModel", mo_f, 23);

    LLVMValueRef nts[IR_MAX_NODE_TYPES], ets[IR_MAX_EDGE_TYPES];
    for (int t = 0; t < m->n_node_types; t++) {
        LLVMValueRef f[2] = {cstr(g, m->node_types[t].name),
                             ci32(g, (int32_t)m->node_types[t].feat_width)};
        nts[t] = LLVMConstNamedStruct(nt_ty, f, 2);
    }
    for (int e = 0; e < m->n_edge_types; e++) {
        const IrEdgeType *et = &m->edge_types[e];
        LLVMValueRef f[5] = {cstr(g, et->name), cstr(g, et->rel), ci32(g, et->src),
                             ci32(g, et->dst), ci32(g, et->reverse_of)};
        ets[e] = LLVMConstNamedStruct(et_ty, f, 5);
    }
    LLVMValueRef *pas = arena_alloc(m->arena, (size_t)(m->n_params + 1) * sizeof *pas);
    for (int p = 0; p < m->n_params; p++) {
        const IrParam *pa = &m->params[p];
        bool con = pa->rows.kind == DIM_CONST;
        LLVMValueRef f[8] = {cstr(g, pa->name), ci32(g, con ? -1 : ir_dim_index(m, pa->rows)),
                             ci32(g, pa->init), ci64(g, con ? pa->rows.n : 0), ci64(g, pa->cols),
                             cf32(g, pa->init_a),
                             ci32(g, (g->p->sparse[p] ? HGNN_PARAM_SPARSE_GRAD : 0) |
                                         ((uint32_t)pa->heads << HGNN_PARAM_HEADS_SHIFT) |
                                         (pa->vector ? HGNN_PARAM_VECTOR : 0)),
                             cstr(g, pa->alias)};
        pas[p] = LLVMConstNamedStruct(pa_ty, f, 8);
    }
    LLVMValueRef edim[IR_MAX_NODE_TYPES];
    for (int t = 0; t < m->n_node_types; t++)
        edim[t] = ci32(g, m->embed[t] ? (int32_t)m->embed[t]->type.cols : 0);
    LLVMValueRef mf[23] = {
        LLVMConstInt(g->i32, HGNN_MAGIC, 0),
        ci32(g, HGNN_ABI_VERSION),
        cstr(g, m->name ? m->name : "model"),
        cstr(g, HGNN_COMPILER_ID),
        ci32(g, m->n_node_types),
        ci32(g, m->n_edge_types),
        const_table(g, "node_types", nt_ty, nts, m->n_node_types),
        const_table(g, "edge_types", et_ty, ets, m->n_edge_types),
        ci32(g, m->label_etype),
        ci32(g, m->n_params),
        const_table(g, "params", pa_ty, pas, m->n_params),
        defaults_value(g, df_ty, &m->defaults),
        ws_fn,
        run_fn,
        rows_fn,
        build_data(g),
        const_table(g, "embed_dim", g->i32, edim, m->n_node_types),
        embed_fns[0],
        embed_fns[1],
        embed_fns[2],
        ci32(g, m->loss_kind),
        ci32(g, (int32_t)m->needs),
        ci32(g, g->bf16 ? HGNN_PRECISION_BF16 : HGNN_PRECISION_FP32),
    };
    LLVMValueRef model = LLVMAddGlobal(g->mod, mo_ty, "model");
    LLVMSetInitializer(model, LLVMConstNamedStruct(mo_ty, mf, 23));
    LLVMSetGlobalConstant(model, 1);
    LLVMSetLinkage(model, LLVMInternalLinkage);
    return model;
}
