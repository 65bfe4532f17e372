// plot.h — line charts as SVG files (hgnn-run --plot): named series of (x, y) points drawn over
// axes with ticks, labels and a legend. It knows nothing of training: the application passes
// plain arrays (loss per epoch, ROC points, Recall@K against K, ...) and a file name.
#ifndef HGNN_PLOT_H
#define HGNN_PLOT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct RtSeries {
    const char *name;           // the legend's text
    const double *x, *y;        // n points; a point with a non-finite coordinate is skipped
    int64_t n;
    int reference;              // a dashed grey guide (chance, a baseline's constant), not data
} RtSeries;

typedef struct RtChart {
    const char *title;
    const char *x_label, *y_label;      // what and in which unit: "epoch", "loss (BCE)"
    double x_min, x_max, y_min, y_max;  // NaN: from the data, widened to whole ticks
    int integer_x;              // x ticks on whole numbers only (epochs, K)
    int markers;                // a dot on each point (short series, e.g. one per epoch)
} RtChart;

// A chart with every limit NaN (from the data) and no title or labels.
void rt_chart_defaults(RtChart *c);

// The chart as an SVG document in a malloc'd string; *len receives its length. NULL when memory
// runs out.
char *rt_plot_svg(const RtChart *c, const RtSeries *s, int n_series, size_t *len);

// rt_plot_svg written to path atomically (json.h rt_file_write_atomic). Returns 0, or -1 with err
// naming PATH.
int rt_plot_write(const char *path, const RtChart *c, const RtSeries *s, int n_series,
                  RtError *err);

// Makes dir (one level) if it does not exist and checks that files can be created in it, so a
// run fails before training rather than after. Returns 0, or -1 with err naming DIR.
int rt_plot_dir(const char *dir, RtError *err);

#endif
