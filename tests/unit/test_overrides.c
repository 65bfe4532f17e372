// test_overrides.c — runtime/overrides.c: --set's train settings parsed from the one table
// (hgnn/settings.h) into HgnnDefaults (every kind: integer, number, fraction, fan-out list with
// and without brackets, betas), the rules between keys and against the loss, and refusals: one
// line naming the flag, the defaults untouched where they fail.
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hgnn/settings.h"
#include "check.h"
#include "overrides.h"

static HgnnDefaults tutorial(void) {
    return (HgnnDefaults){.epochs = 5, .batch_size = 128, .n_hops = 2, .fanout = {20, 10},
                          .lr = 0.001f, .neg_ratio = 2.0f, .val_frac = 0.1f, .test_frac = 0.1f,
                          .disjoint_frac = 0.3f, .adam_beta1 = 0.9f, .adam_beta2 = 0.999f,
                          .adam_eps = 1e-8f, .split_neg_ratio = 2.0f};
}

// Applies the --set arguments (NULL-terminated) to the tutorial's defaults for a model of loss
// `loss` (source: a .hgnn). Returns rt_overrides_apply's result; *d and the message out.
static int apply(int loss, int source, HgnnDefaults *d, RtError *err, const char *const *args) {
    static RtOverrides l;
    memset(&l, 0, sizeof l);
    *d = tutorial();
    for (; *args; args++)
        if (rt_overrides_add(&l, *args, err) < 0)
            return -1;
    HgnnModel m = {.name = "m", .loss = loss};
    return rt_overrides_apply(&l, &m, source, d, err);
}

#define APPLY(loss, source, ...)                                                                  \
    apply(loss, source, &d, &err, (const char *const[]){__VA_ARGS__, NULL})

// The refusal's text starts with want.
static int says(const RtError *err, const char *want) {
    return strncmp(err->msg, want, strlen(want)) == 0 && !strchr(err->msg, '\n');
}

int main(void) {
    HgnnDefaults d;
    RtError err;

    // Every key of the table is known to the runtime.
    int n;
    const HgnnSetting *t = hgnn_settings(&n);
    CHECK(n >= 12 && hgnn_setting_find("split_neg_ratio") && !hgnn_setting_find("hidden"));
    for (int i = 0; i < n; i++)
        CHECK(hgnn_setting_find(t[i].name) == &t[i]);

    CHECK(APPLY(HGNN_LOSS_BCE, 0, "epochs=15", "lr=0.01", "neg_ratio=4.0", "weight_decay=1e-5",
                "batch_size=256") == 0);
    CHECK(d.epochs == 15 && d.lr == 0.01f && d.neg_ratio == 4.0f && d.weight_decay == 1e-5f &&
          d.batch_size == 256);
    CHECK(d.split_neg_ratio == 2.0f);   // the split's ratio is its own
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "split_neg_ratio=1", "val=0.2", "test=0.15", "disjoint=0") ==
          0);
    CHECK(d.split_neg_ratio == 1.0f && d.neg_ratio == 2.0f && d.val_frac == 0.2f &&
          d.test_frac == 0.15f && d.disjoint_frac == 0.0f);
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "fanout=[5, -1, 3]") == 0);
    CHECK(d.n_hops == 3 && d.fanout[0] == 5 && d.fanout[1] == -1 && d.fanout[2] == 3 &&
          d.fanout[3] == 0);
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "fanout=7") == 0);
    CHECK(d.n_hops == 1 && d.fanout[0] == 7 && d.fanout[1] == 0);
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "betas=0.8,0.99", "eps=1e-6") == 0);
    CHECK(d.adam_beta1 == 0.8f && d.adam_beta2 == 0.99f && d.adam_eps == 1e-6f);
    // A .hgnn's constant is the front end's: the runtime leaves it alone.
    CHECK(APPLY(HGNN_LOSS_BCE, 1, "hidden=128") == 0);
    HgnnDefaults tu = tutorial();
    CHECK(memcmp(&d, &tu, sizeof d) == 0);

    // Refusals, one line naming the flag.
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "hidden=128") < 0 && says(&err, "--set hidden=128: 'hidden' is "
                                                            "not a train setting"));
    CHECK(strstr(err.msg, "pass the .hgnn source"));
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "lr=0") < 0 &&
          says(&err, "--set lr=0: lr takes a number above 0"));
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "lr=1e-3x") < 0 && says(&err, "--set lr=1e-3x: lr takes"));
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "lr=nan") < 0 && says(&err, "--set lr=nan: lr takes"));
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "epochs=0") < 0 && says(&err, "--set epochs=0: epochs takes an "
                                                          "integer from 1 to 10000"));
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "epochs=2.5") < 0 && says(&err, "--set epochs=2.5: epochs"));
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "neg_ratio=-1") < 0 &&
          says(&err, "--set neg_ratio=-1: neg_ratio takes a number from 0 to 1000"));
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "val=1") < 0 && says(&err, "--set val=1: val takes a fraction"));
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "val=0.5", "test=0.5") < 0 &&
          says(&err, "--set val=0.5: val + test must be below 1, saw 1"));
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "fanout=[]") < 0 && says(&err, "--set fanout=[]: fanout takes"));
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "fanout=[20,10") < 0 && says(&err, "--set fanout=[20,10: "));
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "fanout=1,2,3,4,5,6,7,8,9") < 0 &&
          says(&err, "--set fanout=1,2,3,4,5,6,7,8,9: fanout takes 1 to 8"));
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "betas=0.9,1") < 0 && says(&err, "--set betas=0.9,1: betas"));
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "lr") < 0 && says(&err, "--set lr: expected NAME=VALUE"));
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "=1") < 0 && says(&err, "--set =1: expected NAME=VALUE"));
    CHECK(APPLY(HGNN_LOSS_BCE, 0, "lr=0.1", "lr=0.2") < 0 &&
          says(&err, "--set lr=0.2: 'lr' is set twice"));
    // The loss's rules, as the checker's for a train block.
    CHECK(APPLY(HGNN_LOSS_MSE, 1, "neg_ratio=1") < 0 &&
          says(&err, "--set neg_ratio=1: model 'm' trains with loss mse"));
    CHECK(APPLY(HGNN_LOSS_MSE, 1, "split_neg_ratio=2") < 0 &&
          says(&err, "--set split_neg_ratio=2: model 'm' trains with loss mse"));
    CHECK(APPLY(HGNN_LOSS_MSE, 1, "neg_ratio=0") == 0);
    CHECK(APPLY(HGNN_LOSS_BPR, 1, "neg_ratio=0") < 0 &&
          says(&err, "--set neg_ratio=0: model 'm' trains with loss bpr"));
    CHECK(APPLY(HGNN_LOSS_BPR, 1, "split_neg_ratio=0") == 0);
    return check_done("test_overrides");
}
