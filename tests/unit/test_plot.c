// test_plot.c — plot.c's charts from plain arrays, as the ranking evaluation will pass them:
// Recall@K against K for a model and the popularity baseline. Each series is one polyline with a
// point per finite (x, y), names are XML-escaped in the legend and the series, ticks are "nice",
// and rt_plot_write leaves the file (argv[1]; CTest runs xmllint on it) and no temporary.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "plot.h"

// Occurrences of needle in s.
static int count(const char *s, const char *needle) {
    int n = 0;
    for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

// The number of "x,y" pairs in the points of the polyline whose data-series is name.
static int points_of(const char *svg, const char *name) {
    char key[256];
    snprintf(key, sizeof key, "data-series=\"%s\"", name);
    const char *p = strstr(svg, key);
    if (!p || !(p = strstr(p, "points=\"")))
        return -1;
    int n = 0;
    for (p += 8; *p != '"'; p++)
        n += *p == ',';
    return n;
}

int main(int argc, char **argv) {
    double k[] = {1, 5, 10, 20, 50, 100};
    double model[] = {0.02, 0.08, 0.14, 0.22, 0.38, 0.51};
    double popular[] = {0.01, 0.04, NAN, 0.11, 0.21, 0.30};   // a K left unmeasured: skipped
    RtSeries s[] = {{"model", k, model, 6, 0},
                    {"popularity <baseline> & \"co\"", k, popular, 6, 0}};
    RtChart c;
    rt_chart_defaults(&c);
    c.title = "Recall@K on test";
    c.x_label = "K (items recommended per user)";
    c.y_label = "Recall@K (share of a user's held-out items)";
    c.integer_x = c.markers = 1;
    size_t len;
    char *svg = rt_plot_svg(&c, s, 2, &len);
    CHECK(svg && strlen(svg) == len);
    if (!svg)
        return check_done("test_plot");
    CHECK(strncmp(svg, "<?xml", 5) == 0);
    CHECK(count(svg, "<polyline") == 2);
    CHECK(points_of(svg, "model") == 6);
    CHECK(points_of(svg, "popularity &lt;baseline&gt; &amp; &quot;co&quot;") == 5);
    CHECK(count(svg, "<circle") == 11);
    CHECK(count(svg, ">popularity &lt;baseline&gt; &amp; &quot;co&quot;</text>") == 1);
    CHECK(count(svg, ">Recall@K on test</text>") == 1);
    // y from 0.01 to 0.51: ticks every 0.1 from 0.0 to 0.6, x every 20 up to 100.
    CHECK(strstr(svg, ">0.0</text>") && strstr(svg, ">0.6</text>") && !strstr(svg, ">0.7</text>"));
    CHECK(strstr(svg, ">20</text>") && strstr(svg, ">100</text>"));
    free(svg);

    // One point, and no data at all: still a document with its axes.
    RtSeries one = {"one", k, model, 1, 0};
    svg = rt_plot_svg(&c, &one, 1, &len);
    CHECK(svg && points_of(svg, "one") == 1 && !strstr(svg, "nan") && !strstr(svg, "inf"));
    free(svg);
    svg = rt_plot_svg(&c, NULL, 0, &len);
    CHECK(svg && strstr(svg, "</svg>") && !strstr(svg, "nan"));
    free(svg);

    if (argc > 1) {
        RtError err;
        CHECK(rt_plot_write(argv[1], &c, s, 2, &err) == 0);
        FILE *f = fopen(argv[1], "r");
        CHECK(f != NULL);
        if (f)
            fclose(f);
    }
    return check_done("test_plot");
}
