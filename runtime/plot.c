// plot.c — writes line charts as standalone SVG: a frame with grid lines at "nice" ticks (1, 2
// or 5 times a power of ten), tick labels, axis labels, a title, one polyline per series and a
// legend beside the frame, where it never covers data. Takes plain arrays (plot.h); yields SVG
// text or a file written atomically. Hand-written rather than gnuplot's: docs/plots.md says why.
#include "plot.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"

// The canvas, in SVG user units (pixels at 100% zoom).
enum { HEIGHT = 450, FRAME_W = 560, LEFT = 72, TOP = 42, BOTTOM = 58, LEGEND_GAP = 18 };
enum { FONT = 13, CHAR_W = 7 };     // an estimate of a sans-serif character's width at FONT

// Tableau's ten colours: distinct to most readers, including the common colour blindnesses.
static const char *const palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
enum { N_COLORS = sizeof palette / sizeof palette[0] };

void rt_chart_defaults(RtChart *c) {
    memset(c, 0, sizeof *c);
    c->x_min = c->x_max = c->y_min = c->y_max = NAN;
}

// A tick step of 1, 2 or 5 times a power of ten, giving about five intervals over span.
static double nice_step(double span) {
    double raw = span / 5.0, p = pow(10.0, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1.0 : f < 3.5 ? 2.0 : f < 7.5 ? 5.0 : 10.0) * p;
}

// One axis: its limits and tick step, from the chart's fixed limits or else the data's range
// widened to whole steps (integer axes keep the data's ends and step by whole numbers).
typedef struct Axis {
    double lo, hi, step;
    int decimals;           // of the tick labels
} Axis;

static Axis make_axis(double want_lo, double want_hi, double data_lo, double data_hi,
                      int integer) {
    Axis a;
    a.lo = isnan(want_lo) ? data_lo : want_lo;
    a.hi = isnan(want_hi) ? data_hi : want_hi;
    if (!(a.lo <= a.hi)) {      // no data at all
        a.lo = 0.0;
        a.hi = 1.0;
    }
    if (a.hi - a.lo < 1e-12 * (fabs(a.lo) + 1.0)) {
        double w = integer ? 1.0 : fabs(a.lo) > 0 ? fabs(a.lo) * 0.05 : 0.5;
        a.lo -= w;
        a.hi += w;
    }
    a.step = nice_step(a.hi - a.lo);
    if (integer && a.step < 1.0)
        a.step = 1.0;
    if (!integer) {
        if (isnan(want_lo))
            a.lo = floor(a.lo / a.step + 1e-9) * a.step;
        if (isnan(want_hi))
            a.hi = ceil(a.hi / a.step - 1e-9) * a.step;
    }
    a.decimals = a.step >= 1.0 ? 0 : (int)ceil(-log10(a.step) - 1e-9);
    return a;
}

// XML text: &, <, > and " escaped.
static void put_text(FILE *f, const char *s) {
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

// A series' finite range, folded into *lo, *hi.
static void fold_range(const double *v, const double *other, int64_t n, double *lo, double *hi) {
    for (int64_t i = 0; i < n; i++) {
        if (!isfinite(v[i]) || !isfinite(other[i]))
            continue;
        if (v[i] < *lo)
            *lo = v[i];
        if (v[i] > *hi)
            *hi = v[i];
    }
}

// The ticks of axis a, a grid line and a label each; vertical: the y axis.
static void put_ticks(FILE *f, const Axis *a, int vertical, double x0, double y0, double w,
                      double h) {
    for (double v = ceil(a->lo / a->step - 1e-9) * a->step; v <= a->hi + a->step * 1e-9;
         v += a->step) {
        double t = (v - a->lo) / (a->hi - a->lo);
        double shown = fabs(v) < a->step * 1e-9 ? 0.0 : v;   // no "-0.0"
        if (vertical) {
            double y = y0 + h - t * h;
            fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                    x0, y, x0 + w, y);
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.*f</text>\n", x0 - 6,
                    y + FONT * 0.35, a->decimals, shown);
        } else {
            double x = x0 + t * w;
            fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                    x, y0, x, y0 + h);
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.*f</text>\n", x,
                    y0 + h + FONT + 6, a->decimals, shown);
        }
    }
}

// The document: a white canvas, the title, the frame and grid, the series clipped to the
// frame, the axis labels and the legend to the right of the frame.
static void put_chart(FILE *f, const RtChart *c, const RtSeries *s, int n_series) {
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    size_t longest = 0;
    for (int i = 0; i < n_series; i++) {
        fold_range(s[i].x, s[i].y, s[i].n, &xlo, &xhi);
        fold_range(s[i].y, s[i].x, s[i].n, &ylo, &yhi);
        if (s[i].name && strlen(s[i].name) > longest)
            longest = strlen(s[i].name);
    }
    Axis ax = make_axis(c->x_min, c->x_max, xlo, xhi, c->integer_x);
    Axis ay = make_axis(c->y_min, c->y_max, ylo, yhi, 0);
    const double x0 = LEFT, y0 = TOP, w = FRAME_W, h = HEIGHT - TOP - BOTTOM;
    int width = LEFT + FRAME_W + LEGEND_GAP + 34 + (int)longest * CHAR_W + 16;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"%d\">\n",
            width, HEIGHT, width, HEIGHT, FONT);
    fputs("<style>.grid{stroke:#e0e0e0;stroke-width:1}"
          ".series{fill:none;stroke-width:2;stroke-linejoin:round}"
          ".reference{fill:none;stroke:#888;stroke-width:1.5;stroke-dasharray:6 4}</style>\n", f);
    fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, HEIGHT);
    fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"%d\" "
            "font-weight=\"bold\">", x0 + w / 2, TOP - 16, FONT + 3);
    put_text(f, c->title);
    fputs("</text>\n", f);
    fprintf(f, "<clipPath id=\"frame\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
            "height=\"%.1f\"/></clipPath>\n", x0 - 4, y0 - 4, w + 8, h + 8);
    put_ticks(f, &ax, 0, x0, y0, w, h);
    put_ticks(f, &ay, 1, x0, y0, w, h);
    fprintf(f, "<rect id=\"plot-area\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"none\" stroke=\"#333\"/>\n", x0, y0, w, h);
    for (int i = 0; i < n_series; i++) {
        const RtSeries *r = &s[i];
        const char *color = r->reference ? "#888" : palette[i % N_COLORS];
        fputs("<g clip-path=\"url(#frame)\">\n<polyline class=\"", f);
        fputs(r->reference ? "reference" : "series", f);
        fputs("\" data-series=\"", f);
        put_text(f, r->name);
        fprintf(f, "\" stroke=\"%s\" points=\"", color);
        for (int64_t k = 0, first = 1; k < r->n; k++) {
            if (!isfinite(r->x[k]) || !isfinite(r->y[k]))
                continue;
            fprintf(f, "%s%.2f,%.2f", first ? "" : " ",
                    x0 + (r->x[k] - ax.lo) / (ax.hi - ax.lo) * w,
                    y0 + h - (r->y[k] - ay.lo) / (ay.hi - ay.lo) * h);
            first = 0;
        }
        fputs("\"/>\n", f);
        for (int64_t k = 0; c->markers && !r->reference && k < r->n; k++)
            if (isfinite(r->x[k]) && isfinite(r->y[k]))
                fprintf(f, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3.5\" fill=\"%s\"/>\n",
                        x0 + (r->x[k] - ax.lo) / (ax.hi - ax.lo) * w,
                        y0 + h - (r->y[k] - ay.lo) / (ay.hi - ay.lo) * h, color);
        fputs("</g>\n", f);
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x0 + w / 2, HEIGHT - 14);
    put_text(f, c->x_label);
    fputs("</text>\n", f);
    fprintf(f, "<text transform=\"translate(%d %.1f) rotate(-90)\" text-anchor=\"middle\">", 18,
            y0 + h / 2);
    put_text(f, c->y_label);
    fputs("</text>\n", f);
    // The legend: a swatch and the name of each series, top to bottom beside the frame.
    double lx = x0 + w + LEGEND_GAP;
    for (int i = 0; i < n_series; i++) {
        double ly = y0 + 10 + i * (FONT + 9);
        fprintf(f, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                "stroke=\"%s\"/>\n", s[i].reference ? "reference" : "series", lx, ly, lx + 26,
                ly, s[i].reference ? "#888" : palette[i % N_COLORS]);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">", lx + 34, ly + FONT * 0.35);
        put_text(f, s[i].name);
        fputs("</text>\n", f);
    }
    fputs("</svg>\n", f);
}

char *rt_plot_svg(const RtChart *c, const RtSeries *s, int n_series, size_t *len) {
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f)
        return NULL;
    put_chart(f, c, s, n_series);
    if (ferror(f)) {
        fclose(f);
        free(buf);
        return NULL;
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

int rt_plot_write(const char *path, const RtChart *c, const RtSeries *s, int n_series,
                  RtError *err) {
    size_t len;
    char *svg = rt_plot_svg(c, s, n_series, &len);
    if (!svg)
        return rt_err(err, path, 0, "out of memory");
    const void *parts[] = {svg};
    int rc = rt_file_write_atomic(path, parts, &len, 1, err);
    free(svg);
    return rc;
}

int rt_plot_dir(const char *dir, RtError *err) {
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return rt_err(err, dir, 0, "cannot make the plot directory: %s", strerror(errno));
    // Creating a file is the only sure test: permissions, a read-only mount, root's overrides.
    char probe[4096];
    if (snprintf(probe, sizeof probe, "%s/.hgnn-plot.%ld", dir, (long)getpid()) >=
        (int)sizeof probe)
        return rt_err(err, dir, 0, "path too long");
    int fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return rt_err(err, dir, 0, "cannot write plots into this directory: %s",
                      strerror(errno));
    close(fd);
    unlink(probe);
    return 0;
}
