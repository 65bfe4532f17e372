// ir_ops.h — every IR op, once. Include with OP(ID, "name", arity) defined; it generates the
// IrOp enum, the printer's names and the verifier's arity checks (see ir.h, ir.c).
// Shapes: every value is a 2-D tensor [rows x cols]; rows may be symbolic (IrDim), cols are
// constant. "N_s"/"N_d" are the batch node counts of an edge type's source/destination type.

// Leaves
OP(PARAM,       "param",       0)  // parameter m->params[param]
OP(NODE_IDS,    "node_ids",    0)  // i32 [N_t x 1] global ids of the batch's nodes of type ntype
OP(FEATURES,    "features",    0)  // f32 [V_t x F] feature table of node type ntype (whole graph)
OP(LABELS,      "labels",      0)  // f32 [L x 1] supervision labels
OP(LABEL_SRC,   "label_src",   0)  // i32 [L x 1] local ids of label sources (classifier src type)
OP(LABEL_DST,   "label_dst",   0)  // i32 [L x 1] local ids of label destinations
OP(ZEROS,       "zeros",       0)  // f32 zeros of the node's type
OP(ONE,         "one",         0)  // f32 [1 x 1] holding 1: the autodiff seed d loss / d loss
// Dense algebra
OP(MATMUL,      "matmul",      2)  // op(a) . op(b), op = transpose when ta / tb is set
OP(ADD,         "add",         2)  // a + b, same shape
OP(SUB,         "sub",         2)  // a - b, same shape
OP(MUL,         "mul",         2)  // a * b elementwise, same shape
OP(SCALE,       "scale",       1)  // f * a
OP(BIAS_ADD,    "bias_add",    2)  // a [N x C] + b [1 x C], b broadcast over rows
OP(MUL_COL,     "mul_col",     2)  // a [N x C] * g [N x 1], g broadcast over columns
OP(SUM_ROWS,    "sum_rows",    1)  // [N x C] -> [1 x C]
OP(ROWDOT,      "rowdot",      2)  // a, b [N x C] -> [N x 1], <a_i, b_i>
OP(CONCAT,      "concat",      2)  // a [N x A], b [N x B] -> [N x (A + B)], columns side by side
OP(SLICE,       "slice",       1)  // a [N x C] -> [N x W], columns [k, k + W) of a
// In training mode (run's HGNN_RUN_TRAIN*): a_ij kept and scaled by 1 / (1 - p) with probability
// 1 - p, else 0, p = f; identity in forward mode and in embed. The mask is a pure function of
// (HgnnBatch.seed, stream k, i, j), recomputed by the gradient (dropout of dy, same k):
//   key = mix(seed ^ mix((k + 1) G)), z = mix(key + (i C + j + 1) G), u = (z >> 40) 2^-24,
//   dropped when u < p; G = 0x9E3779B97F4A7C15, mix = splitmix64's finaliser (interp.c).
OP(DROPOUT,     "dropout",     1)
OP(RELU,        "relu",        1)  // max(a, 0)
OP(RELU_GRAD,   "relu_grad",   2)  // (x, dy) -> dy where x > 0, else 0
OP(SIGMOID,     "sigmoid",     1)  // 1 / (1 + exp(-a))
OP(SIGMOID_GRAD,"sigmoid_grad",2)  // (y, dy) -> dy y (1 - y), y = sigmoid(x)
OP(TANH,        "tanh",        1)  // tanh(a)
OP(TANH_GRAD,   "tanh_grad",   2)  // (y, dy) -> dy (1 - y^2), y = tanh(x)
OP(LEAKY_RELU,  "leaky_relu",  1)  // a > 0 ? a : f a, f = negative_slope
OP(LEAKY_RELU_GRAD,"leaky_relu_grad",2)  // (x, dy) -> x > 0 ? dy : f dy
OP(ELU,         "elu",         1)  // a > 0 ? a : f (exp(a) - 1), f = alpha
OP(ELU_GRAD,    "elu_grad",    2)  // (x, dy) -> x > 0 ? dy : f exp(x) dy
OP(GELU,        "gelu",        1)  // a Phi(a), Phi(a) = (1 + erf(a / sqrt 2)) / 2
OP(GELU_GRAD,   "gelu_grad",   2)  // (x, dy) -> dy (Phi(x) + x exp(-x^2 / 2) / sqrt(2 pi))
OP(NORMALIZE,   "normalize",   1)  // row-wise a_i / max(|a_i|_2, 1e-12)
OP(NORMALIZE_GRAD,"normalize_grad",2)  // (x, dy) -> row-wise (dy_i - y_i <y_i, dy_i>) / |x_i|
OP(LAYER_NORM,  "layer_norm",  1)  // row-wise (a_i - mean a_i) / sqrt(var a_i + 1e-5), biased var
OP(LAYER_NORM_GRAD,"layer_norm_grad",2)  // (x, dy) -> row-wise (dy - mean dy - y mean(dy y)) / s,
                                   // y = layer_norm(x), s = sqrt(var x + 1e-5)
OP(SCALE_COLS,  "scale_cols",  2)  // a [N x C] * w [1 x C], w broadcast over rows
OP(MAXIMUM,     "maximum",     2)  // elementwise a >= b ? a : b (torch.max(a, b))
OP(MAXIMUM_GRAD,"maximum_grad",3)  // (a, b, dy) -> a >= b ? dy : 0: a's share, ties to a
// Indexing
OP(GATHER,      "gather",      2)  // (table [R x C], idx i32 [N x 1]) -> [N x C], row idx[i]
OP(SCATTER_ADD, "scatter_add", 2)  // (src [N x C], idx i32 [N x 1]) -> [R x C], o[idx[i]] += src[i]
// Message passing over edge type etype (src -> dst); -1 before to_hetero
OP(AGG_SUM,     "agg_sum",     1)  // x [N_s x C] -> [N_d x C], out_i = sum_{j->i} x_j
OP(AGG_MEAN,    "agg_mean",    1)  // x [N_s x C] -> [N_d x C], out_i = mean_{j->i} x_j, 0 if none
OP(AGG_MAX,     "agg_max",     1)  // x [N_s x C] -> [N_d x C], out_i = max_{j->i} x_j, 0 if none
OP(AGG_WSUM,    "agg_wsum",    1)  // x [N_s x C] -> [N_d x C], out_i = sum_{j->i} w_ji x_j, w the
                                   // batch's edge_weight (lg_conv's 1/sqrt(deg_out(j) deg_in(i)))
OP(AGG_SUM_T,   "agg_sum_t",   1)  // dy [N_d x C] -> [N_s x C], out_j = sum_{j->i} dy_i
OP(AGG_MEAN_T,  "agg_mean_t",  1)  // dy [N_d x C] -> [N_s x C], out_j = sum_{j->i} dy_i / deg(i)
OP(AGG_WSUM_T,  "agg_wsum_t",  1)  // dy [N_d x C] -> [N_s x C], out_j = sum_{j->i} w_ji dy_i
OP(AGG_MAX_GRAD,"agg_max_grad",3)  // (x, out, dy) -> [N_s x C], dy_i routed to the first argmax j
// Attention (GATConv): H heads of C columns each, a row [N x H*C] read as H blocks of C
OP(HEAD_DOT,    "head_dot",    2)  // (x [N x HC], a [1 x HC]) -> [N x H], <x_i,h, a_h> per head h
OP(HEAD_MUL,    "head_mul",    2)  // (d [N x H], a [1 x HC]) -> [N x HC], d_ih a_hc
OP(HEAD_OUTER,  "head_outer",  2)  // (x [N x HC], d [N x H]) -> [1 x HC], sum_i x_i,hc d_ih
OP(HEAD_MEAN,   "head_mean",   1)  // [N x HC] -> [N x C], mean over the heads
OP(HEAD_MEAN_T, "head_mean_t", 1)  // [N x C] -> [N x HC], d_ic / H in every head
// GAT over edge type etype, f = negative_slope, p = dropout (training only), salt keys its mask:
// e_ijh = leaky_relu(as_jh + ad_ih), alpha_ijh = softmax over j->i of e_ijh (0 edges: no terms),
// alpha' = alpha m_ijh / (1 - p), m a hash of (batch seed, salt, edge, h) (docs/dsl.md)
OP(GAT_AGG,     "gat_agg",     3)  // (hs [N_s x HC], as [N_s x H], ad [N_d x H]) -> [N_d x HC],
                                   // out_i,h = sum_{j->i} alpha'_ijh hs_j,h
// Its adjoints (pass_grad) share, per layer and edge type, the softmax's weights (gat_alpha) and
// the weights' adjoint (gat_dalpha), each computed once, by edge k = (j -> i):
OP(GAT_ALPHA,   "gat_alpha",   2)  // (as, ad) -> [E x H], alpha_ijh, negated where
                                   // as_jh + ad_ih <= 0 (where leaky_relu' is the slope)
OP(GAT_AGG_T,   "gat_agg_t",   2)  // (alpha, dy [N_d x HC]) -> [N_s x HC], d hs
OP(GAT_DALPHA,  "gat_dalpha",  2)  // (hs, dy) -> [E x H], m_ijh / (1 - p) <dy_i,h, hs_j,h>
OP(GAT_GRAD_SRC,"gat_grad_src",2)  // (alpha, dalpha) -> [N_s x H], d as
OP(GAT_GRAD_DST,"gat_grad_dst",2)  // (alpha, dalpha) -> [N_d x H], d ad
// Loss
OP(BCE_LOGITS,  "bce_logits",  2)  // (x [L x 1], y [L x 1]) -> [1 x 1] mean BCE with logits
OP(BCE_GRAD,    "bce_grad",    3)  // (x, y, dl [1 x 1]) -> [L x 1], dl * (sigmoid(x) - y) / L
// BPR (HGNN_LOSS_BPR): the labels y hold P leading positives (y = 1), then the negatives; the
// negative at P + k pairs with the positive k mod P; n = L - P pairs (0 when P = 0); 0 at n = 0.
OP(BPR,         "bpr",         2)  // (x [L x 1], y) -> [1 x 1], mean softplus(x_{P+k} - x_{k%P})
OP(BPR_GRAD,    "bpr_grad",    3)  // (x, y, dl [1 x 1]) -> [L x 1], its derivative times dl
OP(PAIR_SUM,    "pair_sum",    2)  // (r [L x 1], y) -> [1 x 1], sum_i r_i / n (BPR's L2 term)
OP(PAIR_SUM_GRAD,"pair_sum_grad",2)  // (y, dl [1 x 1]) -> [L x 1], dl / n in every row
OP(MSE,         "mse",         2)  // (x [L x 1], y [L x 1]) -> [1 x 1] mean (x - y)^2
OP(MSE_GRAD,    "mse_grad",    3)  // (x, y, dl [1 x 1]) -> [L x 1], dl * 2 (x - y) / L
