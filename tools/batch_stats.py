#!/usr/bin/python3
"""batch_stats.py — statistics of a split and of sampled training batches, for comparing hgnn
with PyG where their random streams differ (tools/README.md).

Each DIR is one seed's dump, written by `pyg_batch.py export` (PyG) or `build/hgnn_batch` (hgnn)
in the same layout: split/<part>.edge_index.npy, .edge_label_index.npy, .edge_label.npy
(global ids) and batches/NNNN/batch/ (tools/pyg_batch.py describes a batch directory).

  batch_stats.py --a pyg0 pyg1 ... --b hgnn0 hgnn1 ...   mean ± standard error of every
                                                         statistic over the seeds of each side,
                                                         and their difference in standard errors

Needs numpy and pandas only (no torch); never run by the tests.
"""
import argparse
import math
import os
import os.path as osp
import sys

import numpy as np
import pandas as pd

USER, MOVIE = "user", "movie"
ET = "user__rates__movie"
REV = "movie__rev_rates__user"


def full_graph(data_dir):
    movies = pd.read_csv(osp.join(data_dir, "movies.csv"), index_col="movieId")
    ratings = pd.read_csv(osp.join(data_dir, "ratings.csv"))
    users = ratings["userId"].unique()
    u = pd.Series(np.arange(len(users)), index=users)[ratings["userId"]].values
    m = pd.Series(np.arange(len(movies)), index=movies.index)[ratings["movieId"]].values
    return len(users), len(movies), u.astype(np.int64), m.astype(np.int64)


def load(d, name):
    return np.load(osp.join(d, name))


def split_stats(d, n_movies, edge_keys):
    """Sizes, and who is in each part: degrees of the label endpoints in the part's
    message-passing graph, cold movies, negatives that are edgeless movies or true edges."""
    out = {}
    deg_all = np.bincount(edge_keys % n_movies, minlength=n_movies)
    for part in ("train", "val", "test"):
        ei = load(d, f"split/{part}.edge_index.npy").astype(np.int64)
        eli = load(d, f"split/{part}.edge_label_index.npy").astype(np.int64)
        el = load(d, f"split/{part}.edge_label.npy")
        pos, neg = eli[:, el == 1], eli[:, el == 0]
        mdeg = np.bincount(ei[1], minlength=n_movies)
        udeg = np.bincount(ei[0], minlength=int(ei[0].max()) + 1 if ei.size else 1)
        out[f"{part}.message_passing"] = ei.shape[1]
        out[f"{part}.positives"] = pos.shape[1]
        out[f"{part}.negatives"] = neg.shape[1]
        if pos.shape[1]:
            out[f"{part}.pos movie degree"] = float(mdeg[pos[1]].mean())
            out[f"{part}.pos user degree"] = float(udeg[np.minimum(pos[0], len(udeg) - 1)].mean())
            out[f"{part}.pos cold movie %"] = 100.0 * float((mdeg[pos[1]] == 0).mean())
        if neg.shape[1]:
            keys = neg[0] * n_movies + neg[1]
            out[f"{part}.neg movie degree"] = float(mdeg[neg[1]].mean())
            out[f"{part}.neg edgeless movie %"] = 100.0 * float((deg_all[neg[1]] == 0).mean())
            out[f"{part}.neg true edges %"] = 100.0 * float(np.isin(keys, edge_keys).mean())
            out[f"{part}.neg duplicates %"] = 100.0 * (1 - len(np.unique(keys)) / len(keys))
    return out


def batch_stats(bdir, n_movies, edge_keys, train_mp_keys):
    """One training batch: nodes and edges per type and hop, neighbours per frontier node, and
    what its negatives are (duplicates, true edges, the batch's own positives)."""
    b = osp.join(bdir, "batch")
    n_id = {t: load(b, f"n_id.{t}.npy") for t in (USER, MOVIE)}
    ei = {e: load(b, f"edge_index.{e}.npy").astype(np.int64) for e in (ET, REV)}
    eli = load(b, "edge_label_index.npy").astype(np.int64)
    el = load(b, "edge_label.npy")
    seeds = {USER: len(np.unique(eli[0])), MOVIE: len(np.unique(eli[1]))}
    src_t, dst_t = {ET: USER, REV: MOVIE}, {ET: MOVIE, REV: USER}
    s = {"labels": len(el), "positives": int((el == 1).sum())}
    # Hop 0 expands the seeds, hop 1 the nodes found at hop 0 (ids seeds .. after0 - 1).
    after0 = dict(seeds)
    for e in (ET, REV):
        hop0 = ei[e][1] < seeds[dst_t[e]]
        if hop0.any():
            t = src_t[e]
            after0[t] = max(after0[t], int(ei[e][0][hop0].max()) + 1)
    for t in (USER, MOVIE):
        s[f"{t} seeds"] = seeds[t]
        s[f"{t} nodes hop0"] = after0[t] - seeds[t]
        s[f"{t} nodes hop1"] = len(n_id[t]) - after0[t]
        s[f"{t} nodes"] = len(n_id[t])
    for e in (ET, REV):
        d = dst_t[e]
        hop0 = ei[e][1] < seeds[d]
        s[f"{e} edges"] = ei[e].shape[1]
        s[f"{e} per seed hop0"] = float(hop0.sum()) / max(seeds[d], 1)
        s[f"{e} per node hop1"] = float((~hop0).sum()) / max(after0[d] - seeds[d], 1)
        # An edge drawn twice for one destination would be a sampler bug (no replacement).
        pairs = ei[e][0] * (1 << 32) + ei[e][1]
        s[f"{e} repeated edges"] = len(pairs) - len(np.unique(pairs))
    g = np.stack([n_id[USER][eli[0]], n_id[MOVIE][eli[1]]]).astype(np.int64)
    keys = g[0] * n_movies + g[1]
    pos, neg = keys[el == 1], keys[el == 0]
    if len(neg):
        s["neg duplicates %"] = 100.0 * (1 - len(np.unique(neg)) / len(neg))
        s["neg true edges %"] = 100.0 * float(np.isin(neg, edge_keys).mean())
        s["neg train mp edges %"] = 100.0 * float(np.isin(neg, train_mp_keys).mean())
        s["neg batch positives %"] = 100.0 * float(np.isin(neg, pos).mean())
    return s


def order_stats(d, n_batches):
    """The epoch's order of supervision edges: the first batch's mean input id (uniform:
    (L-1)/2) and the share of its ids in the first half."""
    ids = [load(osp.join(d, "batches", f"{i:04d}", "batch"), "input_id.npy")
           for i in range(n_batches)]
    first = ids[0].astype(np.float64)
    return {"order first batch mean input id": float(first.mean()),
            "order batches seen": n_batches,
            "order distinct ids %": 100.0 * len(np.unique(np.concatenate(ids)))
            / sum(len(x) for x in ids)}


def seed_stats(d, graph):
    n_users, n_movies, u, m = graph
    edge_keys = np.unique(u * n_movies + m)
    tr = load(d, "split/train.edge_index.npy").astype(np.int64)
    train_mp_keys = np.unique(tr[0] * n_movies + tr[1])
    out = split_stats(d, n_movies, edge_keys)
    bdirs = sorted(os.listdir(osp.join(d, "batches")))
    per = [batch_stats(osp.join(d, "batches", x), n_movies, edge_keys, train_mp_keys)
           for x in bdirs]
    for k in per[0]:
        out["batch " + k] = float(np.mean([p[k] for p in per if k in p]))
    out.update(order_stats(d, len(bdirs)))
    return out


def summary(values):
    v = np.array(values, dtype=np.float64)
    sem = v.std(ddof=1) / math.sqrt(len(v)) if len(v) > 1 else 0.0
    return v.mean(), sem


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--a", nargs="+", required=True, help="dumps of side A (e.g. PyG), one a seed")
    p.add_argument("--b", nargs="*", default=[], help="dumps of side B (e.g. hgnn)")
    p.add_argument("--names", default="pyg,hgnn")
    p.add_argument("--data-dir", default="data/ml-latest-small")
    args = p.parse_args()
    graph = full_graph(args.data_dir)
    na, nb = args.names.split(",")
    A = [seed_stats(d, graph) for d in args.a]
    B = [seed_stats(d, graph) for d in args.b]
    print(f"{'statistic':40s} {na + f' ({len(A)} seeds)':>24s} "
          + (f"{nb + f' ({len(B)} seeds)':>24s} {'diff/se':>8s}" if B else ""))
    for k in A[0]:
        ma, sa = summary([s[k] for s in A if k in s])
        line = f"{k:40s} {ma:14.4f} ± {sa:7.4f}"
        if B:
            mb, sb = summary([s[k] for s in B if k in s])
            se = math.hypot(sa, sb)
            z = (mb - ma) / se if se > 0 else (0.0 if mb == ma else float("inf"))
            line += f" {mb:14.4f} ± {sb:7.4f} {z:8.2f}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
