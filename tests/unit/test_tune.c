// test_tune.c — the tuner's search space reader and search (runtime/tune_space.c, tune.c)
// against a formula in place of training and a clock that advances by the epochs trained:
// spaces parse (and malformed ones fail with one line naming the file and line), draws stay in
// their ranges, the same seed runs the same trials, successive halving promotes the best of each
// rung, the budget cuts the sequence, the chosen trial is the best of the highest rung, and a
// budget too small for one trial is refused.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "tune.h"
#include "tune_space.h"

static int parse(const char *text, RtTuneSpace *s, RtError *e) {
    return rt_tune_space_parse("space.json", text, strlen(text), s, e);
}

static const char *SPACE =
    "{\n"
    "  \"objective\": \"val_auc\",\n"
    "  \"budget\": \"2m\",\n"
    "  \"eta\": 3, \"min_epochs\": 1, \"max_epochs\": 9,\n"
    "  \"params\": {\n"
    "    \"hidden\": {\"choice\": [32, 64, 128]},\n"
    "    \"lr\": {\"log_uniform\": [0.0001, 0.01]},\n"
    "    \"neg_ratio\": {\"uniform\": [1, 8]},\n"
    "    \"batch_size\": {\"int\": [64, 512]},\n"
    "    \"fanout\": {\"choice\": [[20, 10], [10, 5]]}\n"
    "  }\n"
    "}\n";

// The objective of a configuration: best at lr = 0.003, hidden 128, neg_ratio 4, improving with
// epochs; a clock ticks 0.5 s per epoch plus 0.1 s per trial.
typedef struct Fake {
    double clock;
    int calls;
} Fake;

static double fake_clock(void *ctx) { return ((Fake *)ctx)->clock; }

static int fake_run(void *ctx, const RtTuneSpace *s, const char (*values)[RT_TUNE_VALUE_MAX],
                    int32_t epochs, int want_test, double *val, double *test, RtError *err) {
    (void)err;
    Fake *f = ctx;
    double hidden = atof(values[0]), lr = atof(values[1]), neg = atof(values[2]);
    CHECK(s->n_params == 5);
    *val = 0.9 - 0.01 * fabs(log10(lr / 0.003)) - 0.0001 * fabs(neg - 4) +
           0.001 * log2(hidden / 32) + 0.01 * (1 - 1.0 / epochs);
    if (want_test)
        *test = *val - 0.001;
    f->clock += 0.5 * epochs + 0.1;
    f->calls++;
    return 0;
}

static void test_parse(void) {
    RtTuneSpace s;
    RtError e;
    CHECK(parse(SPACE, &s, &e) == 0);
    CHECK(s.n_params == 5 && s.eta == 3 && s.min_epochs == 1 && s.max_epochs == 9);
    CHECK(s.budget == 120 && !s.minimize && s.ndcg_k == 0);
    CHECK(strcmp(s.params[0].name, "hidden") == 0 && s.params[0].kind == RT_TUNE_CHOICE);
    CHECK(strcmp(s.params[0].values[2], "128") == 0);
    CHECK(strcmp(s.params[4].values[0], "[20,10]") == 0);
    CHECK(s.params[1].kind == RT_TUNE_LOG_UNIFORM && s.params[1].lo == 0.0001);
    CHECK(parse("{\"objective\": \"val_ndcg@10\", \"params\": {\"lr\": {\"uniform\": [0.001, "
                "0.01]}}}", &s, &e) == 0);
    CHECK(s.ndcg_k == 10 && s.max_epochs == 27);    // min_epochs 1 x eta^3
    CHECK(parse("{\"objective\": \"val_rmse\", \"params\": {\"lr\": {\"uniform\": [1, 1]}}}",
                &s, &e) == 0 && s.minimize);

    // Malformed spaces: one line, the file and the line of the offence.
    static const struct {
        const char *text, *says;
        int line;
    } bad[] = {
        {"{\"params\": {\n\"lr\": {\"uniform\": [0.01, 0.001]}}}", "lo <= hi", 2},
        {"{\"params\": {\"lr\": {\"log_uniform\": [0, 1]}}}", "lo > 0", 1},
        {"{\n\"objective\": \"test_auc\", \"params\": {\"lr\": {\"uniform\": [0, 1]}}}",
         "never an objective", 2},
        {"{\"params\": {}}", "at least one setting", 1},
        {"{\n\n\"budget\": \"soon\", \"params\": {\"lr\": {\"uniform\": [0, 1]}}}", "\"35s\"", 3},
        {"{\"params\": {\"lr\": {\"gauss\": [0, 1]}}}", "unknown kind", 1},
        {"{\"params\": {\"epochs\": {\"int\": [1, 5]}}}", "the tuner's", 1},
        {"{\"params\": {\"lr\": {\"uniform\": [0, 1]}}, \"etaa\": 3}", "unknown key 'etaa'", 1},
        {"{\"eta\": 1, \"params\": {\"lr\": {\"uniform\": [0, 1]}}}", "from 2 to 16", 1},
        {"{\"params\": {\"b\": {\"int\": [1.5, 4]}}}", "integers", 1},
        {"{\"params\": {\"h\": {\"choice\": []}}}", "1 to 32 values", 1},
        {"{\"params\": {\"h\": {\"choice\": [true]}}}", "a choice is", 1},
        {"{\"min_epochs\": 5, \"max_epochs\": 2, \"params\": {\"h\": {\"choice\": [1]}}}",
         "below min_epochs", 1},
        {"{\n  \"params\": {\"lr\": {\"uniform\": [0, 1]}\n  ,}", "column", 3},
        {"[1, 2]", "JSON object", 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&e, 0, sizeof e);
        int rc = parse(bad[i].text, &s, &e);
        CHECK(rc < 0);
        if (rc < 0) {
            if (!strstr(e.msg, bad[i].says) || e.line != bad[i].line ||
                strcmp(e.file, "space.json") != 0 || strchr(e.msg, '\n'))
                fprintf(stderr, "test_tune: bad space %zu: %s:%lld: %s\n", i, e.file,
                        (long long)e.line, e.msg);
            CHECK(strstr(e.msg, bad[i].says) && e.line == bad[i].line);
            CHECK(!strchr(e.msg, '\n'));
        }
    }
    RtError e2;
    CHECK(rt_tune_space_read("/nonexistent/space.json", &s, &e2) < 0 &&
          strcmp(e2.file, "/nonexistent/space.json") == 0);
    CHECK(rt_tune_parse_budget("35s") == 35 && rt_tune_parse_budget("2m") == 120 &&
          rt_tune_parse_budget("1.5h") == 5400 && rt_tune_parse_budget("90") == 90);
    CHECK(rt_tune_parse_budget("0s") < 0 && rt_tune_parse_budget("5x") < 0 &&
          rt_tune_parse_budget("") < 0 && rt_tune_parse_budget("-3") < 0);
}

static void test_draw(void) {
    RtTuneSpace s;
    RtError e;
    CHECK(parse(SPACE, &s, &e) == 0);
    for (int i = 0; i < 1000; i++) {
        double u = i / 1000.0;
        char v[RT_TUNE_VALUE_MAX];
        rt_tune_param_draw(&s.params[1], u, v);
        CHECK(atof(v) >= 0.0001 * 0.9999 && atof(v) <= 0.01 * 1.0001);
        rt_tune_param_draw(&s.params[3], u, v);
        CHECK(atoi(v) >= 64 && atoi(v) <= 512 && strchr(v, '.') == NULL);
        rt_tune_param_draw(&s.params[0], u, v);
        CHECK(!strcmp(v, "32") || !strcmp(v, "64") || !strcmp(v, "128"));
    }
    char lo[RT_TUNE_VALUE_MAX], hi[RT_TUNE_VALUE_MAX];
    rt_tune_param_draw(&s.params[3], 0.0, lo);
    rt_tune_param_draw(&s.params[3], 0.9999999, hi);
    CHECK(strcmp(lo, "64") == 0 && strcmp(hi, "512") == 0);
}

static int search(const RtTuneSpace *s, double budget, uint64_t seed, int32_t max_trials,
                  RtTuneResult *r, Fake *f, RtError *e) {
    memset(f, 0, sizeof *f);
    RtTuneConfig c = {.budget = budget, .seed = seed, .max_trials = max_trials,
                      .clock = fake_clock, .clock_ctx = f, .out = NULL};
    return rt_tune_run(s, &c, fake_run, f, r, e);
}

static void test_search(void) {
    RtTuneSpace s;
    RtError e;
    CHECK(parse(SPACE, &s, &e) == 0);
    RtTuneResult a, b, c;
    Fake f;
    CHECK(search(&s, 60, 7, 0, &a, &f, &e) == 0);
    CHECK(a.n > 20 && a.best >= 0);
    CHECK(f.clock <= 60 + 1e-9);            // never past the budget (the estimate is exact here)
    // Rungs of 1, 3, 9 epochs; the first bracket: 9 configurations at 1 epoch, 3 at 3, 1 at 9.
    for (int i = 0; i < 9; i++)
        CHECK(a.trials[i].rung == 0 && a.trials[i].epochs == 1 && a.trials[i].config == i);
    for (int i = 9; i < 12; i++)
        CHECK(a.trials[i].rung == 1 && a.trials[i].epochs == 3);
    CHECK(a.trials[12].rung == 2 && a.trials[12].epochs == 9);
    // The 3 promoted are the 3 best of rung 0.
    for (int i = 9; i < 12; i++) {
        int beaten = 0;
        double v = -1;
        for (int k = 0; k < 9; k++)
            if (a.trials[k].config == a.trials[i].config)
                v = a.trials[k].val;
        for (int k = 0; k < 9; k++)
            beaten += a.trials[k].val > v;
        CHECK(v >= 0 && beaten < 3);
    }
    // Only last-rung trials measure test, and the best is the best of the highest rung.
    for (int i = 0; i < a.n; i++) {
        CHECK((a.trials[i].rung == 2) == (a.trials[i].test == a.trials[i].test));
        if (a.trials[i].rung == 2)
            CHECK(a.trials[i].val <= a.trials[a.best].val);
    }
    CHECK(a.trials[a.best].rung == 2);
    // The same seed: the same trials; another seed: other configurations.
    CHECK(search(&s, 60, 7, 0, &b, &f, &e) == 0);
    CHECK(a.n == b.n && a.best == b.best);
    for (int i = 0; i < a.n && i < b.n; i++)
        CHECK(memcmp(a.trials[i].values, b.trials[i].values, sizeof a.trials[i].values) == 0 &&
              a.trials[i].val == b.trials[i].val);
    CHECK(search(&s, 60, 8, 0, &c, &f, &e) == 0);
    CHECK(memcmp(a.trials[0].values, c.trials[0].values, sizeof a.trials[0].values) != 0);
    rt_tune_result_free(&b);
    // A shorter budget runs a prefix of the same sequence.
    CHECK(search(&s, 12, 7, 0, &b, &f, &e) == 0);
    CHECK(b.n < a.n && b.n >= 9);
    for (int i = 0; i < b.n; i++)
        CHECK(memcmp(a.trials[i].values, b.trials[i].values, sizeof a.trials[i].values) == 0);
    rt_tune_result_free(&b);
    // max_trials cuts it too.
    CHECK(search(&s, 1000, 7, 5, &b, &f, &e) == 0 && b.n == 5 && f.calls == 5);
    CHECK(b.trials[b.best].rung == 0);
    rt_tune_result_free(&b);
    // A small space of choices is spent: each (configuration, epochs) runs once, then it stops.
    {
        RtTuneSpace t;
        CHECK(parse("{\"min_epochs\": 1, \"max_epochs\": 3, \"params\": {"
                    "\"hidden\": {\"choice\": [32, 128]}, \"lr\": {\"choice\": [0.003]}, "
                    "\"neg_ratio\": {\"choice\": [4]}, \"batch_size\": {\"choice\": [128]}, "
                    "\"fanout\": {\"choice\": [[20, 10]]}}}", &t, &e) == 0);
        CHECK(search(&t, 1e6, 7, 0, &b, &f, &e) == 0);
        CHECK(b.n >= 2 && b.n <= 4 && f.calls == b.n && f.clock < 100);
        for (int i = 0; i < b.n; i++)
            for (int k = 0; k < i; k++)
                CHECK(b.trials[i].epochs != b.trials[k].epochs ||
                      memcmp(b.trials[i].values, b.trials[k].values, sizeof b.trials[i].values));
        rt_tune_result_free(&b);
    }
    // A budget too small for the first trial is refused.
    CHECK(search(&s, 0.3, 7, 0, &b, &f, &e) < 0 && strstr(e.msg, "too small for one trial"));
    rt_tune_result_free(&b);
    // The JSON record reads back.
    RtTuneConfig cfg = {.budget = 60, .seed = 7};
    char path[] = "/tmp/test_tune.XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0)
        close(fd);
    CHECK(rt_tune_write_json(path, &s, &cfg, &a, &e) == 0);
    FILE *j = fopen(path, "r");
    char buf[256] = {0};
    CHECK(j && fread(buf, 1, sizeof buf - 1, j) > 0);
    CHECK(strstr(buf, "\"objective\": \"val_auc\""));
    if (j)
        fclose(j);
    remove(path);
    rt_tune_result_free(&a);
    rt_tune_result_free(&c);
}

int main(void) {
    test_parse();
    test_draw();
    test_search();
    return check_done("test_tune");
}
