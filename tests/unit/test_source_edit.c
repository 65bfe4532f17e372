// test_source_edit.c — rt_source_set (runtime/source_edit.c) on the tutorial's text and on
// small sources: constants and train settings change in place, comments and layout stay,
// settings the source lacks join its train block (or a new one), and layers are refused.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source_edit.h"

static int fails;

static void expect(const char *src, const char *name, const char *value, const char *want) {
    size_t n = 0;
    RtError e;
    char *o = rt_source_set("m.hgnn", src, strlen(src), name, value, &n, &e);
    if (!want) {
        if (o) {
            fprintf(stderr, "test_source_edit: %s=%s was accepted:\n%s\n", name, value, o);
            fails++;
        } else if (!strstr(e.msg, "not a constant")) {
            fprintf(stderr, "test_source_edit: %s=%s: %s\n", name, value, e.msg);
            fails++;
        }
        free(o);
        return;
    }
    if (!o || strcmp(o, want) != 0 || n != strlen(want)) {
        fprintf(stderr, "test_source_edit: %s=%s gave\n---\n%s\n--- instead of\n%s\n---\n", name,
                value, o ? o : e.msg, want);
        fails++;
    }
    free(o);
}

static const char *M =
    "model m\n"
    "hidden = 64     # width\n"
    "lin = linear(-1, hidden)\n"
    "input user = lin(user.x)   # hidden = 3 here is a comment\n"
    "gnn = to_hetero(aggr=sum) {\n"
    "    hidden = relu(x)\n"
    "    return x\n"
    "}\n"
    "train {\n"
    "    epochs = 5   lr = 0.001   batch_size = 128\n"
    "    fanout = [20, 10]   neg_ratio = 2.0   # loader\n"
    "}\n";

int main(void) {
    // a constant: only its value changes, the comment stays
    {
        char w[2048];
        const char *p = strstr(M, "64");
        snprintf(w, sizeof w, "%.*s128%s", (int)(p - M), M, p + 2);
        expect(M, "hidden", "128", w);
    }
    // train settings, several on a line, a list
    {
        char w[2048];
        const char *p = strstr(M, "0.001");
        snprintf(w, sizeof w, "%.*s0.003%s", (int)(p - M), M, p + 5);
        expect(M, "lr", "0.003", w);
        p = strstr(M, "[20, 10]");
        snprintf(w, sizeof w, "%.*s[10,5]%s", (int)(p - M), M, p + 8);
        expect(M, "fanout", "[10,5]", w);
        p = strstr(M, "2.0");
        snprintf(w, sizeof w, "%.*s4%s", (int)(p - M), M, p + 3);
        expect(M, "neg_ratio", "4", w);
    }
    // a setting the source lacks joins the train block, on its own line
    {
        char w[2048];
        const char *p = strrchr(M, '}');
        snprintf(w, sizeof w, "%.*s    weight_decay = 1e-05\n}\n", (int)(p - M), M);
        expect(M, "weight_decay", "1e-05", w);
    }
    // no train block: one is added
    expect("model m\nhidden = 8\n", "lr", "0.01", "model m\nhidden = 8\ntrain {\n    lr = 0.01\n}\n");
    expect("model m\nhidden = 8", "lr", "0.01", "model m\nhidden = 8\ntrain {\n    lr = 0.01\n}\n");
    // a one-line train block
    expect("train { epochs = 5 }\n", "lr", "0.1", "train { epochs = 5   lr = 0.1 }\n");
    // layers and blocks are not constants
    expect(M, "lin", "3", NULL);
    expect(M, "gnn", "3", NULL);
    if (fails)
        return 1;
    printf("test_source_edit: ok\n");
    return 0;
}
