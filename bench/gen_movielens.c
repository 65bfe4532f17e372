// gen_movielens.c — synthetic MovieLens-shaped data for the scaling benchmarks. Takes a size
// (ratings, users, movies, genres) and a seed; yields DIR/movies.csv and DIR/ratings.csv in the
// exact ml-latest-small layout, each written to a temporary name, fsynced and renamed.
// Shapes follow ml-25m: power-law user activity and movie popularity, its genre mix, distinct
// (user, movie) pairs, ratings sorted by user then movie. Memory is O(users + movies): ratings
// are generated one user at a time and streamed out.
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "rng.h"

// ml-25m: 25,000,095 ratings by 162,541 users of 62,423 movies (and 20 genre strings). Default
// user and movie counts keep these ratios, so --ratings 25000000 alone gives ml-25m's shape.
#define ML25M_RATINGS 25000095.0
#define ML25M_USERS 162541.0
#define ML25M_MOVIES 62423.0

// User activity, fitted to ml-25m (min 20, median 71, mean 154, max 32,202 ratings): the user of
// rank r (0 = busiest) of U rates  dmin + A * (w(r) - w(U - 1))  movies, with
// w(r) = (1 + r / r0)^-USER_EXP and r0 = USER_R0 * U; subtracting w(U - 1) lets the least active
// user rate exactly dmin.
#define USER_EXP 0.55
#define USER_R0 3.2e-5
#define USER_MIN_FRAC 0.13     // dmin = 20 at ml-25m's mean of 154, at most 20

// Movie popularity, fitted to ml-latest-small's rank-frequency curve (top movie 0.33% of all
// ratings, median movie 3 ratings): the movie of rank r of M draws with weight
// (1 + r / MOVIE_Q)^-MOVIE_EXP * exp(-MOVIE_DECAY * r / M). The head's width MOVIE_Q is a fixed
// number of ranks, so the head stays heavy as M grows, as it does from ml-latest-small to ml-25m.
// A pure Zipf law puts far too much on the head (8.6% on the top movie of 62k at exponent 1).
#define MOVIE_EXP 0.6
#define MOVIE_Q 17.5
#define MOVIE_DECAY 2.5

// ml-25m's genre strings with the number of its 62,423 movies carrying each, most common first.
static const struct {
    const char *name;
    int count;
} genre_table[] = {
    {"Drama", 25606},     {"Comedy", 16870},   {"Thriller", 8654},   {"Romance", 7719},
    {"Action", 7348},     {"Horror", 5989},    {"Documentary", 5605}, {"Crime", 5319},
    {"(no genres listed)", 5062}, {"Adventure", 4145}, {"Sci-Fi", 3595}, {"Children", 2935},
    {"Animation", 2929},  {"Mystery", 2925},   {"Fantasy", 2731},    {"War", 1874},
    {"Western", 1399},    {"Musical", 1054},   {"Film-Noir", 353},   {"IMAX", 195},
};
#define N_GENRE_TABLE ((int)(sizeof genre_table / sizeof genre_table[0]))
#define NO_GENRES "(no genres listed)"
#define MAX_GENRES 1000

// ml-25m's rating values (0.5 .. 5.0 in half stars) in per mille, summing to 1000.
static const int rating_permille[10] = {16, 31, 16, 66, 50, 196, 126, 266, 85, 148};
static const char *const rating_text[10] = {"0.5", "1.0", "1.5", "2.0", "2.5",
                                            "3.0", "3.5", "4.0", "4.5", "5.0"};

// Ratings carry Unix times between ml-25m's first and last (1995-01-09 .. 2019-11-21).
#define T_FIRST 789652009LL
#define T_LAST 1574327703LL

// Independent random streams, so that movies.csv depends only on movies, genres and seed.
enum { STREAM_MOVIES = 1, STREAM_POPULARITY, STREAM_USERS, STREAM_RATINGS };

typedef struct Options {
    int64_t ratings, users, movies, genres;
    uint64_t seed;
    const char *out;
    int quiet;
} Options;

static _Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static _Noreturn void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "gen_movielens: error: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory (%zu bytes)", n);
    return p;
}

static double now(void) { return bench_seconds(CLOCK_MONOTONIC); }

// ---- output: a buffered file under a temporary name, renamed into place when complete ----

typedef struct Out {
    FILE *f;
    char *path, *tmp;
    char buf[1 << 16];      // lines are formatted here by hand: printf would dominate the run
    size_t len;
    int64_t bytes;
} Out;

static void out_open(Out *o, const char *dir, const char *name) {
    size_t n = strlen(dir) + strlen(name) + 40;
    o->path = xmalloc(n);
    o->tmp = xmalloc(n);
    snprintf(o->path, n, "%s/%s", dir, name);
    snprintf(o->tmp, n, "%s/.%s.tmp.%ld", dir, name, (long)getpid());
    o->f = fopen(o->tmp, "wb");
    if (!o->f)
        die("%s: cannot write: %s", o->tmp, strerror(errno));
    o->len = 0;
    o->bytes = 0;
}

static void out_flush(Out *o) {
    if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len) {
        int e = errno;
        fclose(o->f);
        remove(o->tmp);
        die("%s: cannot write: %s", o->tmp, strerror(e));
    }
    o->bytes += (int64_t)o->len;
    o->len = 0;
}

// Room for one line of at most `need` bytes.
static char *out_room(Out *o, size_t need) {
    if (o->len + need > sizeof o->buf)
        out_flush(o);
    return o->buf + o->len;
}

static void out_str(Out *o, const char *s) {
    size_t n = strlen(s);
    if (n > sizeof o->buf / 2)
        die("internal error: line too long");
    memcpy(out_room(o, n), s, n);
    o->len += n;
}

// Writes the digits of v (>= 0) at p; returns the end.
static char *put_uint(char *p, uint64_t v) {
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

// fsync before rename: a crash must leave either the old file or the whole new one.
static void out_close(Out *o) {
    out_flush(o);
    if (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0) {
        int e = errno;
        fclose(o->f);
        remove(o->tmp);
        die("%s: cannot write: %s", o->tmp, strerror(e));
    }
    fclose(o->f);
    if (rename(o->tmp, o->path) != 0) {
        int e = errno;
        remove(o->tmp);
        die("%s: cannot rename into place: %s", o->path, strerror(e));
    }
    free(o->path);
    free(o->tmp);
}

// ---- movies.csv ----

// Title words; a few are UTF-8, as real titles are ("Cité des enfants perdus, La").
static const char *const title_a[] = {
    "Dark", "Silent", "Last", "Lost", "Golden", "Broken", "Hidden", "Little", "Wild", "Secret",
    "Electric", "Midnight", "Forgotten", "Crimson", "Frozen", "Eternal", "Brave", "Strange",
    "Café", "Señor", "Über", "Blue", "Iron", "Paper", "Velvet", "Distant", "Burning", "Quiet",
};
static const char *const title_b[] = {
    "River", "City", "Night", "Summer", "Road", "Garden", "Kingdom", "Stranger", "Game",
    "Heart", "Mountain", "Station", "Promise", "Island", "Dream", "Empire", "Letter", "Storm",
    "Voyage", "Été", "Mirror", "Winter", "Harbor", "Detective", "Orchestra", "Frontier",
};
static const char *const title_article[] = {"The", "A", "La", "Les", "Das"};

#define COUNT(a) ((int)(sizeof(a) / sizeof(a)[0]))

// Genre names: ml-25m's in order of frequency, then made-up ones past its 20.
static void genre_names(int64_t g, char (*names)[32], double *p) {
    double total = 0;
    for (int i = 0; i < N_GENRE_TABLE; i++)
        total += genre_table[i].count;
    for (int64_t i = 0; i < g; i++) {
        if (i < N_GENRE_TABLE) {
            snprintf(names[i], 32, "%s", genre_table[i].name);
            p[i] = genre_table[i].count / total;
        } else {
            snprintf(names[i], 32, "Genre%lld", (long long)i + 1);
            p[i] = 0.02 * pow(0.9, (double)(i - N_GENRE_TABLE));
        }
    }
}

// Writes movies.csv; fills the raw movie ids (strictly increasing, with gaps as in MovieLens).
static void write_movies(const Options *o, int64_t *movie_id) {
    RtRng r;
    rt_rng_stream(&r, o->seed, STREAM_MOVIES);
    char (*names)[32] = xmalloc((size_t)o->genres * sizeof *names);
    double *p = xmalloc((size_t)o->genres * sizeof *p);
    genre_names(o->genres, names, p);
    // P(no genres) is its ml-25m share; the others are drawn independently, conditioned on the
    // movie having some, which keeps ml-25m's ~1.9 genres per movie.
    int none = -1;
    for (int64_t i = 0; i < o->genres; i++)
        if (strcmp(names[i], NO_GENRES) == 0)
            none = (int)i;
    double p_none = none >= 0 ? p[none] : 0.0;
    char *has = xmalloc((size_t)o->genres);
    // MovieLens lists a movie's genres in alphabetical order.
    int *order = xmalloc((size_t)o->genres * sizeof *order);
    for (int64_t i = 0; i < o->genres; i++)
        order[i] = (int)i;
    for (int64_t i = 1; i < o->genres; i++)
        for (int64_t j = i; j > 0 && strcmp(names[order[j - 1]], names[order[j]]) > 0; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }

    Out out;
    out_open(&out, o->out, "movies.csv");
    out_str(&out, "movieId,title,genres\n");
    int64_t id = 0;
    char line[256];
    for (int64_t m = 0; m < o->movies; m++) {
        // MovieLens ids skip numbers: ml-25m's largest id is 3.35x its movie count.
        double gap = floor(-2.82 * log(1.0 - rt_rng_uniform(&r)));
        id = m == 0 ? 1 : id + 1 + (int64_t)gap;
        movie_id[m] = id;

        int year = 1902 + (int)floor(117.0 * sqrt(rt_rng_uniform(&r)));   // recent years likelier
        const char *a = title_a[rt_rng_below(&r, COUNT(title_a))];
        const char *b = title_b[rt_rng_below(&r, COUNT(title_b))];
        double u = rt_rng_uniform(&r);
        char *q = line;
        if (u < 0.12) {
            // "Stranger, The (1999)": MovieLens moves articles behind a comma, so it is quoted.
            q += sprintf(q, "\"%s %s, %s (%d)\"", a, b,
                         title_article[rt_rng_below(&r, COUNT(title_article))], year);
        } else if (u < 0.13) {
            // A nickname in double quotes, doubled inside the quoted field (RFC 4180).
            q += sprintf(q, "\"%s \"\"%s\"\" %s (%d)\"", a, b, b, year);
        } else {
            q += sprintf(q, "%s %s (%d)", a, b, year);
        }

        memset(has, 0, (size_t)o->genres);
        int is_none = none >= 0 && rt_rng_uniform(&r) < p_none;
        int any = 0;
        if (!is_none) {
            for (int64_t g = 0; g < o->genres; g++)
                if (g != none && rt_rng_uniform(&r) < p[g] / (1.0 - p_none))
                    has[g] = 1, any = 1;
            if (!any) {
                int64_t g;
                do
                    g = (int64_t)rt_rng_below(&r, (uint64_t)o->genres);
                while (g == none && o->genres > 1);
                has[g] = 1;
            }
        }
        // The first movies carry one genre each in turn, so all G columns exist.
        if (m < o->genres) {
            if (m == none) {
                memset(has, 0, (size_t)o->genres);
                is_none = 1;
            } else {
                has[m] = 1;
                is_none = 0;
            }
        }
        if (is_none && none < 0)
            is_none = 0;

        char *w = out_room(&out, (size_t)(q - line) + 32 + (size_t)o->genres * 32);
        char *start = w;
        w = put_uint(w, (uint64_t)id);
        *w++ = ',';
        memcpy(w, line, (size_t)(q - line));
        w += q - line;
        *w++ = ',';
        if (is_none) {
            memcpy(w, NO_GENRES, strlen(NO_GENRES));
            w += strlen(NO_GENRES);
        } else {
            int first = 1;
            for (int64_t k = 0; k < o->genres; k++) {
                int64_t g = order[k];
                if (has[g] && g != none) {
                    if (!first)
                        *w++ = '|';
                    size_t n = strlen(names[g]);
                    memcpy(w, names[g], n);
                    w += n;
                    first = 0;
                }
            }
        }
        *w++ = '\n';
        out.len += (size_t)(w - start);
    }
    out_close(&out);
    free(has);
    free(order);
    free(names);
    free(p);
}

// ---- ratings.csv ----

// Walker's alias table: O(1) draws from n weights (Vose's construction).
typedef struct Alias {
    float *prob;
    int32_t *alias;
    int64_t n;
} Alias;

static void alias_build(Alias *t, const double *w, int64_t n) {
    t->n = n;
    t->prob = xmalloc((size_t)n * sizeof *t->prob);
    t->alias = xmalloc((size_t)n * sizeof *t->alias);
    double sum = 0;
    for (int64_t i = 0; i < n; i++)
        sum += w[i];
    double *s = xmalloc((size_t)n * sizeof *s);
    int32_t *small = xmalloc((size_t)n * sizeof *small);
    int32_t *large = xmalloc((size_t)n * sizeof *large);
    int64_t ns = 0, nl = 0;
    for (int64_t i = 0; i < n; i++) {
        s[i] = w[i] * (double)n / sum;
        if (s[i] < 1.0)
            small[ns++] = (int32_t)i;
        else
            large[nl++] = (int32_t)i;
    }
    while (ns && nl) {
        int32_t a = small[--ns], b = large[nl - 1];
        t->prob[a] = (float)s[a];
        t->alias[a] = b;
        s[b] -= 1.0 - s[a];
        if (s[b] < 1.0) {
            nl--;
            small[ns++] = b;
        }
    }
    while (nl) {
        int32_t b = large[--nl];
        t->prob[b] = 1.0f;
        t->alias[b] = b;
    }
    while (ns) {    // rounding leftovers: their mass is within float error of 1
        int32_t a = small[--ns];
        t->prob[a] = 1.0f;
        t->alias[a] = a;
    }
    free(s);
    free(small);
    free(large);
}

// One draw from one 64-bit random word: the high half picks a column (multiply-shift), the low
// half decides between it and its alias.
static inline int32_t alias_draw(const Alias *t, uint64_t x) {
    int32_t i = (int32_t)(((x >> 32) * (uint64_t)t->n) >> 32);
    float u = (float)(uint32_t)x * (1.0f / 4294967296.0f);
    return u < t->prob[i] ? i : t->alias[i];
}

// Ratings per user, by activity rank, summing to exactly `total`, each within [dmin, cap].
// The busiest users hit the cap first; the rest of the mass goes to the others in proportion to
// their power-law weight, and integer rounding leftovers go to the ranks after the capped ones.
static void user_degrees(int64_t users, int64_t total, int64_t dmin, int64_t cap, int32_t *deg) {
    double r0 = fmax(1.0, USER_R0 * (double)users);
    double *w = xmalloc((size_t)users * sizeof *w);
    double wsum = 0, tail = users > 1 ? pow(1.0 + (double)(users - 1) / r0, -USER_EXP) : 0.0;
    for (int64_t r = 0; r < users; r++)
        wsum += w[r] = pow(1.0 + (double)r / r0, -USER_EXP) - tail;
    int64_t k = 0;      // ranks [0, k) are at the cap
    double amp;
    for (;;) {
        amp = (double)(total - cap * k - dmin * (users - k)) / wsum;
        if (k == users || (double)dmin + amp * w[k] < (double)cap)
            break;
        wsum -= w[k];
        k++;
    }
    int64_t sum = 0;
    for (int64_t r = 0; r < users; r++) {
        int64_t d = r < k ? cap : dmin + (int64_t)floor(amp * w[r]);
        deg[r] = (int32_t)(d > cap ? cap : d);
        sum += deg[r];
    }
    for (int64_t r = k; sum < total; r = r + 1 < users ? r + 1 : k)
        if (deg[r] < cap)
            deg[r]++, sum++;
    free(w);
}

static int cmp_i32(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

// Fills picks[0..d) with d distinct movie rows for one user, sorted. Draws by popularity until
// the user has d movies or the draw budget runs out (a heavy user has taken most of the popular
// ones), then completes by selection sampling over the movies not yet taken.
static void pick_movies(const Alias *pop, const int32_t *rank_row, int32_t *stamp, int32_t user,
                        int32_t d, int32_t *picks, RtRng *r) {
    int64_t movies = pop->n, have = 0, budget = 4 * (int64_t)d + 64;
    while (have < d && budget-- > 0) {
        int32_t m = rank_row[alias_draw(pop, rt_rng_next(r))];
        if (stamp[m] != user) {
            stamp[m] = user;
            picks[have++] = m;
        }
    }
    if (have < d) {
        int64_t need = d - have, left = movies - have;
        for (int32_t m = 0; m < movies && need > 0; m++) {
            if (stamp[m] == user)
                continue;
            if ((int64_t)rt_rng_below(r, (uint64_t)left) < need) {
                stamp[m] = user;
                picks[have++] = m;
                need--;
            }
            left--;
        }
    }
    // A heavy user's rows come out sorted from one pass over the stamps, cheaper than a sort.
    if ((int64_t)d * 16 >= movies) {
        int64_t n = 0;
        for (int32_t m = 0; m < movies; m++)
            if (stamp[m] == user)
                picks[n++] = m;
    } else {
        qsort(picks, (size_t)d, sizeof *picks, cmp_i32);
    }
}

static void write_ratings(const Options *o, const int64_t *movie_id) {
    int64_t users = o->users, movies = o->movies;
    // Movie popularity by rank, ranks scattered over rows so popular movies are anywhere in ids.
    RtRng r;
    rt_rng_stream(&r, o->seed, STREAM_POPULARITY);
    double *w = xmalloc((size_t)movies * sizeof *w);
    for (int64_t i = 0; i < movies; i++)
        w[i] = pow(1.0 + (double)i / MOVIE_Q, -MOVIE_EXP) *
               exp(-MOVIE_DECAY * (double)i / (double)movies);
    Alias pop;
    alias_build(&pop, w, movies);
    free(w);
    int64_t *perm = xmalloc((size_t)(movies > users ? movies : users) * sizeof *perm);
    int32_t *rank_row = xmalloc((size_t)movies * sizeof *rank_row);
    for (int64_t i = 0; i < movies; i++)
        perm[i] = i;
    rt_rng_shuffle_i64(&r, perm, movies);
    for (int64_t i = 0; i < movies; i++)
        rank_row[i] = (int32_t)perm[i];

    // Activity by rank, then ranks scattered over user ids.
    int64_t dmin = llround(USER_MIN_FRAC * (double)o->ratings / (double)users);
    dmin = dmin < 1 ? 1 : dmin > 20 ? 20 : dmin;
    int64_t cap = movies / 2 > dmin ? movies / 2 : movies;  // ml-25m's busiest user: 52% of movies
    if (cap * users < o->ratings)
        cap = movies;
    int32_t *deg = xmalloc((size_t)users * sizeof *deg);
    user_degrees(users, o->ratings, dmin, cap, deg);
    rt_rng_stream(&r, o->seed, STREAM_USERS);
    for (int64_t i = 0; i < users; i++)
        perm[i] = i;
    rt_rng_shuffle_i64(&r, perm, users);

    int32_t *stamp = xmalloc((size_t)movies * sizeof *stamp);
    for (int64_t i = 0; i < movies; i++)
        stamp[i] = -1;
    int32_t *picks = xmalloc((size_t)cap * sizeof *picks);
    int32_t cum[10];
    for (int i = 0, c = 0; i < 10; i++)
        cum[i] = c += rating_permille[i];

    Out out;
    out_open(&out, o->out, "ratings.csv");
    out_str(&out, "userId,movieId,rating,timestamp\n");
    rt_rng_stream(&r, o->seed, STREAM_RATINGS);
    for (int64_t u = 0; u < users; u++) {
        int32_t d = deg[perm[u]];
        pick_movies(&pop, rank_row, stamp, (int32_t)u, d, picks, &r);
        // A user rates within an active span that starts at a random time: mostly months.
        double span = fmin(-180.0 * 86400.0 * log(1.0 - rt_rng_uniform(&r)), 4 * 365.0 * 86400);
        int64_t t0 = T_FIRST + (int64_t)rt_rng_below(&r, (uint64_t)(T_LAST - T_FIRST));
        if (t0 + (int64_t)span > T_LAST)
            span = (double)(T_LAST - t0);
        for (int32_t j = 0; j < d; j++) {
            uint64_t x = rt_rng_next(&r);
            int32_t pm = (int32_t)(((x >> 32) * 1000u) >> 32), v = 0;
            while (pm >= cum[v])
                v++;
            int64_t t = t0 + (int64_t)(span * ((double)(uint32_t)x * (1.0 / 4294967296.0)));
            char *p = out_room(&out, 64), *s = p;
            p = put_uint(p, (uint64_t)u + 1);
            *p++ = ',';
            p = put_uint(p, (uint64_t)movie_id[picks[j]]);
            *p++ = ',';
            memcpy(p, rating_text[v], 3);
            p += 3;
            *p++ = ',';
            p = put_uint(p, (uint64_t)t);
            *p++ = '\n';
            out.len += (size_t)(p - s);
        }
    }
    out_close(&out);
    if (!o->quiet)
        fprintf(stderr,
                "gen_movielens: ratings per user: min %lld, cap %lld; ratings.csv %.1f MB\n",
                (long long)dmin, (long long)cap, (double)out.bytes / 1e6);
    free(pop.prob);
    free(pop.alias);
    free(perm);
    free(rank_row);
    free(deg);
    free(stamp);
    free(picks);
}

// ---- command line ----

static const char usage[] =
    "usage: gen_movielens --out DIR [--ratings N] [--users U] [--movies M] [--genres G]\n"
    "                     [--seed S] [--quiet]\n"
    "\n"
    "Writes DIR/movies.csv and DIR/ratings.csv: synthetic data in the ml-latest-small layout,\n"
    "shaped like ml-25m (power-law activity and popularity, its genre mix, distinct pairs).\n"
    "\n"
    "  --out DIR      output directory (created if missing; its parent must exist)\n"
    "  --ratings N    ratings (edges); default 1000000\n"
    "  --users U      users; default N * 162541 / 25000095 (ml-25m's ratio), at least 1\n"
    "  --movies M     movies; default N * 62423 / 25000095 (ml-25m's ratio), at least 2 G\n"
    "                 and at least 2 N / U\n"
    "  --genres G     distinct genre strings, incl. (no genres listed) when G >= 9; default 20\n"
    "  --seed S       seed; the same flags give byte-identical files; default 0\n"
    "  --quiet        no summary on stderr\n";

static int64_t parse_count(const char *flag, const char *s, int64_t lo, int64_t hi) {
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > hi)
        die("%s expects an integer from %lld to %lld, saw '%s'", flag, (long long)lo,
            (long long)hi, s);
    return v;
}

static Options parse_args(int argc, char **argv) {
    Options o = {.ratings = 1000000, .users = -1, .movies = -1, .genres = 20};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            exit(0);
        }
        if (strcmp(a, "--quiet") == 0) {
            o.quiet = 1;
            continue;
        }
        if (i + 1 >= argc)
            die("%s expects a value (see gen_movielens --help)",
                a[0] == '-' ? a : "an option");
        const char *v = argv[++i];
        if (strcmp(a, "--ratings") == 0)
            o.ratings = parse_count(a, v, 1, INT32_MAX);
        else if (strcmp(a, "--users") == 0)
            o.users = parse_count(a, v, 1, INT32_MAX);
        else if (strcmp(a, "--movies") == 0)
            o.movies = parse_count(a, v, 1, 500000000);  // ids stay below 2^31 (loader's range)
        else if (strcmp(a, "--genres") == 0)
            o.genres = parse_count(a, v, 1, MAX_GENRES);
        else if (strcmp(a, "--seed") == 0)
            o.seed = (uint64_t)parse_count(a, v, 0, INT64_MAX);
        else if (strcmp(a, "--out") == 0)
            o.out = v;
        else
            die("unknown option '%s' (see gen_movielens --help)", a);
    }
    if (!o.out)
        die("missing --out DIR (see gen_movielens --help)");
    if (o.users < 0)
        o.users = llround((double)o.ratings * ML25M_USERS / ML25M_RATINGS);
    if (o.users < 1)
        o.users = 1;
    if (o.movies < 0) {
        // Below ~1M ratings ml-25m's ratio leaves too few movies for distinct pairs: keep a mean
        // user at no more than half of the movies.
        o.movies = llround((double)o.ratings * ML25M_MOVIES / ML25M_RATINGS);
        int64_t need = (2 * o.ratings + o.users - 1) / o.users;
        if (o.movies < need)
            o.movies = need;
        if (o.movies < 2 * o.genres)
            o.movies = 2 * o.genres;
    }
    if (o.movies < o.genres)
        die("%lld movies cannot show %lld genres (each genre needs a movie)",
            (long long)o.movies, (long long)o.genres);
    if (o.ratings < o.users)
        die("%lld ratings cannot cover %lld users (each user rates at least one movie)",
            (long long)o.ratings, (long long)o.users);
    if ((double)o.users * (double)o.movies < (double)o.ratings)
        die("%lld users and %lld movies have only %.0f distinct pairs, fewer than %lld ratings",
            (long long)o.users, (long long)o.movies, (double)o.users * (double)o.movies,
            (long long)o.ratings);
    return o;
}

int main(int argc, char **argv) {
    Options o = parse_args(argc, argv);
    if (mkdir(o.out, 0777) != 0 && errno != EEXIST)
        die("%s: cannot create directory: %s", o.out, strerror(errno));
    struct stat st;
    if (stat(o.out, &st) != 0 || !S_ISDIR(st.st_mode))
        die("%s: not a directory", o.out);
    double t0 = now();
    int64_t *movie_id = xmalloc((size_t)o.movies * sizeof *movie_id);
    write_movies(&o, movie_id);
    write_ratings(&o, movie_id);
    free(movie_id);
    if (!o.quiet)
        fprintf(stderr, "gen_movielens: %lld ratings, %lld users, %lld movies, %lld genres, "
                        "seed %llu -> %s in %.2f s\n",
                (long long)o.ratings, (long long)o.users, (long long)o.movies,
                (long long)o.genres, (unsigned long long)o.seed, o.out, now() - t0);
    return 0;
}
