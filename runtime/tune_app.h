// tune_app.h — hgnn-run's --tune (docs/tuning.md): the tuner's trials run on the data and split
// hgnn-run loaded and drew once; the live table, DIR/trials.json and DIR/best.hgnn.
#ifndef HGNN_TUNE_APP_H
#define HGNN_TUNE_APP_H

#include "app.h"

// Runs o->tune_path's search over graph g (node types dt, as the JIT adopts them) and the split
// of base, the run composed from the model and the run's --set (whose trainer chooses the
// threads of every trial under --threads auto). Returns 0, or -1 with err set.
int rt_tune_app_run(const RtAppOptions *o, const RtGraph *g, const HgnnNodeType *dt,
                    int32_t n_dt, RtApp *base, RtError *err);

#endif
