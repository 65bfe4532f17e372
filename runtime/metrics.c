// metrics.c — serialises an RtRunReport as the `--metrics` JSON file: AUCs (RMSEs and the
// mean-rating baseline for loss mse), per-epoch loss and time, split counts and the settings that
// produced them, so runs can be compared by programs. "metric" names which figure the file holds:
// "auc" (keys val_auc, test_auc, val.auc, ...) or "rmse" (val_rmse, test_rmse, val.rmse, ...).
#include "metrics.h"

#include <stdio.h>
#include <sys/resource.h>

#include "json.h"

static void eval_obj(RtJson *j, const char *key, const RtEvalStats *e, int mse) {
    rt_json_key(j, key);
    rt_json_object(j);
    rt_json_key(j, mse ? "rmse" : "auc");
    rt_json_num(j, mse ? e->rmse : e->auc);
    rt_json_key(j, "loss");
    rt_json_num(j, e->loss);
    rt_json_key(j, "seconds");
    rt_json_num(j, e->seconds);
    rt_json_key(j, "batches");
    rt_json_int(j, e->batches);
    rt_json_key(j, "labels");
    rt_json_int(j, e->labels);
    rt_json_end_object(j);
}

static void split_obj(RtJson *j, const char *key, const char *what, int64_t mp, int64_t n) {
    rt_json_key(j, key);
    rt_json_object(j);
    rt_json_key(j, "message_passing");
    rt_json_int(j, mp);
    rt_json_key(j, what);
    rt_json_int(j, n);
    rt_json_end_object(j);
}

// "ranking": {"val": {"users": N, "model": {"recall@10": ...}, "popularity": {...}}, "test": ...}
static void rank_metrics(RtJson *j, const char *key, const RtRankReport *r,
                         const RtRankMetrics *m) {
    rt_json_key(j, key);
    rt_json_object(j);
    for (int32_t i = 0; i < r->n_k; i++) {
        const char *names[] = {"recall", "precision", "ndcg", "map", "hit_rate", "coverage"};
        double v[] = {m[i].recall, m[i].precision, m[i].ndcg, m[i].map, m[i].hit_rate,
                      m[i].coverage};
        for (int f = 0; f < 6; f++) {
            char name[48];
            snprintf(name, sizeof name, "%s@%d", names[f], m[i].k);
            rt_json_key(j, name);
            rt_json_num(j, v[f]);
        }
    }
    rt_json_end_object(j);
}

static void ranking_obj(RtJson *j, const RtRunReport *r) {
    rt_json_key(j, "ranking");
    rt_json_object(j);
    for (int p = 0; p < 2; p++) {
        const RtRankReport *k = &r->ranking[p];
        rt_json_key(j, p == 0 ? "val" : "test");
        rt_json_object(j);
        rt_json_key(j, "users");
        rt_json_int(j, k->n_users);
        rank_metrics(j, "model", k, k->model);
        rank_metrics(j, "popularity", k, k->popularity);
        rt_json_end_object(j);
    }
    rt_json_end_object(j);
}

int rt_metrics_write(const char *path, const RtRunReport *r, RtError *err) {
    RtJson j;
    rt_json_init(&j, 1);
    int mse = r->loss == HGNN_LOSS_MSE;
    rt_json_object(&j);
    rt_json_key(&j, "metric");
    rt_json_str(&j, mse ? "rmse" : "auc");
    rt_json_key(&j, mse ? "val_rmse" : "val_auc");
    rt_json_num(&j, mse ? r->val.rmse : r->val.auc);
    rt_json_key(&j, mse ? "test_rmse" : "test_auc");
    rt_json_num(&j, mse ? r->test.rmse : r->test.auc);
    if (mse) {
        // The trivial predictor a model must beat: the training labels' mean for every label.
        rt_json_key(&j, "baseline");
        rt_json_object(&j);
        rt_json_key(&j, "predict");
        rt_json_str(&j, "train_mean");
        rt_json_key(&j, "train_mean");
        rt_json_num(&j, r->baseline_mean);
        rt_json_key(&j, "val_rmse");
        rt_json_num(&j, r->baseline_val_rmse);
        rt_json_key(&j, "test_rmse");
        rt_json_num(&j, r->baseline_test_rmse);
        rt_json_end_object(&j);
    }
    rt_json_key(&j, "model");
    rt_json_str(&j, r->model ? r->model : "");
    rt_json_key(&j, "data");
    rt_json_str(&j, r->data ? r->data : "");
    rt_json_key(&j, "seed");
    rt_json_u64(&j, r->seed);
    rt_json_key(&j, "threads");
    rt_json_int(&j, r->threads);
    rt_json_key(&j, "threads_auto");
    rt_json_bool(&j, r->threads_auto);
    if (r->threads_auto) {
        // What --threads auto saw: the cores, and the calibration's medians when it ran.
        rt_json_key(&j, "threads_cores");
        rt_json_int(&j, r->cores);
        if (r->tried > 0) {
            rt_json_key(&j, "threads_tried");
            rt_json_int(&j, r->tried);
            rt_json_key(&j, "threads_ms_per_step_1");
            rt_json_num(&j, r->ms_one);
            rt_json_key(&j, "threads_ms_per_step_tried");
            rt_json_num(&j, r->ms_tried);
        }
    }
    rt_json_key(&j, "ranks");
    rt_json_int(&j, r->ranks > 0 ? r->ranks : 1);
    if (r->ranks > 1) {
        rt_json_key(&j, "bytes_sent_per_step");
        rt_json_num(&j, r->bytes_per_step);
    }
    rt_json_key(&j, "optimizer");
    rt_json_str(&j, r->optimizer ? r->optimizer : "adam");
    rt_json_key(&j, "precision");
    rt_json_str(&j, r->precision ? r->precision : "fp32");
    rt_json_key(&j, "batch_size");
    rt_json_int(&j, r->batch_size);
    rt_json_key(&j, "lr");
    rt_json_f32(&j, r->lr);
    rt_json_key(&j, "neg_ratio");
    rt_json_f32(&j, r->neg_ratio);
    rt_json_key(&j, "split_neg_ratio");
    rt_json_f32(&j, r->split_neg_ratio);
    rt_json_key(&j, "overrides");   // --set's values, as given
    rt_json_object(&j);
    for (int32_t i = 0; i < r->n_overrides; i++) {
        rt_json_key(&j, r->overrides[i].name);
        rt_json_str(&j, r->overrides[i].value);
    }
    rt_json_end_object(&j);
    rt_json_key(&j, "weight_decay");
    rt_json_f32(&j, r->weight_decay);
    rt_json_key(&j, "clip_norm");
    rt_json_f32(&j, r->clip_norm);
    rt_json_key(&j, "lr_schedule");
    rt_json_str(&j, r->lr_schedule[0] ? r->lr_schedule : "constant");
    rt_json_key(&j, "parameters");
    rt_json_int(&j, r->n_params);
    rt_json_key(&j, "blas_core");
    rt_json_str(&j, r->blas_core ? r->blas_core : "");
    rt_json_key(&j, "epochs");
    rt_json_array(&j);
    for (int32_t i = 0; i < r->n_epochs; i++) {
        const RtEpochStats *e = &r->epochs[i];
        rt_json_object(&j);
        rt_json_key(&j, "epoch");
        rt_json_int(&j, e->epoch);
        rt_json_key(&j, "loss");
        rt_json_num(&j, e->loss);
        rt_json_key(&j, "seconds");
        rt_json_num(&j, e->seconds);
        if (e->cpu_seconds == e->cpu_seconds) {
            rt_json_key(&j, "cpu_seconds");
            rt_json_num(&j, e->cpu_seconds);
        }
        if (r->ranks > 1) {
            rt_json_key(&j, "comm_seconds");
            rt_json_num(&j, e->comm_seconds);
        }
        if (e->model_seconds == e->model_seconds) {
            rt_json_key(&j, "model_seconds");
            rt_json_num(&j, e->model_seconds);
            rt_json_key(&j, "optimizer_seconds");
            rt_json_num(&j, e->optimizer_seconds);
            rt_json_key(&j, "wait_seconds");
            rt_json_num(&j, e->wait_seconds);
        }
        rt_json_key(&j, "batches");
        rt_json_int(&j, e->batches);
        rt_json_key(&j, "batches_per_second");
        rt_json_num(&j, e->seconds > 0 ? (double)e->batches / e->seconds : 0.0);
        rt_json_key(&j, "labels");
        rt_json_int(&j, e->labels);
        if (e->val_auc == e->val_auc) {
            rt_json_key(&j, "val_auc");
            rt_json_num(&j, e->val_auc);
        }
        if (e->val_rmse == e->val_rmse) {
            rt_json_key(&j, "val_rmse");
            rt_json_num(&j, e->val_rmse);
        }
        if (e->lr == e->lr) {
            rt_json_key(&j, "lr");
            rt_json_num(&j, e->lr);
        }
        rt_json_end_object(&j);
    }
    rt_json_end_array(&j);
    if (r->best_epoch > 0) {
        rt_json_key(&j, "best_epoch");
        rt_json_int(&j, r->best_epoch);
    }
    eval_obj(&j, "val", &r->val, mse);
    eval_obj(&j, "test", &r->test, mse);
    rt_json_key(&j, "split");
    rt_json_object(&j);
    split_obj(&j, "train", "supervision", r->train_mp, r->train_sup);
    split_obj(&j, "val", "labels", r->val_mp, r->val_labels);
    split_obj(&j, "test", "labels", r->test_mp, r->test_labels);
    rt_json_end_object(&j);
    if (r->has_ranking)
        ranking_obj(&j, r);
    rt_json_key(&j, "peak_rss_mb");
    rt_json_num(&j, r->peak_rss_mb);
    rt_json_end_object(&j);
    rt_json_raw(&j, "\n", 1);
    int rc;
    if (j.oom) {
        rt_err(err, path, 0, "out of memory");
        rc = -1;
    } else {
        const void *parts[] = {j.buf};
        size_t sizes[] = {j.len};
        rc = rt_file_write_atomic(path, parts, sizes, 1, err);
    }
    rt_json_free(&j);
    return rc;
}

double rt_peak_rss_mb(void) {
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0.0;
    return (double)ru.ru_maxrss / 1024.0;   // ru_maxrss is in KiB on Linux
}
